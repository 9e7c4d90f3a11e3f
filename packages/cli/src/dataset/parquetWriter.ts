/**
 * Parquet output of `mlotel dataset`: rows in, typed columns out. Every column is OPTIONAL;
 * a row group is encoded and handed to the file every `rowGroupRows` rows, so memory holds
 * one row group (its buffered values, then its encoded bytes) whatever the number of rows.
 * The file's key-value metadata carries what the caller gives (`mlotel.schema_version`).
 *
 * Column types: `double` DOUBLE (NaN and ±Infinity stored as such: they are values, not
 * missing ones; null is missing), `int64` INT64 (safe integers or 64-bit bigints), `boolean`
 * BOOLEAN, `string` BYTE_ARRAY STRING (anything else as its JSON text), `timestamp` INT64
 * TIMESTAMP(MILLIS, UTC) from ISO-8601 strings, epoch milliseconds or Dates.
 *
 * Errors reach the caller as rejections: a value its column cannot hold from write(), a
 * failing disk (ENOSPC, EIO) from the write() that flushed and from close(). A file whose
 * close() rejected is incomplete: the caller writes to a temporary path and renames only
 * after close() resolved.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { ByteWriter, ParquetWriter, SchemaElement, Writer } from 'hyparquet-writer';
import { VERSION } from '../version.js';
import { columnBuffer, type ColumnBuffer } from './parquetColumns.js';
import { loadParquetLibrary, type ParquetLibrary } from './parquetLibrary.js';

/** The type of a dataset column, as stored in Parquet. */
export type ColumnType = 'double' | 'int64' | 'boolean' | 'string' | 'timestamp';

/** A column of the file, in file order. */
export interface ColumnSpec {
  name: string;
  type: ColumnType;
}

/** A Parquet file being written, row by row. */
export interface ParquetRowWriter {
  /**
   * Adds a row (column name to value; a missing or undefined column is null). Returns
   * undefined when the row was buffered, a promise when it completed a row group: wait for
   * it before the next write, so at most one row group is in memory. Rejects with a
   * {@link ParquetValueError} (the row is not written, the file stays valid) or with the
   * file's write error (the file is then unusable: close() rejects with it too).
   */
  write(row: Record<string, unknown>): Promise<void> | undefined;
  /**
   * Writes the last row group and the footer, and closes the file. Rejects with the first
   * write error, if any. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

/** Options of {@link openParquetWriter}. */
export interface ParquetWriterOptions {
  /** Key-value metadata of the file, e.g. `{ 'mlotel.schema_version': '2' }`. */
  metadata?: Record<string, string>;
  /** Rows per row group; default {@link defaultRowGroupRows} of the column count. */
  rowGroupRows?: number;
}

/**
 * A value its column's type cannot hold without changing it: a string in a `double` column,
 * 1.5 or 2**60 (a number) in an `int64` one, an unparseable timestamp. Names the column,
 * the row (0-based, counting the rows written) and the value.
 */
export class ParquetValueError extends TypeError {
  override readonly name = 'ParquetValueError';
}

/** Values buffered per row group by default: 2,000,000 8-byte values are ~16 MB. */
export const ROW_GROUP_VALUES = 2_000_000;

/**
 * Rows per row group for `columnCount` columns: {@link ROW_GROUP_VALUES} values, between
 * 1,000 and 100,000 rows (200 columns: 10,000 rows, ~16 MB of doubles buffered and about as
 * much encoded at the flush).
 * @example defaultRowGroupRows(200) // 10000
 */
export function defaultRowGroupRows(columnCount: number): number {
  return Math.min(100_000, Math.max(1_000, Math.floor(ROW_GROUP_VALUES / Math.max(1, columnCount))));
}

/**
 * Opens `path` (created or truncated) for a Parquet file with these columns.
 * Rejects with a TypeError for bad arguments (no columns, a repeated or empty name, an
 * unknown type, a rowGroupRows that is not a positive integer), with the file system's
 * error when the path cannot be opened (ENOENT, EACCES, EISDIR).
 * @example
 * const out = await openParquetWriter('train.parquet', [{ name: 'x', type: 'double' }], { metadata: { 'mlotel.schema_version': '2' } });
 * for (const row of rows) { const pending = out.write(row); if (pending) await pending; }
 * await out.close();
 */
export async function openParquetWriter(path: string, columns: readonly ColumnSpec[], options: ParquetWriterOptions = {}): Promise<ParquetRowWriter> {
  const rowGroupRows = options.rowGroupRows ?? defaultRowGroupRows(columns.length);
  if (!Number.isSafeInteger(rowGroupRows) || rowGroupRows < 1) {
    throw new TypeError(`parquet rowGroupRows must be a positive integer, got ${String(options.rowGroupRows)}`);
  }
  if (columns.length === 0) throw new TypeError('a parquet file needs at least one column');
  const seen = new Set<string>();
  for (const { name } of columns) {
    if (typeof name !== 'string' || name === '') throw new TypeError(`parquet column names must be non-empty strings, got ${JSON.stringify(name)}`);
    if (seen.has(name)) throw new TypeError(`parquet column ${JSON.stringify(name)} is listed twice: column names must be unique`);
    seen.add(name);
  }
  const buffers = columns.map((c) => columnBuffer(c.name, c.type, rowGroupRows));
  const metadata = Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value: String(value) }));
  const library = await loadParquetLibrary();
  const file = await open(path, 'w');
  return new RowGroupWriter(library, file, buffers, rowGroupRows, metadata);
}

