import { context as otelContext, type Context } from '@opentelemetry/api';
import type { OtelLogRecord } from './otelLogs.js';
import {
  ATTR_EVENT_NAME,
  ATTR_EXCEPTION_TYPE,
  ATTR_ML_INTERMEDIATE_NAME,
  ATTR_ML_PAYLOAD_SHAPED,
  ATTR_ML_PREDICTION_CONFIDENCE,
  ATTR_ML_PREDICTION_ID,
  ATTR_ML_PREDICTION_LATENCY_MS,
  ATTR_ML_SAMPLING_RATE,
  EVENT_ML_FEEDBACK,
  EVENT_ML_INPUT,
  EVENT_ML_INTERMEDIATE,
  EVENT_ML_PREDICTION,
} from './semconv.js';
import { getLevelName, levelNamesVersion, lookupLevel, parseLevel, type LevelInput } from './levels.js';
import { toSeverityNumber, toSeverityText } from './severity.js';
import { modelAttributes, MODEL_ATTRIBUTE_PREFIX, type ModelContext } from './modelContext.js';
import { effectiveLevel, LoggerNode, nodeFor, ROOT_LOGGER_NAME, setNodeLevel } from './internal/hierarchy.js';
import { admitRecord, reportInternalError, runtime } from './internal/runtime.js';
import { exceptionAttributes, isErrorLike } from './internal/exception.js';
import { safeString } from './internal/sanitize.js';
import { describeValue } from './internal/describe.js';
import { bodyFromMessage, buildAttributes, sanitizeBody, type Attributes } from './internal/record.js';
import { mergePayloadOverrides, resolvePayloadOverride, withPayloadOverride, type MlSettings, type PayloadOverride } from './ml/mlSettings.js';
import type { PayloadSettings } from './ml/payloadOptions.js';
import { shapeBody } from './ml/payload.js';
import { newPredictionId } from './ml/predictionId.js';
import { field, idString, nameString, predictionIdIn, setFiniteNumber } from './ml/eventFields.js';
import {
  PredictionHandle,
  startPredictionSpan,
  type PredictionOptions,
  type StartPredictionOptions,
} from './predictionHandle.js';

// Literals rather than Level.X so the disabled check compiles to a compare against a constant.
const DEBUG = 10;
const INFO = 20;
const WARNING = 30;
const ERROR = 40;
const CRITICAL = 50;

/**
 * Attributes passed to a log call: a map of values. Anything is accepted, sanitised and
 * redacted (the default key list and the `redact` option of `init()`, see `docs/sdk.md`); an
 * Error under `err` or `error` becomes exception.*.
 */
export type LogAttributesInput = Record<string, unknown>;

/** What {@link Logger.feedback} takes. */
export interface FeedbackOptions {
  /** The id of the prediction this is the ground truth for (attribute `ml.prediction.id`). */
  predictionId: string;
  /** The true outcome: body field `actual`. */
  actual: unknown;
  /** More record attributes (redacted like the body). */
  attributes?: LogAttributesInput;
}

/**
 * A named logger, as in Python `logging`: dotted names form a hierarchy, the effective level
 * is the nearest ancestor's that is set, the root defaults to INFO. The instrumentation scope
 * of every record is the logger's name. Get one with {@link getLogger}.
 * ML events: {@link Logger.prediction}, {@link Logger.startPrediction},
 * {@link Logger.intermediate}, {@link Logger.feedback}, {@link Logger.input}.
 *
 * No logging method throws or returns a rejected promise, whatever it is given; a call
 * below the effective level costs one comparison and allocates nothing.
 * @example
 * const log = getLogger('demo.scoring');
 * log.info('scored', { rows: 3 });
 */
export class Logger {
  /** The logger's dotted name, also the instrumentation scope name of its records. */
  readonly name: string;
  /** @internal Shared by every logger of this name (children included): level and OTel logger. */
  readonly _node: LoggerNode;
  /** @internal Attributes bound by child()/withModel() along this logger's chain (sanitised). */
  readonly _own: Attributes | undefined;
  /** @internal Whether withModel() was used along the chain (then init's default model is not added). */
  readonly _hasModel: boolean;
  /** @internal What every record of this logger carries: default model (if none bound) + own. */
  _bound: Attributes | undefined;
  /** @internal runtime.generation when _bound was computed. */
  _generation: number;
  /** @internal Payload fields set by withPayload() along this logger's chain. */
  readonly _payload: PayloadOverride | undefined;
  /** @internal init()'s ML settings with _payload on top, recomputed with _bound. */
  _ml: MlSettings;

