/**
 * Incremental line reading of a growing file: each `readNew()` returns the complete lines
 * appended since the last call (a trailing partial line waits for its newline), so
 * `tail --follow` never prints half a record. A file that shrinks (truncated or replaced)
 * is read again from the start; a missing file reads as empty until it appears.
 */
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

const CHUNK = 1 << 20;

/** Reader of the new complete lines of one file. */
export class FileLines {
  private offset = 0;
  private lineNumber = 0;
  private partial = '';
  private decoder = new StringDecoder('utf8');

  constructor(readonly path: string) {}

  /**
   * Reads what was appended since the last call and hands each complete non-blank line to
   * `onLine` with its 1-based number.
   * @throws fs errors other than ENOENT.
   */
  async readNew(onLine: (text: string, lineNumber: number) => void): Promise<void> {
    let handle;
    try {
      handle = await open(this.path, 'r');
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
        const text = this.partial + this.decoder.write(buf.subarray(0, bytesRead));
        const lines = text.split('\n');
        this.partial = lines.pop() ?? '';
        for (const line of lines) {
          this.lineNumber++;
          if (line.trim() !== '') onLine(line, this.lineNumber);
        }
      }
    } finally {
      await handle.close();
    }
  }

  private reset(): void {
    this.offset = 0;
    this.lineNumber = 0;
    this.partial = '';
    this.decoder = new StringDecoder('utf8');
  }
}
