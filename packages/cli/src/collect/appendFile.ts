/**
 * An append-only JSON-lines file. Opened with flag `a` (O_APPEND: never truncates, and each
 * write lands at the current end even if another process appends too); every line goes out
 * in ONE write call, so a reader never sees half a line from us unless the machine loses
 * power mid-write. Writes are queued one at a time; `pendingBytes` lets the receiver refuse
 * new work (503) instead of queueing without bound.
 */
import { open, type FileHandle } from 'node:fs/promises';

/** One open append-only file. */
export class AppendFile {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  /**
   * Opens (creating if needed) `path` for appending.
   * @throws the fs error (EACCES, ENOENT for a missing directory...).
   * @example const f = await AppendFile.open('/tmp/x/logs.jsonl')
   */
  static async open(path: string): Promise<AppendFile> {
    return new AppendFile(path, await open(path, 'a'));
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
    let offset = 0;
    // A regular file takes the whole buffer in one write(2); the loop only guards against a
    // short write (e.g. a nearly full disk), continuing where it stopped.
    while (offset < data.length) {
      const { bytesWritten } = await this.handle.write(data, offset, data.length - offset, null);
      offset += bytesWritten;
    }
  }

  /** Waits for queued lines, then closes the file. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tail;
    await this.handle.close();
  }
}