  /** @internal Use {@link getLogger}, {@link Logger.child}, {@link Logger.withModel} or {@link Logger.withPayload}. */
  constructor(node: LoggerNode, own: Attributes | undefined, hasModel: boolean, payload?: PayloadOverride) {
    this.name = node.name;
    this._node = node;
    this._own = own;
    this._hasModel = hasModel;
    this._payload = payload;
    this._bound = undefined;
    this._generation = -1;
    this._ml = runtime.ml;
    this._refresh();
  }

  /**
   * Sets this logger's level (a name, a numeric string or a number); `NOTSET` makes it inherit
   * again. Throws {@link ConfigError} for a level it does not know: a setup error, never later.
   * @example getLogger('demo.scoring').setLevel('DEBUG')
   */
  setLevel(level: LevelInput): void {
    setNodeLevel(this._node, parseLevel(level, `setLevel(${describeValue(this.name)})`));
  }

  /**
   * The level records must reach to be emitted: this logger's own if set, else its nearest
   * ancestor's, else the root's.
   * @example getLogger('a.b').getEffectiveLevel() // 20 with defaults
   */
  getEffectiveLevel(): number {
    return effectiveLevel(this._node);
  }

  /**
   * Whether a record at `level` would be emitted. False for anything that is not a number
   * at or above the effective level, and always false when the SDK is disabled.
   * @example if (log.isEnabledFor(Level.DEBUG)) log.debug('tensor', { t: expensive() })
   */
  isEnabledFor(level: number): boolean {
    return typeof level === 'number' && level >= this._node.threshold;
  }

  /** Logs at DEBUG (10). Never throws. @example log.debug('cache miss', { key }) */
  debug(message?: unknown, attributes?: LogAttributesInput): void {
    this._at(DEBUG, message, attributes);
  }

  /** Logs at INFO (20). Never throws. @example log.info('request handled', { route: '/predict' }) */
  info(message?: unknown, attributes?: LogAttributesInput): void {
    this._at(INFO, message, attributes);
  }

  /** Logs at WARNING (30). Never throws. @example log.warning('slow model', { ms: 900 }) */
  warning(message?: unknown, attributes?: LogAttributesInput): void {
    this._at(WARNING, message, attributes);
  }

  /** Alias of {@link Logger.warning}. @example log.warn('retrying') */
  warn(message?: unknown, attributes?: LogAttributesInput): void {
    this.warning(message, attributes);
  }

  /** Logs at ERROR (40). An Error under `err`/`error` becomes exception.*. @example log.error('failed', { err }) */
  error(message?: unknown, attributes?: LogAttributesInput): void {
    this._at(ERROR, message, attributes);
  }

  /** Logs at CRITICAL (50). Never throws. @example log.critical('model file missing') */
  critical(message?: unknown, attributes?: LogAttributesInput): void {
    this._at(CRITICAL, message, attributes);
  }

  /** Alias of {@link Logger.critical}. @example log.fatal('cannot start') */
  fatal(message?: unknown, attributes?: LogAttributesInput): void {
    this.critical(message, attributes);
  }

  /**
   * Logs at ERROR with `exception.type`, `exception.message` and `exception.stacktrace`
   * (causes included) taken from `error`, which may be anything that can be thrown.
   * Never throws.
   * @example try { score() } catch (err) { log.exception('scoring failed', err, { rows }) }
   */
  exception(message: unknown, error: unknown, attributes?: LogAttributesInput): void {
    if (ERROR < this._node.threshold) return;
    try {
      if (!admitRecord()) return;
      if (this._generation !== runtime.generation) this._refresh();
      const redactor = this._ml.redactor;
      const attrs = buildAttributes(this._bound, attributes, true, redactor) as Attributes;
      exceptionAttributes(error, attrs);
      this._write(ERROR, bodyFromMessage(message, redactor), attrs, undefined, undefined);
    } catch (e) {
      reportInternalError('exception()', e);
    }
  }

