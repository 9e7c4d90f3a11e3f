/**
 * The dataset file in its format: each row arrives complete (every column, in header order)
 * and is written at once, so memory stays flat whatever the number of rows (Parquet buffers
 * one row group; its library is loaded only then). JSON lines keep native values with
 * `null` for absent ones; CSV writes the header first, absent values as empty fields, maps
 * and arrays as JSON text; Parquet gets typed columns and the schema version as key-value
 * metadata.
 */
import type { ColumnType } from './columnTypes.js';
import { csvRow } from './csv.js';
import { SCHEMA_VERSION, type DatasetRow } from './datasetRow.js';
import type { DatasetFormat } from './outputFormat.js';
import { openParquetWriter } from './parquetWriter.js';
import { openTextFile } from './textFileWriter.js';

/** Parquet key-value metadata key holding the row schema version (`"2"`). */
export const PARQUET_SCHEMA_VERSION_KEY = 'mlotel.schema_version';

/** A dataset file being written. */
export interface RowOutput {
  /** Writes a complete row; returns a promise only when the caller must wait. */
  write(row: DatasetRow): Promise<void> | undefined;
  /** Finishes the file. @throws the write error, if any. */
  close(): Promise<void>;
  /** Stops writing after a failure, the file left for the caller to remove. Never rejects. */
  abort(): Promise<void>;
}

/**
 * Opens `path` for rows with these `columns` (in order) and column types.
 * @example
 * const out = await openRowOutput('train.csv', 'csv', ['prediction_id'], () => 'string');
 * await out.write({ prediction_id: 'p1' }); await out.close();
 */
export async function openRowOutput(path: string, format: DatasetFormat, columns: readonly string[], typeOf: (column: string) => ColumnType): Promise<RowOutput> {
  if (format === 'parquet') {
    const writer = await openParquetWriter(
      path,
      columns.map((name) => ({ name, type: typeOf(name) })),
      { metadata: { [PARQUET_SCHEMA_VERSION_KEY]: String(SCHEMA_VERSION) } },
    );
    let closed = false;
    return {
      write: (row) => writer.write(row),
      close: async () => {
        closed = true;
        await writer.close();
      },
      abort: async () => {
        if (closed) return;
        closed = true;
        await writer.close().catch(() => undefined);
      },
    };
  }
  const file = openTextFile(path);
  if (format === 'csv') {
    const pending = file.write(csvRow(columns));
    if (pending) await pending;
    return {
      write: (row) => file.write(csvRow(columns.map((c) => row[c]))),
      close: () => file.end(),
      abort: () => file.abort(),
    };
  }
  return {
    write: (row) => file.write(`${JSON.stringify(row)}\n`),
    close: () => file.end(),
    abort: () => file.abort(),
  };
}
