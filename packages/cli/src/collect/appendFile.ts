/**
 * An append-only JSON-lines file. Opened with flag `a+` (O_APPEND, so each write lands at the
 * current end even if another process appends too; readable, for the tail check); every line
 * goes out in ONE write call.
 * Writes are queued one at a time; `pendingBytes` lets the receiver refuse new work (503)
 * instead of queueing without bound.
 *
 * Crash-consistent: the file always ends on a line boundary before a batch is appended. A
 * process killed mid-write (kill -9, power loss) can leave a cut last line; `open()` removes
 * that partial tail (it was never acknowledged as written) and reports its size. A write that
 * fails (ENOSPC, EIO, a short write on a full disk) is undone by truncating the file back to
 * where it ended before, so the next batch does not glue onto half a line; the failure is a
 * {@link WriteError}, which the receiver answers 503 (retryable).
 */
import { open, type FileHandle } from 'node:fs/promises';

/** Bytes read at a time while looking back for the last newline of a cut file. */
const TAIL_CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * A batch's lines could not be appended (the fs error is its `cause`); the file was put back
 * on a line boundary where it could be. Retryable: the receiver answers 503.
 */
export class WriteError extends Error {
  readonly code: string | undefined;
  constructor(path: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException)?.code;
    super(`could not append to ${path}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.code = code;
  }
}

/** One open append-only file. */
export class AppendFile {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  private closed = false;
  /** Set when a failed write could not be undone: the tail is repaired before the next write. */
  private mayEndMidLine = false;
  /** Bytes of cut lines removed from the end of the file (at open, or after failed writes). */
  private removed = 0;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  /**
   * Opens (creating if needed) `path` for appending, first removing a cut last line that a
   * crash may have left ({@link removedBytes} says how much).
   * @throws the fs error (EACCES, ENOENT for a missing directory...).
   * @example const f = await AppendFile.open('/tmp/x/logs.jsonl')
   */
  static async open(path: string): Promise<AppendFile> {
    const file = new AppendFile(path, await open(path, 'a+'));
    try {
      await file.endOnLineBoundary();
    } catch (err) {
      await file.handle.close();
      throw err;
    }
    return file;
  }

  /** Bytes of cut (never acknowledged) lines removed from the end of the file so far. */
  get removedBytes(): number {
    return this.removed;
  }

  /** Bytes accepted but not yet written. */
  get pendingBytes(): number {
    return this.pending;
  }

  /**
   * Appends `line` plus a newline; resolves once written. Rejects with the fs error (ENOSPC...)
   * or when the file is closed; the queue keeps going for later lines either way.
   */
  append(line: string): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.path} is closed`));
    return this.appendBytes(Buffer.from(`${line}\n`, 'utf8'));
  }

  /**
   * Appends `data`, which is one or more whole lines of UTF-8 ending with a newline (the
   * caller's promise); otherwise like {@link append}.
   * @example await file.appendBytes(Buffer.from('{"resourceLogs":[]}\n'))
   */
  appendBytes(data: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`${this.path} is closed`));
    this.pending += data.length;
    const done = this.tail.then(() => this.writeAll(data));
    this.tail = done.then(
      () => undefined,
      () => undefined,
    );
    return done.finally(() => {
      this.pending -= data.length;
    });
  }

  private async writeAll(data: Buffer): Promise<void> {
    let before: number;
    try {
      if (this.mayEndMidLine) await this.endOnLineBoundary();
      before = (await this.handle.stat()).size;
    } catch (err) {
      throw new WriteError(this.path, err);
    }
    let offset = 0;
    try {
      // A regular file takes the whole buffer in one write(2); the loop only guards against a
      // short write (e.g. a nearly full disk), continuing where it stopped.
      while (offset < data.length) {
        const { bytesWritten } = await this.handle.write(data, offset, data.length - offset, null);
        offset += bytesWritten;
      }
    } catch (err) {
      // Undo the part that went out, so the file ends where it did (on a line boundary).
      try {
        await this.handle.truncate(before);
      } catch {
        this.mayEndMidLine = true;
      }
      throw new WriteError(this.path, err);
    }
  }

  /**
   * Truncates the file after its last newline when it does not end with one, so the next line
   * starts on a line of its own. Reads back from the end a chunk at a time; a file with no
   * newline at all is emptied (its only line was cut).
   */
  private async endOnLineBoundary(): Promise<void> {
    const { size } = await this.handle.stat();
    if (size === 0) {
      this.mayEndMidLine = false;
      return;
    }
    const chunk = Buffer.allocUnsafe(Math.min(TAIL_CHUNK, size));
    let end = size;
    let keep = 0;
    search: while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const length = end - start;
      const { bytesRead } = await this.handle.read(chunk, 0, length, start);
      for (let i = bytesRead - 1; i >= 0; i--) {
        if (chunk[i] === NEWLINE) {
          keep = start + i + 1;
          break search;
        }
      }
      end = start;
    }
    if (keep < size) {
      await this.handle.truncate(keep);
      this.removed += size - keep;
    }
    this.mayEndMidLine = false;
  }

  /** Waits for queued lines, then closes the file. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tail;
    await this.handle.close();
  }
}
