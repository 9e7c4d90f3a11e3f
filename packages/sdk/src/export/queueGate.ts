/**
 * Tells the logger, before it builds a record, whether the batch processor's queue is full,
 * so a full queue costs a log call a counter increment instead of a record nobody will send.
 * Why it matters: with the collector down, sdk-logs builds every record (a LogRecordImpl,
 * its attribute copy, its timestamps) and only then drops it. Once the queue has filled, V8
 * pretenures those allocation sites, so the doomed records go straight to the old
 * generation and pile up there until the next full GC: RSS grew 108 MB over 1,000,000
 * records at the default queue of 32,768 (docs/performance.md, 5). Refused here, they are
 * never allocated.
 *
 * Exact, and cheap while the queue has room: the queue grows by at most one record per
 * admitted call, so after reading `free` places it lets the next `free - 1` calls through
 * without looking again. Once full it reads the queue's length on every call (a callback
 * and an array length), so the first call after an export made room is admitted: it never
 * refuses a record the processor would have taken from mlotel's loggers. Records other code
 * emits through the same provider fill the queue unseen; the processor then drops what does
 * not fit itself, counted as before.
 * @example
 * const gate = new QueueGate(32768, () => processorQueueLength());
 * if (!gate.admit()) { counters.dropped++; return; } // before building the record
 * @internal
 */
export class QueueGate {
  private readonly capacity: number;
  private readonly queueSize: () => number;
  /** Calls admitted without a look at the queue before the next look. */
  private unchecked = 0;

  constructor(capacity: number, queueSize: () => number) {
    this.capacity = capacity;
    this.queueSize = queueSize;
  }

  /** False when the queue is full (the record would be dropped); true, having counted it, otherwise. */
  admit(): boolean {
    if (this.unchecked > 0) {
      this.unchecked--;
      return true;
    }
    const free = this.capacity - this.queueSize();
    if (free <= 0) return false; // a NaN (a broken reading) admits: the processor decides
    this.unchecked = free - 1;
    return true;
  }
}
