import { context as otelContext, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_TYPE,
  ATTR_ML_MODEL_NAME,
  ATTR_ML_MODEL_VERSION,
  ATTR_ML_PREDICTION_CONFIDENCE,
  ATTR_ML_PREDICTION_ID,
  ATTR_ML_PREDICTION_LATENCY_MS,
  ATTR_ML_SAMPLING_RATE,
  EVENT_ML_PREDICTION,
} from './semconv.js';
import type { Logger, LogAttributesInput } from './logger.js';
import { exceptionAttributes } from './internal/exception.js';
import { reportInternalError, runtime } from './internal/runtime.js';
import { buildAttributes, type Attributes } from './internal/record.js';
import { field, setFiniteNumber } from './ml/eventFields.js';

// Literals so the level checks compile to a compare against a constant (as in logger.ts).
const DEBUG = 10;
const INFO = 20;
const ERROR = 40;

/** Name of the tracer that opens the `ml.predict <model>` spans. */
const TRACER_NAME = '@mlotel/sdk';

/** What {@link Logger.prediction} takes. */
export interface PredictionOptions {
  /** The prediction id (joins intermediates and feedback); a new random UUID when missing or not a string/number. */
  id?: string;
  /** The model input: body field `input`, shaped to the payload budget. */
  input?: unknown;
  /** The model output: body field `output`. */
  output: unknown;
  /** Latency in ms: attribute `ml.prediction.latency_ms` (ignored unless a finite number). */
  latencyMs?: number;
  /** Confidence 0..1: attribute `ml.prediction.confidence` (ignored unless a finite number). */
  confidence?: number;
  /** More record attributes (redacted like the body). */
  attributes?: LogAttributesInput;
}

/** What {@link Logger.startPrediction} takes. */
export interface StartPredictionOptions {
  /** The prediction id; a new random UUID when missing. */
  id?: string;
  /** The model input, read when the prediction ends (pass a copy if you reuse the buffer meanwhile). */
  input?: unknown;
  /** Attributes put on every record of the handle. */
  attributes?: LogAttributesInput;
}

/** What {@link PredictionHandle.end} takes. */
export interface EndPredictionOptions {
  /** The model output: body field `output`. */
  output: unknown;
  /** Confidence 0..1: attribute `ml.prediction.confidence`. */
  confidence?: number;
  /** More attributes for the prediction record (over those given at start). */
  attributes?: LogAttributesInput;
}

/**
 * A prediction in progress, from {@link Logger.startPrediction}. Every record it emits carries
 * `ml.prediction.id` and, when tracing is on, the ids of its `ml.predict <model>` span (else of
 * the span active at start). The first `end()` or `fail()` finishes it; later calls do nothing.
 * No method throws, whatever it is given.
 * @example
 * const p = log.startPrediction({ input: features });
 * try {
 *   const probs = model.predictProba(features);
 *   p.intermediate('probabilities', probs);
 *   p.end({ output: argmax(probs), confidence: Math.max(...probs) });
 * } catch (err) { p.fail(err); throw err; }
 */
export class PredictionHandle {
  /** The prediction id: return it to the client so feedback can quote it. */
  readonly id: string;
  /** @internal */ private readonly _logger: Logger;
  /** @internal */ private readonly _input: unknown;
  /** @internal Start attributes, copied once at start (undefined when none). */
  private readonly _attributes: Attributes | undefined;
  /** @internal performance.now() at start. */
  private readonly _start: number;
  /** @internal The span opened for the prediction, if tracing is on. */
  private readonly _span: Span | undefined;
  /** @internal The context records of this handle are emitted in. */
  private readonly _context: Context | undefined;
  /** @internal Sampling decision, made on the first record that needs it. */
  private _kept: boolean | undefined;
  /** @internal Whether end() or fail() was called. */
  private _done: boolean;

  /** @internal Use {@link Logger.startPrediction}. */
  constructor(logger: Logger, id: string, input: unknown, attributes: Attributes | undefined, start: number, span: Span | undefined, context: Context | undefined) {
    this.id = id;
    this._logger = logger;
    this._input = input;
    this._attributes = attributes;
    this._start = start;
    this._span = span;
    this._context = context;
    this._kept = undefined;
    this._done = false;
  }

  /**
   * Logs an intermediate result of this prediction (`ml.intermediate` at DEBUG, with the
   * prediction id). When DEBUG is off for the logger, `value` is not read at all.
   * @example p.intermediate('probabilities', [0.1, 0.8, 0.1])
   */
  intermediate(name: string, value: unknown): void {
    const logger = this._logger;
    if (DEBUG < logger._node.threshold) return;
    try {
      if (!this._keep()) return;
      logger._intermediate(name, value, this._attributes, this.id, this._context);
    } catch (e) {
      reportInternalError('PredictionHandle.intermediate()', e);
    }
  }