  /**
   * Logs at any level: a number (custom levels welcome) or a level name. An unknown name is
   * dropped and reported to the OTel diag logger, never thrown.
   * @example log.log(25, 'model reloaded')
   */
  log(level: LevelInput, message?: unknown, attributes?: LogAttributesInput): void {
    const value = typeof level === 'number' ? level : lookupLevel(level);
    if (value === undefined) {
      reportInternalError('log() with an unknown level', new Error(`unknown level ${safeString(() => String(level))}`));
      return;
    }
    if (!(value >= this._node.threshold)) return;
    this._emit(value, message, attributes);
  }

  /**
   * A logger of the same name (same level) whose records all carry `attributes` too. The
   * attributes are sanitised and merged once, here, and redacted once per `init()` (so the
   * `redact` option of a later `init()` applies), not on every call. Never throws.
   * @example const reqLog = log.child({ route: '/predict', 'request.id': id })
   */
  child(attributes: LogAttributesInput): Logger {
    try {
      // Not redacted here: _refresh() redacts what the logger binds, with the settings in force.
      const own = buildAttributes(this._own, attributes, true, undefined);
      return new Logger(this._node, own, this._hasModel, this._payload);
    } catch (e) {
      reportInternalError('child()', e);
      return this;
    }
  }

  /**
   * A logger of the same name bound to a model: every record carries `ml.model.name`,
   * `ml.model.version` (and `ml.model.stage`, `ml.model.framework`, `ml.model.<extra>`),
   * replacing any model bound before. Never throws.
   * @example const mlog = log.withModel({ name: 'iris', version: 'v2', stage: 'canary' })
   */
  withModel(model: ModelContext): Logger {
    try {
      const own: Attributes = {};
      if (this._own !== undefined) {
        for (const key of Object.keys(this._own)) {
          if (!key.startsWith(MODEL_ATTRIBUTE_PREFIX)) own[key] = this._own[key];
        }
      }
      Object.assign(own, modelAttributes(model));
      return new Logger(this._node, own, true, this._payload);
    } catch (e) {
      reportInternalError('withModel()', e);
      return this;
    }
  }

  /**
   * A logger of the same name whose ML events use these payload options, field by field over
   * `init({ payload })` (and over an earlier withPayload() along the chain): top-level limits for
   * `ml.intermediate`/`ml.input`, `dataset` for `ml.prediction`/`ml.feedback`, `mode` for all.
   * child() and withModel() keep them. A setup call: throws {@link ConfigError} for a bad value,
   * as `init()` would, naming `withPayload(...).<field>`.
   * @example const tensors = log.withPayload({ mode: 'summary', maxBytes: 2048, dataset: { maxBytes: 16384 } })
   */
  withPayload(options: PayloadSettings): Logger {
    const override = resolvePayloadOverride(options, `getLogger(${JSON.stringify(this.name)}).withPayload(...)`);
    return new Logger(this._node, this._own, this._hasModel, mergePayloadOverrides(this._payload, override));
  }

  /**
   * Logs a prediction: an `ml.prediction` event at INFO with body `{ input, output }` (shaped to
   * the dataset payload budget, redacted) and attributes `ml.prediction.id`,
   * `ml.prediction.latency_ms`, `ml.prediction.confidence`, `ml.sampling.rate` (and
   * `ml.payload.shaped` when shaping changed the body). Returns the id: the one given, else a new
   * random UUID (also when INFO is off or sampling drops the record). Never throws.
   * @example const id = mlog.prediction({ input: { petal_length: 1.4 }, output: 'setosa', confidence: 0.97, latencyMs: 2.1 })
   */
  prediction(prediction: PredictionOptions): string {
    const id = idString(field(prediction, 'id')) ?? newPredictionId();
    if (INFO < this._node.threshold) return id;
    try {
      const sampler = this._settings().sampler;
      if (!sampler.keep(id)) {
        runtime.counters.sampledOut++;
        return id;
      }
      const ml: Attributes = { [ATTR_ML_PREDICTION_ID]: id, [ATTR_ML_SAMPLING_RATE]: sampler.rate };
      setFiniteNumber(ml, ATTR_ML_PREDICTION_LATENCY_MS, field(prediction, 'latencyMs'));
      setFiniteNumber(ml, ATTR_ML_PREDICTION_CONFIDENCE, field(prediction, 'confidence'));
      const body = { input: field(prediction, 'input'), output: field(prediction, 'output') };
      this._emitMl(INFO, EVENT_ML_PREDICTION, body, ml, field(prediction, 'attributes'), undefined);
    } catch (e) {
      reportInternalError('prediction()', e);
    }
    return id;
  }

