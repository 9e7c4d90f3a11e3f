/**
 * The receiver's write pipeline. Decoded batches (or, from the protobuf fast path, finished
 * lines) go through ONE first-in first-out queue: on a
 * later event-loop turn (after the export response has left) each is turned into its JSON
 * line(s), appended to the files in arrival order, counted and printed. Encoding a 2,048-record
 * batch to JSON takes milliseconds; doing it after the response lets the sender build its
 * next batch meanwhile instead of waiting (OTel's batch processor keeps one export in
 * flight, so every millisecond before the answer is lost throughput).
 *
 * Bounded: `pendingBytes` covers the lines not yet encoded (estimated by the caller) and
 * those encoded but not yet written, so the receiver can refuse work (503) before memory
 * grows; `waitingBytes` covers only the not-yet-encoded ones, whose decoded objects weigh
 * several times their line, so the receiver can stop acknowledging early when it is behind.
 */
import { WriteError, type AppendFile } from './appendFile.js';
import { selectMlEvents } from './mlEvents.js';
import type { RecordPrinter } from './recordPrinter.js';
import type { LogsData, Signal, TracesData } from '../otlp/types.js';

/** The three files a receiver appends to. */
export interface ReceiverFiles {
  logs: AppendFile;
  traces: AppendFile;
  ml: AppendFile;
}

/** Counters the writer advances once a batch's lines are written, or could not be. */
export interface WrittenCounts {
  logRecords: number;
  spans: number;
  /** Log records and spans of batches whose write failed (ENOSPC...): none of them is in a file. */
  unwrittenRecords: number;
}

/** What a deferred batch's conversion gives: its finished logs line, or decoded objects. */
export type ConvertedBatch = { line: Buffer; records: number } | { data: LogsData | TracesData };

/**
 * A deferred batch's conversion threw after the batch was answered 200: it is lost. The
 * receiver only defers bodies its validating walk vouched for, so this means the walk and
 * the decoder disagree (a bug), and it is counted apart from write errors.
 */
