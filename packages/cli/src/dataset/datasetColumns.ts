/**
 * The header of a dataset: the schema's fixed columns around three groups whose columns come
 * from the data (`input.*`, `feedback.*`, `attr.*`), each in the order its columns were first
 * seen. Columns are noted as rows are built, since the header is written after the last row
 * has shown its columns.
 */
import { ATTR_PREFIX, FEEDBACK_PREFIX, INPUT_PREFIX, LEADING_COLUMNS, MIDDLE_COLUMNS, type DatasetRow } from './datasetRow.js';

const FIXED: readonly string[] = [...LEADING_COLUMNS, ...MIDDLE_COLUMNS];

/**
 * Collects the columns of the rows noted.
 * @example
 * const columns = new DatasetColumns();
 * columns.note({ prediction_id: 'p1', 'input.x': 1, 'attr.team': 'a' });
 * columns.header() // ['prediction_id', ..., 'weight', 'input.x', 'output', ..., 'shaped', 'attr.team']
 */
export class DatasetColumns {
  private readonly input = new Set<string>();
  private readonly feedback = new Set<string>();
  private readonly attr = new Set<string>();
  // Every column already placed (fixed ones included): most rows add none, one lookup each.
  private readonly known = new Set<string>(FIXED);

  /** Notes the columns of a row. */
  note(row: Readonly<DatasetRow>): void {
    for (const column in row) {
      if (this.known.has(column)) continue;
      this.known.add(column);
      if (column.startsWith(FEEDBACK_PREFIX)) this.feedback.add(column);
      else if (column.startsWith(ATTR_PREFIX)) this.attr.add(column);
      else if (column === INPUT_PREFIX || column.startsWith(`${INPUT_PREFIX}.`)) this.input.add(column);
    }
  }

  /** Every column, in output order: leading, `input.*`, middle, `feedback.*`, `attr.*`. */
  header(): string[] {
    return [...LEADING_COLUMNS, ...this.input, ...MIDDLE_COLUMNS, ...this.feedback, ...this.attr];
  }
}