  /**
   * Starts a prediction whose latency is measured for you: the handle's `end({ output })` logs
   * the `ml.prediction` record, `fail(err)` an ERROR one, `intermediate(name, value)` its
   * intermediate results; all carry its id. When a tracer provider is registered (e.g.
   * `init({ tracing: true })`) it opens a child span `ml.predict <model>`, ended by end()/fail(),
   * whose ids the handle's records carry. `input` is read at end()/fail(). Never throws.
   * @example
   * const p = mlog.startPrediction({ input: features });
   * p.end({ output: 'setosa', confidence: 0.93 });
   */
  startPrediction(options?: StartPredictionOptions): PredictionHandle {
    const start = performance.now();
    const id = idString(field(options, 'id')) ?? newPredictionId();
    let input: unknown;
    let attributes: Attributes | undefined;
    let span: ReturnType<typeof startPredictionSpan>;
    try {
      if (this._generation !== runtime.generation) this._refresh();
      input = field(options, 'input');
      const given = field(options, 'attributes');
      // Copied (and sanitised) once, so later changes by the caller do not leak into the records.
      // Redacted when each record is emitted (_emitMl), once.
      if (given !== undefined && given !== null) attributes = buildAttributes(undefined, given, true, undefined);
      span = startPredictionSpan(this._bound, id);
    } catch (e) {
      reportInternalError('startPrediction()', e);
    }
    return new PredictionHandle(this, id, input, attributes, start, span?.span, span !== undefined ? span.context : otelContext.active());
  }

  /**
   * Logs an intermediate result (`ml.intermediate` at DEBUG, body `{ name, value }`, attribute
   * `ml.intermediate.name`). When DEBUG is off for this logger, `value` is not touched at all.
   * An `ml.prediction.id` in `attributes` ties it to a prediction (and to its sampling
   * decision); {@link PredictionHandle.intermediate} does that for you. Never throws.
   * @example mlog.intermediate('embedding', vector, { 'ml.prediction.id': id })
   */
  intermediate(name: string, value: unknown, attributes?: LogAttributesInput): void {
    if (DEBUG < this._node.threshold) return;
    try {
      const id = predictionIdIn(attributes);
      if (id !== undefined && !this._settings().sampler.keep(id)) {
        runtime.counters.sampledOut++;
        return;
      }
      this._intermediate(name, value, attributes, undefined, undefined);
    } catch (e) {
      reportInternalError('intermediate()', e);
    }
  }

  /**
   * Logs the ground truth for an earlier prediction (`ml.feedback` at INFO, body `{ actual }`
   * under the dataset payload budget, attribute `ml.prediction.id`). Never sampled out: a
   * labelling process need not share the predictions' sampling settings, and failed predictions
   * (always kept) keep their labels; the dataset builder drops labels whose prediction is absent.
   * Never throws.
   * @example log.feedback({ predictionId: id, actual: 'versicolor' })
   */
  feedback(feedback: FeedbackOptions): void {
    if (INFO < this._node.threshold) return;
    try {
      const id = idString(field(feedback, 'predictionId'));
      const ml: Attributes = {};
      if (id !== undefined) ml[ATTR_ML_PREDICTION_ID] = id;
      this._emitMl(INFO, EVENT_ML_FEEDBACK, { actual: field(feedback, 'actual') }, ml, field(feedback, 'attributes'), undefined);
    } catch (e) {
      reportInternalError('feedback()', e);
    }
  }

  /**
   * Logs a model input on its own (`ml.input` at DEBUG, body `{ input }`), e.g. before
   * validation. Not read at all when DEBUG is off. An `ml.prediction.id` in `attributes` ties
   * it to a prediction and its sampling decision. Never throws.
   * @example mlog.input(rawRequestBody, { 'ml.prediction.id': id })
   */
  input(input: unknown, attributes?: LogAttributesInput): void {
    if (DEBUG < this._node.threshold) return;
    try {
      const id = predictionIdIn(attributes);
      if (id !== undefined && !this._settings().sampler.keep(id)) {
        runtime.counters.sampledOut++;
        return;
      }
      this._emitMl(DEBUG, EVENT_ML_INPUT, { input }, {}, attributes, undefined);
    } catch (e) {
      reportInternalError('input()', e);
    }
  }