  /**
   * Finishes the prediction: one `ml.prediction` record at INFO with body `{ input, output }`,
   * `ml.prediction.latency_ms` measured since start, `ml.prediction.confidence` when given and
   * `ml.sampling.rate`. Ends the span. Only the first end()/fail() counts.
   * @example p.end({ output: 'setosa', confidence: 0.93 })
   */
  end(result: EndPredictionOptions): void {
    const ml = this._finish(INFO);
    if (ml === undefined) return;
    try {
      const logger = this._logger;
      const output = field(result, 'output');
      setFiniteNumber(ml, ATTR_ML_PREDICTION_CONFIDENCE, field(result, 'confidence'));
      if (this._span !== undefined) this._endSpan(ml, undefined);
      if (INFO < logger._node.threshold || !this._keep()) return;
      ml[ATTR_ML_SAMPLING_RATE] = logger._settings().sampler.rate;
      logger._emitMl(INFO, EVENT_ML_PREDICTION, { input: this._input, output }, ml, this._mergedAttributes(field(result, 'attributes')), this._context);
    } catch (e) {
      reportInternalError('PredictionHandle.end()', e);
    }
  }

  /**
   * Finishes the prediction as failed: an `ml.prediction` record at **ERROR** with body
   * `{ input }` (no `output`), `exception.*` and `error.type` from `error`, the prediction id,
   * the latency and `ml.sampling.rate` (the configured rate, although this record is kept
   * whatever the rate). Never sampled out. Marks the span as errored and ends it. `error` may be
   * anything that can be thrown.
   * @example catch (err) { p.fail(err) }
   */
  fail(error: unknown): void {
    const ml = this._finish(ERROR);
    if (ml === undefined) return;
    try {
      exceptionAttributes(error, ml);
      ml[ATTR_ERROR_TYPE] = ml[ATTR_EXCEPTION_TYPE];
      if (this._span !== undefined) this._endSpan(ml, error);
      if (ERROR < this._logger._node.threshold) return;
      // ERROR and above are always kept, whatever sampling decided for this id.
      ml[ATTR_ML_SAMPLING_RATE] = this._logger._settings().sampler.rate;
      this._logger._emitMl(ERROR, EVENT_ML_PREDICTION, { input: this._input }, ml, this._attributes, this._context);
    } catch (e) {
      reportInternalError('PredictionHandle.fail()', e);
    }
  }

  /**
   * Marks the prediction finished (the first end()/fail() only) and gives the attributes every
   * final record starts from: the id and the latency since start. Undefined when there is nothing
   * to do: already finished, or `level` is off for the logger and there is no span to end.
   */
  private _finish(level: number): Attributes | undefined {
    if (this._done) return undefined;
    this._done = true;
    const latencyMs = performance.now() - this._start;
    if (level < this._logger._node.threshold && this._span === undefined) return undefined;
    return { [ATTR_ML_PREDICTION_ID]: this.id, [ATTR_ML_PREDICTION_LATENCY_MS]: latencyMs };
  }

  /** Whether records of this prediction pass sampling; counts the ones that do not. */
  private _keep(): boolean {
    let kept = this._kept;
    if (kept === undefined) kept = this._kept = this._logger._settings().sampler.keep(this.id);
    if (!kept) runtime.counters.sampledOut++;
    return kept;
  }

  private _mergedAttributes(extra: unknown): unknown {
    if (extra === undefined || extra === null) return this._attributes;
    if (this._attributes === undefined) return extra;
    // Not redacted here: _emitMl() redacts the merged attributes once.
    return buildAttributes(this._attributes, extra, true, undefined);
  }

  private _endSpan(ml: Attributes, error: unknown): void {
    const span = this._span as Span;
    try {
      const latency = ml[ATTR_ML_PREDICTION_LATENCY_MS] as number;
      span.setAttribute(ATTR_ML_PREDICTION_LATENCY_MS, latency);
      const confidence = ml[ATTR_ML_PREDICTION_CONFIDENCE];
      if (typeof confidence === 'number') span.setAttribute(ATTR_ML_PREDICTION_CONFIDENCE, confidence);
      if (error !== undefined) {
        span.setAttribute(ATTR_ERROR_TYPE, ml[ATTR_ERROR_TYPE] as string);
        if (error instanceof Error) span.recordException(error);
        const message = ml['exception.message'];
        span.setStatus({ code: SpanStatusCode.ERROR, ...(typeof message === 'string' ? { message } : {}) });
      }
    } finally {
      span.end();
    }
  }
}

/**
 * Opens the `ml.predict <model>` span of a prediction when a tracer provider is registered
 * (e.g. `init({ tracing: true })`), as a child of the active span. Returns nothing when tracing
 * is off or the span is not recording (then the records use the active span). Never throws.
 * @internal
 */
export function startPredictionSpan(bound: Attributes | undefined, id: string): { span: Span; context: Context } | undefined {
  try {
    const model = bound?.[ATTR_ML_MODEL_NAME];
    const name = typeof model === 'string' ? `ml.predict ${model}` : 'ml.predict';
    const parent = otelContext.active();
    const span = trace.getTracer(TRACER_NAME).startSpan(name, undefined, parent);
    if (!span.isRecording()) {
      span.end();
      return undefined;
    }
    span.setAttribute(ATTR_ML_PREDICTION_ID, id);
    if (typeof model === 'string') span.setAttribute(ATTR_ML_MODEL_NAME, model);
    const version = bound?.[ATTR_ML_MODEL_VERSION];
    if (typeof version === 'string') span.setAttribute(ATTR_ML_MODEL_VERSION, version);
    return { span, context: trace.setSpan(parent, span) };
  } catch (e) {
    reportInternalError('startPrediction() span', e);
    return undefined;
  }
}
