/**
 * Splitting of file chunks into lines on the raw bytes, with a cap on a line's length: the
 * one place where `dataset` (read/lines.ts) and `tail` (tail/fileLines.ts) decide what a line
 * is, so both number lines alike and neither holds more than {@link MAX_LINE_BYTES} of one line.
 */

/**
 * The longest line the readers accept: 64 MiB. The receiver's default body limit is 8 MiB and a
 * batch line is at most a few times its body, so a longer line is not a batch written by mlotel
 * or the Collector; without a cap, a file without newlines would be held whole in memory.
 */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** One line of a file. */
export interface LineBytes {
  /** The line without its newline (a view into a shared buffer: decode it before the next line). */
  bytes: Buffer;
  /** 1-based line number. */
  number: number;
}

/** A line longer than the cap: its bytes are not kept. */
export interface TooLongLine {
  tooLong: true;
  /** 1-based line number. */
  number: number;
}

/** The error for a {@link TooLongLine}, naming file:line. */
export class LineTooLongError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
  ) {
    super(`${file}:${line}: line longer than 64 MiB, the longest line mlotel reads (is this a JSON-lines file written by mlotel collect or the Collector?)`);
    this.name = 'LineTooLongError';
  }
}

const NEWLINE = 0x0a;

/** True when a line holds only spaces, tabs and carriage returns. */
export function isBlank(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

/**
 * Cuts a stream of chunks into non-blank lines (blank lines are counted, not yielded). A line
 * that grows past the cap is reported once as a {@link TooLongLine}, as soon as it passes the
 * cap, and its remaining bytes are skipped up to its newline.
 * @example
 * const lines = new LineSplitter();
 * for (const line of lines.push(chunk)) if (!('tooLong' in line)) handle(line.bytes, line.number);
 */
export class LineSplitter {
  private carry: Buffer[] = [];
  private carryLength = 0;
  private complete = 0;
  private skipping = false;

  constructor(private readonly maxLineBytes = MAX_LINE_BYTES) {}

  /** Lines completed (newline seen) so far, blank ones included. */
  get linesComplete(): number {
    return this.complete;
  }

  /**
   * Yields the lines that `chunk` completes. The bytes of a line may be a view into `chunk`:
   * use them before the next call. The unfinished end of `chunk` is copied, so the caller may
   * reuse its buffer.
   */
  *push(chunk: Buffer): Generator<LineBytes | TooLongLine> {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(NEWLINE, start);
      if (nl === -1) break;
      const part = chunk.subarray(start, nl);
      start = nl + 1;
      this.complete++;
      if (this.skipping) {
        this.skipping = false;
        continue;
      }
      if (this.carryLength + part.length > this.maxLineBytes) {
        this.dropCarry();
        yield { tooLong: true, number: this.complete };
        continue;
      }
      const line = this.carryLength > 0 ? this.takeCarry(part) : part;
      if (!isBlank(line)) yield { bytes: line, number: this.complete };
    }
    if (start >= chunk.length || this.skipping) return;
    const rest = chunk.subarray(start);
    if (this.carryLength + rest.length > this.maxLineBytes) {
      this.dropCarry();
      this.skipping = true;
      yield { tooLong: true, number: this.complete + 1 };
      return;
    }
    this.carry.push(Buffer.from(rest));
    this.carryLength += rest.length;
  }

  /** The unfinished last line (no newline yet), without taking it; undefined when there is none. */
  pending(): LineBytes | undefined {
    if (this.carryLength === 0 || this.skipping) return undefined;
    if (this.carry.length > 1) this.carry = [Buffer.concat(this.carry)];
    const bytes = this.carry[0];
    return bytes && !isBlank(bytes) ? { bytes, number: this.complete + 1 } : undefined;
  }

  /** Ends the input: the unfinished last line, if any, becomes a line. */
  end(): LineBytes | undefined {
    const last = this.pending();
    this.dropCarry();
    this.skipping = false;
    if (last) this.complete++;
    return last;
  }

  private takeCarry(part: Buffer): Buffer {
    const line = Buffer.concat([...this.carry, part]);
    this.dropCarry();
    return line;
  }

  private dropCarry(): void {
    this.carry = [];
    this.carryLength = 0;
  }
}
