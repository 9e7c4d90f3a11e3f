/**
 * The type of each dataset column, for typed outputs (Parquet) and the report: fixed for the
 * schema's own columns, inferred from the values written for the dynamic ones (`input.*`,
 * `output`, `actual`, `feedback.*`, `attr.*`), one value at a time, so inference needs no
 * second look at the rows.
 */
import type { ColumnType } from './parquetWriter.js';

export type { ColumnType } from './parquetWriter.js';

/** Types of the columns whose meaning the schema fixes. */
export const FIXED_COLUMN_TYPES: Readonly<Record<string, ColumnType>> = {
  prediction_id: 'string',
  prediction_time: 'timestamp',
  feedback_time: 'timestamp',
  label_delay_ms: 'double',
  model_name: 'string',
  model_version: 'string',
  model_stage: 'string',
  server: 'string',
  service: 'string',
  trace_id: 'string',
  sample_rate: 'double',
  weight: 'double',
  confidence: 'double',
  latency_ms: 'double',
  error: 'string',
  shaped: 'string',
};

// What the values of a dynamic column were so far; 'json' = mixed, or maps/arrays: written as text.
type Kind = 'int' | 'double' | 'boolean' | 'string' | 'json';

function kindOf(v: unknown): Kind | undefined {
  switch (typeof v) {
    case 'number':
      return Number.isSafeInteger(v) ? 'int' : 'double';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'object':
      return v === null ? undefined : 'json';
    default:
      return undefined;
  }
}

function merge(a: Kind, b: Kind): Kind {
  if (a === b) return a;
  if ((a === 'int' && b === 'double') || (a === 'double' && b === 'int')) return 'double';
  return 'json';
}

const TYPE_OF_KIND: Readonly<Record<Kind, ColumnType>> = { int: 'int64', double: 'double', boolean: 'boolean', string: 'string', json: 'string' };

/**
 * Infers column types from the values noted.
 * @example
 * const types = new ColumnTypes();
 * types.note({ 'input.x': 1 }); types.note({ 'input.x': 2.5 });
 * types.typeOf('input.x') // 'double'
 */
export class ColumnTypes {
  private readonly kinds = new Map<string, Kind>();

  /** Notes the values of a row (nulls say nothing about the type). */
  note(row: Readonly<Record<string, unknown>>): void {
    for (const column in row) {
      if (Object.hasOwn(FIXED_COLUMN_TYPES, column)) continue;
      const kind = kindOf(row[column]);
      if (kind === undefined) continue;
      const prev = this.kinds.get(column);
      if (prev !== kind) this.kinds.set(column, prev === undefined ? kind : merge(prev, kind));
    }
  }

  /**
   * The type of a column: the fixed one, else from its values: all safe integers `int64`,
   * numbers `double`, booleans `boolean`, strings `string`; anything mixed, maps and arrays
   * `string` (their JSON text); never a value `string`.
   */
  typeOf(column: string): ColumnType {
    if (Object.hasOwn(FIXED_COLUMN_TYPES, column)) return FIXED_COLUMN_TYPES[column]!;
    return TYPE_OF_KIND[this.kinds.get(column) ?? 'string'];
  }
}