/** Writes all of `bytes`, however many write calls that takes. */
async function writeAll(file: FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await file.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

const noop = (): void => undefined;

class RowGroupWriter implements ParquetRowWriter {
  private readonly names: string[];
  private readonly encoder: ParquetWriter;
  private readonly bytes: ByteWriter & Writer;
  /** Rows in the current row group, and rows accepted before it. */
  private count = 0;
  private rowsBefore = 0;
  /** File writes run one after another on this chain, which never rejects. */
  private queue: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly library: ParquetLibrary,
    private readonly file: FileHandle,
    private readonly buffers: ColumnBuffer[],
    private readonly rowGroupRows: number,
    metadata: Array<{ key: string; value: string }>,
  ) {
    this.names = buffers.map((b) => b.element.name);
    this.bytes = new library.ByteWriter() as ByteWriter & Writer;
    // hyparquet-writer calls flush() after each row group and finish() after the footer
    this.bytes.flush = () => this.handOver();
    this.bytes.finish = () => this.handOver();
    const schema: SchemaElement[] = [{ name: 'root', num_children: buffers.length }, ...buffers.map((b) => b.element)];
    // no metadata: no list at all (an empty one is encoded in a way arrow-rs refuses, as below)
    const kvMetadata = metadata.length > 0 ? metadata : undefined;
    this.encoder = new library.ParquetWriter({ writer: this.bytes, schema, kvMetadata, createdBy: `mlotel version ${VERSION}` });
  }

  write(row: Record<string, unknown>): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new Error('parquet writer: write() after close()'));
    const index = this.count;
    for (let c = 0; c < this.buffers.length; c++) {
      const name = this.names[c]!;
      let value = row[name];
      // a column named like an Object.prototype member ("constructor") is not in the row
      if ((typeof value === 'object' || typeof value === 'function') && value !== null && !Object.hasOwn(row, name)) value = undefined;
      try {
        this.buffers[c]!.set(index, value);
      } catch (err) {
        const type = this.buffers[c]!.element;
        const reason = (err as Error).message ?? String(err);
        return Promise.reject(new ParquetValueError(`parquet column ${JSON.stringify(name)} (${typeLabel(type)}), row ${this.rowsBefore + index}: ${reason}`));
      }
    }
    this.count++;
    return this.count === this.rowGroupRows ? this.writeRowGroup() : undefined;
  }

  close(): Promise<void> {
    this.closing ??= this.finish();
    return this.closing;
  }

  private async finish(): Promise<void> {
    let closeError: unknown;
    try {
      if (this.count > 0 && !this.failure) await this.writeRowGroup();
      if (this.rowsBefore === 0 && !this.failure) await this.encode(() => this.writeEmptyRowGroup());
      if (!this.failure) await this.encode(() => this.encoder.finish());
      await this.queue;
      // a write error the kernel reports only at writeback (NFS, quotas) surfaces here
      if (!this.failure) await this.file.datasync().catch((err: NodeJS.ErrnoException) => notSyncable(err) || this.fail(err));
    } finally {
      await this.file.close().catch((err: unknown) => {
        closeError = err;
      });
    }
    if (this.failure) throw this.failure;
    if (closeError) throw closeError;
  }

  /** Encodes the buffered rows as a row group and queues its bytes for the file. */
  private writeRowGroup(): Promise<void> {
    const count = this.count;
    this.rowsBefore += count;
    this.count = 0;
    const columnData = this.buffers.map((b) => ({ name: b.element.name, data: b.take(count) }));
    return this.encode(() => this.encoder.write({ columnData, rowGroupSize: count }));
  }

  /**
   * A file without rows gets one empty row group, as pyarrow writes it: hyparquet-writer
   * encodes an empty list of row groups with an element type arrow-rs (parquet-wasm,
   * DataFusion) refuses to read, where pyarrow and polars take it.
   */
  private writeEmptyRowGroup(): void | Promise<void> {
    const start = this.bytes.offset;
    const root = { name: 'root', num_children: this.buffers.length };
    const columns = this.buffers.map(({ element }) => {
      const result = this.library.writeColumn({
        writer: this.bytes,
        column: { columnName: element.name, element, schemaPath: [root, element], codec: this.encoder.codec, compressors: this.encoder.compressors, stats: true, pageSize: 1 << 20, columnIndex: false, offsetIndex: true },
        pageData: { values: [], definitionLevels: [], repetitionLevels: [], maxDefinitionLevel: 1 },
      });
      this.encoder.pendingIndexes.push(result);
      return result.chunk;
    });
    const uncompressed = columns.reduce((sum, c) => sum + (c.meta_data?.total_uncompressed_size ?? 0n), 0n);
    this.encoder.row_groups.push({ columns, num_rows: 0n, total_byte_size: uncompressed, total_compressed_size: BigInt(this.bytes.offset - start) });
    return this.bytes.flush?.();
  }

  /** Runs an encoder step (synchronous; it ends by calling flush or finish). */
  private encode(step: () => void | Promise<void>): Promise<void> {
    let pending: void | Promise<void>;
    try {
      pending = step();
    } catch (err) {
      return Promise.reject(this.fail(err));
    }
    return pending ?? Promise.resolve();
  }

  /**
   * Hands the encoded bytes to the file: the buffer goes with the write, and the encoder
   * gets a fresh one of the same size, so the next row group is encoded while this one is
   * written and neither is copied.
   */
  private handOver(): Promise<void> {
    const bytes = new Uint8Array(this.bytes.buffer, 0, this.bytes.index);
    this.bytes.buffer = new ArrayBuffer(this.bytes.buffer.byteLength);
    this.bytes.view = new DataView(this.bytes.buffer);
    this.bytes.index = 0;
    const written = this.queue.then(() => {
      if (this.failure) throw this.failure;
      return writeAll(this.file, bytes).catch((err: unknown) => {
        throw this.fail(err);
      });
    });
    this.queue = written.catch(noop);
    // marked handled: a caller that drops the promise still gets the error from close()
    written.catch(noop);
    return written;
  }

  private fail(err: unknown): Error {
    // not `instanceof Error`: errors from another realm (a test runner's vm) are errors too
    this.failure ??= typeof err === 'object' && err !== null ? (err as Error) : new Error(String(err));
    return this.failure;
  }
}

/** A file that cannot be synced (a pipe, a character device) lost nothing by it. */
function notSyncable(err: NodeJS.ErrnoException): boolean {
  return err.code === 'EINVAL' || err.code === 'ENOTSUP';
}

function typeLabel(element: SchemaElement): string {
  if (element.logical_type?.type === 'TIMESTAMP') return 'timestamp';
  if (element.logical_type?.type === 'STRING') return 'string';
  return element.type === 'DOUBLE' ? 'double' : element.type === 'INT64' ? 'int64' : 'boolean';
}
