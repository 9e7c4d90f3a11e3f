/**
 * The rows of the join pass, on disk: no row is final while it is being built (a later
 * record of the same prediction id may replace it, a later row may add a column to the
 * header), so rows go to a file first and a final pass reads them back in order, telling the
 * winners of repeated ids from the duplicates (see latestPredictions.ts). Memory is the
 * 32-bit fingerprints plus the repeated ids and the column names, never the rows.
 *
 * Each row is one line: a JSON array of its prediction time in ms, then its values by column
 * position (positions given in first-seen order, absent values `null`, trailing ones left
 * out). Without the column names in every line the file is about half the size of the
 * JSON objects, and it parses faster.
 */
import { stat } from 'node:fs/promises';
import { readLines } from '../read/lines.js';
import { rowTimeMs, type DatasetRow } from './datasetRow.js';
import { LatestPredictions } from './latestPredictions.js';
import { openTextFile, type TextFileWriter } from './textFileWriter.js';

/** A row read back, and whether a later (or later-read) record of its id replaced it. */
export interface ReadBackRow {
  /** Every column of the header asked for, in its order; `null` where the row had nothing. */
  row: DatasetRow;
  duplicate: boolean;
}

const ID_COLUMN = 'prediction_id';

/**
 * The join pass's rows file.
 * @example
 * const rows = new IntermediateRows('/tmp/x.rows');
 * await rows.append({ prediction_id: 'p1', prediction_time: '2024-05-01T00:00:00.000Z' });
 * await rows.close();
 * for await (const { row, duplicate } of rows.readBack(['prediction_id', 'prediction_time'])) ...
 */
export class IntermediateRows {
  private readonly writer: TextFileWriter;
  private readonly latest = new LatestPredictions();
  private readonly positions = new Map<string, number>([[ID_COLUMN, 0]]);
  private count = 0;

  constructor(readonly path: string) {
    this.writer = openTextFile(path);
  }

  /** Appends a row; returns a promise only when the caller must wait. */
  append(row: DatasetRow): Promise<void> | undefined {
    const time = rowTimeMs(row);
    const id = row[ID_COLUMN];
    if (typeof id === 'string') this.latest.note(id, time, this.count);
    this.count++;
    const line: unknown[] = [Number.isFinite(time) ? time : null];
    for (const column in row) {
      let position = this.positions.get(column);
      if (position === undefined) {
        position = this.positions.size;
        this.positions.set(column, position);
      }
      line[position + 1] = row[column];
    }
    // Holes (columns this row lacks) are written as null.
    return this.writer.write(`${JSON.stringify(line)}\n`);
  }

  /** Finishes writing; returns the file's size in bytes. */
  async close(): Promise<number> {
    await this.writer.end();
    return (await stat(this.path)).size;
  }

  /** Stops writing after a failure. Never rejects. */
  abort(): Promise<void> {
    return this.writer.abort();
  }

  /**
   * Reads every row back in order as an object of the `header` columns, marking the
   * duplicates; may be called more than once (the answers are the same each time).
   * `onBytes` reports bytes read, for progress.
   */
  async *readBack(header: readonly string[], onBytes?: (bytesRead: number) => void): AsyncGenerator<ReadBackRow> {
    const at = header.map((column) => {
      const position = this.positions.get(column);
      return position === undefined ? -1 : position + 1;
    });
    const idAt = (this.positions.get(ID_COLUMN) ?? 0) + 1;
    let n = 0;
    for await (const { text } of readLines(this.path, onBytes)) {
      const line = JSON.parse(text) as unknown[];
      const number = n++;
      const id = line[idAt];
      const duplicate = typeof id === 'string' && !this.latest.keeps(id, typeof line[0] === 'number' ? line[0] : -Infinity, number);
      const row: DatasetRow = {};
      for (let i = 0; i < header.length; i++) {
        const p = at[i]!;
        row[header[i]!] = p < 0 ? null : (line[p] ?? null);
      }
      yield { row, duplicate };
    }
  }
}