  /**
   * @internal An intermediate record; level and sampling were checked by the caller. `id` is the
   * prediction's when logged through a handle.
   */
  _intermediate(name: unknown, value: unknown, attributes: unknown, id: string | undefined, context: Context | undefined): void {
    const text = nameString(name);
    const ml: Attributes = { [ATTR_ML_INTERMEDIATE_NAME]: text };
    if (id !== undefined) ml[ATTR_ML_PREDICTION_ID] = id;
    this._emitMl(DEBUG, EVENT_ML_INTERMEDIATE, { name: text, value }, ml, attributes, context);
  }

  /** @internal The ML settings in force for this logger (init()'s, with its payload override). */
  _settings(): MlSettings {
    if (this._generation !== runtime.generation) this._refresh();
    return this._ml;
  }

  /**
   * @internal Writes one ML event record; the level and sampling were checked by the caller.
   * The body fields are shaped and redacted in one walk, under the dataset budget for
   * `ml.prediction`/`ml.feedback` and the compact one otherwise; the caller's `attributes` are
   * sanitised and redacted; `ml` (ids and numbers the SDK computed) goes on top, then
   * `ml.payload.shaped` when shaping changed the body (a caller's own value of it is dropped).
   * Never throws.
   */
  _emitMl(level: number, eventName: string, fields: Record<string, unknown>, ml: Attributes, attributes: unknown, context: Context | undefined): void {
    try {
      if (!admitRecord()) return;
      const settings = this._settings();
      const redactor = settings.redactor;
      const budget = eventName === EVENT_ML_PREDICTION || eventName === EVENT_ML_FEEDBACK ? settings.datasetPayload : settings.payload;
      const shaped: string[] = [];
      const body = shapeBody(fields, budget, redactor, shaped);
      const attrs = buildAttributes(this._bound, attributes, true, redactor) as Attributes;
      Object.assign(attrs, ml);
      if (shaped.length > 0) attrs[ATTR_ML_PAYLOAD_SHAPED] = shaped;
      else if (attrs[ATTR_ML_PAYLOAD_SHAPED] !== undefined) delete attrs[ATTR_ML_PAYLOAD_SHAPED];
      attrs[ATTR_EVENT_NAME] = eventName;
      this._write(level, body, attrs, eventName, context);
    } catch (e) {
      reportInternalError(`${eventName} emit`, e);
    }
  }

  /**
   * @internal Seam for the ML events (prediction, intermediate, feedback, input): emits an
   * event record at `level` with `eventName` (as the LogRecord eventName and the `event.name`
   * attribute), `body` (sanitised and redacted if needed), the bound/model attributes plus
   * `attributes` (redacted), and an explicit OTel `context` when given (else the active one,
   * for trace ids).
   * Returns false, having done nothing, when `level` is below the effective level; true
   * otherwise, also when mlotel's full batch queue refused the record before it was built
   * (then counted emitted and dropped). Counts in stats().emitted. Never throws.
   */
  _emitEvent(level: number, eventName: string, body: unknown, attributes?: Attributes, context?: Context): boolean {
    if (!(level >= this._node.threshold)) return false;
    try {
      if (!admitRecord()) return true;
      if (this._generation !== runtime.generation) this._refresh();
      const redactor = this._ml.redactor;
      const attrs = buildAttributes(this._bound, attributes, true, redactor) as Attributes;
      attrs[ATTR_EVENT_NAME] = eventName;
      this._write(level, sanitizeBody(body, redactor), attrs, eventName, context);
    } catch (e) {
      reportInternalError('event emit', e);
    }
    return true;
  }

  /**
   * @internal The level methods: one compare against the threshold when `level` is off (V8 inlines
   * this into each of them, so the constant level makes it a compare against a constant).
   */
  _at(level: number, message: unknown, attributes: unknown): void {
    if (level < this._node.threshold) return;
    this._emit(level, message, attributes);
  }

