import { diag } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { warnSetupOnce } from '../internal/setupWarning.js';
import { PartialExportError } from './partialExportError.js';
import { isRequestTooLarge } from './requestTooLarge.js';

/** Requests of the ceiling's size accepted in a row before the ceiling grows. */
const GROW_AFTER = 16;
/** How much the ceiling grows then: a quarter, so after a refusal it takes ~3 steps (48 requests) to double. */
const GROWTH = 1.25;

/** Options of {@link SplittingExporter}. */
export interface SplittingExporterOptions {
  /**
   * Longest time, ms, from the start of a batch's splitting during which its parts are sent:
   * no part starts after it (those left fail). The batch processor's export timeout: the
   * processor stops waiting for an export then and starts its next one, so a split batch that
   * went on would run beside the next ones, and with a slow receiver they would pile up. With
   * it, a split batch ends at most one request later, and only a few ever run at once.
   */
  deadlineMillis: number;
  /** The clock the deadline is read on (tests). Default `Date.now`. */
  now?: () => number;
}

/**
 * Wraps an OTLP exporter so that a batch the receiver refuses as too large (HTTP 413, or the
 * Collector's 400 "request body too large": {@link isRequestTooLarge}) is split in halves and
 * sent again, half after half, down to single records; a single record still refused fails
 * (counted in `failedExports`, and said once on stderr). Why: mlotel exports up to 2,048
 * records per request, and with prediction records of several KB that is over `mlotel
 * collect`'s 8 MiB and the Collector's 20 MiB limits: every such batch was refused whole,
 * and lost.
 *
 * It remembers a ceiling on the records per request: halved from the size of each refused
 * request, grown by a quarter after 16 accepted requests of its size, so a steady stream of
 * large records pays one refused request every ~50 requests, not one per batch. Below the
 * ceiling (always, until a first refusal) a batch goes through as one export with one extra
 * closure. The parts of a batch are sent one at a time, in order, within the deadline, and
 * nothing is queued: a part that fails for another reason (receiver down, abandoned at
 * shutdown) fails the parts after it at once. The batch's result comes once all its parts
 * are done: success when all were accepted, otherwise a failure carrying how many records
 * went out ({@link PartialExportError}). `forceFlush()` and `shutdown()` also wait for the
 * batches being split. Never throws.
 *
 * It does not estimate request sizes beforehand: that takes a walk of every record on each
 * export (about what serialising them costs again), and the SDK does not know the
 * receiver's limit anyway; the refusals teach it.
 * @example
 * const otlp = new SplittingExporter(new AbandonableExporter(exporter), { deadlineMillis: 10000 });
 * @internal
 */
export class SplittingExporter implements LogRecordExporter {
  private readonly inner: LogRecordExporter;
  private readonly deadlineMillis: number;
  private readonly now: () => number;
  /** Most records per request; unbounded until the receiver refused a request as too large. */
  private ceiling = Number.POSITIVE_INFINITY;
  /** Requests of `ceiling` records accepted since the ceiling last moved. */
  private acceptedAtCeiling = 0;
  /** The batches being sent in parts, each settling (never rejecting) with its result delivered. */
  private readonly splitting = new Set<Promise<void>>();
  private splitReported = false;

  constructor(inner: LogRecordExporter, options: SplittingExporterOptions) {
    this.inner = inner;
    this.deadlineMillis = options.deadlineMillis;
    this.now = options.now ?? Date.now;
  }

  /** The most records it puts in one request now (`Infinity` until a request was refused as too large). */
  get recordsPerRequest(): number {
    return this.ceiling;
  }

  export(logs: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    if (logs.length > this.ceiling) {
      this.exportInParts([logs], resultCallback);
      return;
    }
    this.send(logs, (result) => {
      if (logs.length > 1 && refusedAsTooLarge(result)) {
        this.lowerCeiling(logs.length);
        this.exportInParts(halves(logs), resultCallback);
        return;
      }
      this.noteResult(logs.length, result);
      resultCallback(result);
    });
  }

  forceFlush(): Promise<void> {
    // The inner flush first: a request it waits for may be refused, and its batch split.
    return this.inner.forceFlush().then(() => this.splitDone());
  }

  shutdown(): Promise<void> {
    return this.forceFlush().then(() => this.inner.shutdown());
  }

  /** Settles when the batches being split now have delivered their result. */
  private splitDone(): Promise<void> {
    return this.splitting.size === 0 ? Promise.resolve() : Promise.all(this.splitting).then(() => undefined);
  }

