/**
 * Incremental line reading of a growing file: each `readNew()` returns the lines appended
 * since the last call, so `tail --follow` never prints half a record. An unfinished last line
 * (no newline yet) waits for its newline, unless `isWhole` says it is complete already (a
 * file whose writer left out the last newline); it is then handed out at once and not again
 * when its newline comes. A file that shrinks (truncated or replaced) is read again from the
 * start; a missing file reads as empty until it appears. Only regular files are read and a
 * line is at most {@link MAX_LINE_BYTES} (see read/inputFile.ts, read/lineSplitter.ts).
 */
import { openInputFile } from '../read/inputFile.js';
import { isBlank, LineSplitter, LineTooLongError, MAX_LINE_BYTES, type LineBytes } from '../read/lineSplitter.js';

const CHUNK = 1 << 20;

/** Options of {@link FileLines}. */
export interface FileLinesOptions {
  /** Whether an unfinished last line is complete as it is (tail: it parses as JSON). */
  isWhole?: (text: string) => boolean;
}

/** Reader of the new lines of one file. */
export class FileLines {
  private offset = 0;
  private splitter = new LineSplitter();
  /** The unfinished last line handed out early: its number and how many bytes it had then. */
  private early: { number: number; length: number } | undefined;
  /** The unfinished last line as last given to `isWhole`. */
  private checked: { number: number; length: number } | undefined;

  constructor(
    readonly path: string,
    private readonly options: FileLinesOptions = {},
  ) {}

  /**
   * Reads what was appended since the last call and hands each new non-blank line to
   * `onLine` with its 1-based number.
   * @throws UsageError for a symlink loop or a path that is not a regular file (FIFO,
   *   device...); {@link LineTooLongError} naming file:line for a line longer than
   *   {@link MAX_LINE_BYTES} (after handing out the lines read with it: the next call goes
   *   on after that line); other fs errors than ENOENT.
   */
  async readNew(onLine: (text: string, lineNumber: number) => void): Promise<void> {
    let handle;
    try {
      handle = await openInputFile(this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    try {
      const { size } = await handle.stat();
      if (size < this.offset) this.reset();
      const buf = Buffer.allocUnsafe(CHUNK);
      while (this.offset < size) {
        const { bytesRead } = await handle.read(buf, 0, Math.min(CHUNK, size - this.offset), this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        let tooLong: number | undefined;
        for (const line of this.splitter.push(buf.subarray(0, bytesRead))) {
          if ('tooLong' in line) tooLong ??= line.number;
          else this.handOut(line, onLine);
        }
        if (tooLong !== undefined) throw new LineTooLongError(this.path, tooLong);
      }
      const last = this.splitter.pending();
      const unchanged = last && this.checked?.number === last.number && this.checked.length === last.bytes.length;
      if (last && !unchanged && this.early?.number !== last.number && this.options.isWhole) {
        // Checked once per change, not at every poll: it may be a long line being written.
        this.checked = { number: last.number, length: last.bytes.length };
        const text = last.bytes.toString('utf8');
        if (this.options.isWhole(text)) {
          this.early = { number: last.number, length: last.bytes.length };
          onLine(text, last.number);
        }
      }
    } finally {
      await handle.close();
    }
  }

  private handOut(line: LineBytes, onLine: (text: string, lineNumber: number) => void): void {
    const early = this.early;
    if (early?.number === line.number) {
      this.early = undefined;
      // Shown already, unless more than its newline came after it (then the whole line is shown).
      if (isBlank(line.bytes.subarray(early.length))) return;
    }
    onLine(line.bytes.toString('utf8'), line.number);
  }

  private reset(): void {
    this.offset = 0;
    this.splitter = new LineSplitter();
    this.early = undefined;
    this.checked = undefined;
  }
}