  /** @internal Builds and writes one ordinary record; the level was checked by the caller. */
  _emit(level: number, message: unknown, attributes: unknown): void {
    try {
      if (!admitRecord()) return;
      if (this._generation !== runtime.generation) this._refresh();
      const redactor = this._ml.redactor;
      if (typeof message === 'string' || !isErrorLike(message)) {
        this._write(level, bodyFromMessage(message, redactor), buildAttributes(this._bound, attributes, false, redactor), undefined, undefined);
        return;
      }
      // log.error(err): the Error is the message; its exception.* join the attributes
      // unless the attributes carry their own error.
      const attrs = buildAttributes(this._bound, attributes, true, redactor) as Attributes;
      if (attrs[ATTR_EXCEPTION_TYPE] === undefined) exceptionAttributes(message, attrs);
      this._write(level, bodyFromMessage(message, redactor), attrs, undefined, undefined);
    } catch (e) {
      reportInternalError('emit', e);
    }
  }

  /** @internal Hands one record to the OTel logger and counts it. May throw; callers catch. */
  _write(level: number, body: unknown, attributes: Attributes | undefined, eventName: string | undefined, context: Context | undefined): void {
    const cached = level >= 0 && level < CACHED_LEVELS && (level | 0) === level;
    if (textCacheKey !== levelNamesVersion() * 2 + (runtime.severityTextMode === 'otel' ? 1 : 0)) resetSeverityCache();
    const record: OtelLogRecord = {
      severityNumber: cached ? numberCache[level] as number : toSeverityNumber(level),
      severityText: cached ? textCache[level] ?? severityTextFor(level) : severityTextFor(level),
      body,
      attributes,
    };
    // Only set when given: sdk-logs spreads the record over its own context, so an explicit
    // `context: undefined` would erase the active span.
    if (eventName !== undefined) record.eventName = eventName;
    if (context !== undefined) record.context = context;
    this._node.otelLogger().emit(record);
    if (!runtime.pipelineCountsEmitted) runtime.counters.emitted++;
  }

  /** @internal Recomputes what every record carries after init()/shutdown() changed the defaults. */
  _refresh(): void {
    // Identity (only with the app's provider), then the default model, then what this logger
    // bound: later ones win. Merged and redacted here, once per init()/shutdown(), never per
    // record; buildAttributes() then redacts only the call's attributes.
    const parts: Attributes[] = [];
    if (runtime.identityAttributes !== undefined) parts.push(runtime.identityAttributes as Attributes);
    if (!this._hasModel && runtime.defaultModelAttributes !== undefined) parts.push(runtime.defaultModelAttributes as Attributes);
    if (this._own !== undefined) parts.push(this._own);
    this._ml = withPayloadOverride(runtime.ml, this._payload);
    const bound = parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : Object.assign({}, ...parts);
    const redactor = this._ml.redactor;
    this._bound = bound !== undefined && redactor.enabled ? redactor(bound) : bound;
    this._generation = runtime.generation;
  }
}

// severityNumber and severityText per integer level 0..63, the text rebuilt when a level name
// or the text mode changes: a Map lookup and a string compare per record showed up in the bench.
const CACHED_LEVELS = 64;
const numberCache: number[] = Array.from({ length: CACHED_LEVELS }, (_, level) => toSeverityNumber(level));
let textCache: Array<string | undefined> = [];
let textCacheKey = -1;

function resetSeverityCache(): void {
  textCache = new Array<string | undefined>(CACHED_LEVELS).fill(undefined);
  textCacheKey = levelNamesVersion() * 2 + (runtime.severityTextMode === 'otel' ? 1 : 0);
}

/** The severityText of a level (cached for 0..63). The caller has checked the cache key. */
function severityTextFor(level: number): string {
  const cacheable = level >= 0 && level < CACHED_LEVELS && (level | 0) === level;
  let text = cacheable ? textCache[level] : undefined;
  if (text === undefined) {
    text = toSeverityText(getLevelName(level), runtime.severityTextMode);
    if (cacheable) textCache[level] = text;
  }
  return text;
}

const loggers = new Map<string, Logger>();

/**
 * The logger for a dotted name (the root logger, named `root`, when omitted or empty).
 * The same name always gives the same instance. Works before `init()`: records then go to
 * whatever global OTel LoggerProvider is registered (none: nowhere). Never throws.
 * @example const log = getLogger('demo.scoring')
 */
export function getLogger(name?: string): Logger {
  const key = typeof name === 'string' && name !== '' ? name
    : name === undefined || name === null || name === '' ? ROOT_LOGGER_NAME : safeString(() => String(name));
  let logger = loggers.get(key);
  if (logger === undefined) {
    logger = new Logger(nodeFor(key), undefined, false);
    loggers.set(key, logger);
  }
  return logger;
}