  private exportInParts(parts: ReadableLogRecord[][], resultCallback: (result: ExportResult) => void): void {
    const deliver = (result: ExportResult): void => {
      this.splitting.delete(done);
      try {
        resultCallback(result);
      } catch {
        // The processor's callback does not throw; if another caller's did, it must not
        // become an unhandled rejection in the app.
      }
    };
    // sendParts() does not reject (send() turns throws into failures); should it, the batch fails.
    const done: Promise<void> = this.sendParts(parts).then(deliver, (error: unknown) =>
      deliver({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) }));
    this.splitting.add(done);
  }

  /** Sends the parts one after another, splitting those too large; resolves with the batch's result. */
  private async sendParts(parts: ReadableLogRecord[][]): Promise<ExportResult> {
    const started = this.now();
    // A stack, last element next: halves and chunks go on top, so records keep their order.
    const stack = parts.reverse();
    let exported = 0;
    let failed = 0;
    let error: Error | undefined;
    for (let part = stack.pop(); part !== undefined; part = stack.pop()) {
      if (part.length > this.ceiling) {
        stack.push(...chunks(part, this.ceiling).reverse());
        continue;
      }
      if (this.now() - started > this.deadlineMillis) {
        failed += part.length + countRecords(stack);
        error ??= new Error(`mlotel: a batch split into smaller requests (the receiver refused it as too large) could not be sent within the export timeout of ${this.deadlineMillis} ms`);
        break;
      }
      const sending = part;
      const result = await new Promise<ExportResult>((resolve) => this.send(sending, resolve));
      if (result.code === ExportResultCode.SUCCESS) {
        exported += part.length;
        this.noteResult(part.length, result);
      } else if (part.length > 1 && refusedAsTooLarge(result)) {
        this.lowerCeiling(part.length);
        stack.push(...halves(part).reverse());
      } else if (refusedAsTooLarge(result)) {
        failed += 1;
        error ??= result.error;
        this.noteResult(1, result);
      } else {
        // Receiver down, timed out, abandoned at shutdown: the parts left would fare no
        // better, and waiting for each in turn would hold the batch long after its deadline.
        failed += part.length + countRecords(stack);
        error = result.error ?? error;
        break;
      }
    }
    if (failed === 0) return { code: ExportResultCode.SUCCESS };
    return { code: ExportResultCode.FAILED, error: exported === 0 ? (error ?? new Error('export failed')) : new PartialExportError(exported, failed, error) };
  }

  /** One export of the inner exporter, its result delivered once, a throw turned into a failure. */
  private send(logs: ReadableLogRecord[], done: (result: ExportResult) => void): void {
    let called = false;
    const once = (result: ExportResult): void => {
      if (called) return;
      called = true;
      done(result);
    };
    try {
      this.inner.export(logs, once);
    } catch (error) {
      once({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  /** A request of `size` records was refused as too large: at most half of it from now on. */
  private lowerCeiling(size: number): void {
    const ceiling = Math.min(this.ceiling, Math.ceil(size / 2));
    const first = !this.splitReported;
    this.splitReported = true;
    this.ceiling = ceiling;
    this.acceptedAtCeiling = 0;
    try {
      const text = `mlotel: the receiver refused a request of ${size} log records as too large; splitting it, and sending at most ${ceiling} records per request for now`;
      if (first) diag.info(text);
      else diag.debug(text);
    } catch {
      // a broken diag logger must not reach the app
    }
  }

  /** Grows the ceiling after enough requests of its size were accepted; says so once when one record alone is too large. */
  private noteResult(size: number, result: ExportResult): void {
    if (result.code === ExportResultCode.SUCCESS) {
      if (size < this.ceiling || ++this.acceptedAtCeiling < GROW_AFTER) return;
      this.ceiling = Math.ceil(this.ceiling * GROWTH);
      this.acceptedAtCeiling = 0;
    } else if (size === 1 && refusedAsTooLarge(result)) {
      warnSetupOnce(
        'record-too-large',
        `a log record alone is larger than the receiver accepts in one request (${describe(result.error)}), so it was not exported ` +
        `(counted in stats().failedExports; later ones too, without another warning). Raise the receiver's limit ` +
        `(mlotel collect --max-body, the OpenTelemetry Collector's max_request_body_size) or lower the payload budget (init({ payload })); see docs/production.md.`,
      );
    }
  }
}

function refusedAsTooLarge(result: ExportResult): boolean {
  return result.code !== ExportResultCode.SUCCESS && isRequestTooLarge(result.error);
}

function halves(logs: ReadableLogRecord[]): ReadableLogRecord[][] {
  const middle = Math.ceil(logs.length / 2);
  return [logs.slice(0, middle), logs.slice(middle)];
}

function chunks(logs: ReadableLogRecord[], size: number): ReadableLogRecord[][] {
  const out: ReadableLogRecord[][] = [];
  for (let start = 0; start < logs.length; start += size) out.push(logs.slice(start, start + size));
  return out;
}

function countRecords(parts: ReadableLogRecord[][]): number {
  let count = 0;
  for (const part of parts) count += part.length;
  return count;
}

function describe(error: Error | undefined): string {
  if (error === undefined) return 'refused';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? `HTTP ${code} ${error.message}` : error.message;
}
