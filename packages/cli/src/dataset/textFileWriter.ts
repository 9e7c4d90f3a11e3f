/**
 * Streaming text output: small writes batched into ~64 KiB ones, backpressure honoured so
 * memory stays flat, and a write error (disk full) surfacing at the next write or at `end()`
 * instead of being lost.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

const BATCH_CHARS = 65536;

/**
 * A text file being written.
 * @example
 * const w = openTextFile('rows.jsonl');
 * const pending = w.write('{"a":1}\n'); if (pending) await pending;
 * await w.end();
 */
export class TextFileWriter {
  private chunk = '';
  private error: Error | undefined;

  constructor(private readonly stream: WriteStream) {
    stream.on('error', (err) => {
      this.error ??= err;
    });
  }

  /** Queues `text`; returns a promise only when the caller must wait (a flush under backpressure). */
  write(text: string): Promise<void> | undefined {
    if (this.error) return Promise.reject(this.error);
    this.chunk += text;
    return this.chunk.length >= BATCH_CHARS ? this.flush() : undefined;
  }

  /** Hands the queued text to the file, waiting when the stream asks to. */
  async flush(): Promise<void> {
    if (this.error) throw this.error;
    if (!this.chunk) return;
    const ok = this.stream.write(this.chunk);
    this.chunk = '';
    if (!ok) await once(this.stream, 'drain');
  }

  /** Writes what is queued and closes the file. @throws the stream's write error, if any. */
  async end(): Promise<void> {
    await this.flush();
    const closed = once(this.stream, 'close');
    this.stream.end();
    await closed;
    if (this.error) throw this.error;
  }

  /** Closes the file without caring what became of it (the caller removes it). Never rejects. */
  async abort(): Promise<void> {
    if (this.stream.closed) return;
    const closed = once(this.stream, 'close').catch(() => undefined);
    this.stream.destroy();
    await closed;
  }
}

/**
 * Opens `path` for writing (truncated).
 * @example const w = openTextFile('/tmp/out.csv');
 */
export function openTextFile(path: string): TextFileWriter {
  return new TextFileWriter(createWriteStream(path, { flags: 'w' }));
}