export class ConversionError extends Error {
  constructor(cause: unknown) {
    super(`could not convert an accepted batch: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

interface Batch {
  signal: Signal;
  /** A deferred batch's conversion, run at its turn to write; `undefined` once converted. */
  convert: (() => ConvertedBatch) | undefined;
  /** Decoded objects, encoded when written; or `undefined` when `line` is already built. */
  data: LogsData | TracesData | undefined;
  /** A logs batch's finished line (protobuf fast path) and its record count. */
  line: Buffer | undefined;
  records: number;
  estimatedBytes: number;
  done: (err?: unknown) => void;
}

function countLogRecords(data: LogsData): number {
  let n = 0;
  for (const rl of data.resourceLogs ?? []) for (const sl of rl.scopeLogs ?? []) n += sl.logRecords?.length ?? 0;
  return n;
}

function countSpans(data: TracesData): number {
  let n = 0;
  for (const rs of data.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) n += ss.spans?.length ?? 0;
  return n;
}

/** Encodes and appends decoded batches in arrival order, off the response path. */
export class BatchWriter {
  private readonly queue: Batch[] = [];
  private head = 0;
  private waiting = 0;
  private scheduled = false;
  private idle: Array<() => void> = [];
  private failing = false;

  /**
   * @param files where lines go (appended in the order batches were enqueued).
   * @param counts advanced when a batch's lines are written.
   * @param printer prints written log records; `undefined` when quiet (no per-record work).
   */
  constructor(
    private readonly files: ReceiverFiles,
    private readonly counts: WrittenCounts,
    private readonly printer: RecordPrinter | undefined,
  ) {}

  /** Estimated bytes of lines accepted but not yet written (encoded or not). */
  get pendingBytes(): number {
    return this.waiting + this.files.logs.pendingBytes + this.files.traces.pendingBytes + this.files.ml.pendingBytes;
  }

  /**
   * Whether the last write failed (a full disk): until one succeeds again, the receiver must
   * not answer a batch before it is written, so a failure can still be answered 503.
   */
  get lastWriteFailed(): boolean {
    return this.failing;
  }

  /** Estimated line bytes of batches not yet encoded (their decoded objects are in memory). */
  get waitingBytes(): number {
    return this.waiting;
  }

  /**
   * Queues a decoded batch; `estimatedBytes` is a guess of its line length, counted in the
   * pending bytes until the real line replaces it. Resolves once its lines are written,
   * rejects with the fs error (ENOSPC...) when a write fails. A batch without records
   * writes nothing and resolves at once.
   * @example await writer.enqueue('logs', decodeLogsProtobuf(body), body.length * 3)
   */
  enqueue(signal: Signal, data: LogsData | TracesData, estimatedBytes: number): Promise<void> {
    return this.push(signal, data, undefined, 0, estimatedBytes, undefined);
  }

  /**
   * Queues a batch still to be converted: `convert` runs at the batch's turn, after the
   * answer has left (so the sender's next batch overlaps with it), and its line(s) are
   * written in queue order like any other batch. `estimatedBytes` as for {@link enqueue}.
   * Resolves once written; rejects with a {@link ConversionError} when `convert` throws, or
   * with the fs error when a write fails.
   * @example writer.enqueueDeferred('logs', () => ({ data: decodeLogsProtobuf(body) }), body.length * 3)
   */
  enqueueDeferred(signal: Signal, convert: () => ConvertedBatch, estimatedBytes: number): Promise<void> {
    return this.push(signal, undefined, undefined, 0, estimatedBytes, convert);
  }

  /**
   * Queues a logs batch whose line is already built (`line` ends with a newline and holds
   * `records` records, none of them an ML event: nothing goes to `ml-events.jsonl`). Only
   * for a writer without a printer. Resolves once written, like {@link enqueue}.
   * @example await writer.enqueueLogsLine(fast.line, fast.records)
   */
  enqueueLogsLine(line: Buffer, records: number): Promise<void> {
    return this.push('logs', undefined, line, records, line.length, undefined);
  }

  private push(
    signal: Signal,
    data: LogsData | TracesData | undefined,
    line: Buffer | undefined,
    records: number,
    estimatedBytes: number,
    convert: (() => ConvertedBatch) | undefined,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ signal, convert, data, line, records, estimatedBytes, done: (err) => (err === undefined ? resolve() : reject(err)) });
      this.waiting += estimatedBytes;
      this.schedule();
    });
  }

  /** Resolves once every batch enqueued so far is encoded and handed to its file. */
  drained(): Promise<void> {
    if (this.head === this.queue.length) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate, not a microtask: runs after pending I/O, so the 200 of the request that
    // queued this batch is written first, and new requests are read between two batches.
    setImmediate(() => this.writeNext());
  }

  /** Encodes and appends ONE batch per turn, so requests are served between batches. */
  private writeNext(): void {
    this.scheduled = false;
    const batch = this.queue[this.head];
    if (batch === undefined) return;
    this.queue[this.head++] = undefined as unknown as Batch;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    try {
      this.write(batch).then(
        () => {
          this.failing = false;
          batch.done();
        },
        (err: unknown) => {
          if (err instanceof WriteError) this.failing = true;
          batch.done(err ?? new Error('write failed'));
        },
      );
    } catch (err) {
      batch.done(err ?? new Error('encoding failed'));
    } finally {
      this.waiting -= batch.estimatedBytes;
    }
    if (this.head < this.queue.length) this.schedule();
    else {
      const idle = this.idle;
      this.idle = [];
      for (const resolve of idle) resolve();
    }
  }

  /** Encodes the batch and queues its appends (synchronously, so file order = queue order). */
  private write(batch: Batch): Promise<void> {
    if (batch.convert !== undefined) {
      let converted: ConvertedBatch;
      try {
        converted = batch.convert();
      } catch (err) {
        return Promise.reject(new ConversionError(err));
      }
      batch.convert = undefined;
      if ('line' in converted) {
        batch.line = converted.line;
        batch.records = converted.records;
      } else batch.data = converted.data;
    }
    if (batch.line !== undefined) {
      const n = batch.records;
      if (n === 0) return Promise.resolve();
      return this.counted(this.files.logs.appendBytes(batch.line).then(() => {
        this.counts.logRecords += n;
      }), n);
    }
    if (batch.signal === 'traces') {
      const n = countSpans(batch.data as TracesData);
      if (n === 0) return Promise.resolve();
      return this.counted(this.files.traces.append(JSON.stringify(batch.data)).then(() => {
        this.counts.spans += n;
      }), n);
    }
    const logs = batch.data as LogsData;
    const n = countLogRecords(logs);
    if (n === 0) return Promise.resolve();
    const ml = selectMlEvents(logs);
    const appends = [this.files.logs.append(JSON.stringify(logs))];
    if (ml) appends.push(this.files.ml.append(JSON.stringify(ml)));
    return this.counted(Promise.all(appends).then(() => {
      this.counts.logRecords += n;
      this.printer?.print(logs);
    }), n);
  }

  /** `written`, counting its `records` as unwritten when it fails. */
  private counted(written: Promise<void>, records: number): Promise<void> {
    return written.catch((err: unknown) => {
      this.counts.unwrittenRecords += records;
      throw err;
    });
  }
}
