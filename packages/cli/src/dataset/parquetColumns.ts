/**
 * The columns of the Parquet row group being buffered: each value checked against its
 * column's type as it arrives and kept compactly (numbers and timestamps in 8-byte typed
 * arrays, booleans in one byte, strings as they are), then handed to the encoder in the
 * shapes it takes. Buffers are allocated once per file and reused for every row group.
 */
import type { SchemaElement } from 'hyparquet-writer';
import type { ColumnType } from './parquetWriter.js';

/** Values of one row group column as the encoder takes them: nulls as `null`. */
export type EncoderValues = Float64Array | BigInt64Array | Array<number | bigint | boolean | string | null>;

/** One column of the row group being buffered. */
export interface ColumnBuffer {
  /** The column's Parquet schema element: OPTIONAL, physical type and logical type. */
  readonly element: SchemaElement;
  /** Stores `value` as row `index` of the group. @throws TypeError saying what the column takes. */
  set(index: number, value: unknown): void;
  /** The first `count` values; typed arrays are views, valid until the next set(). */
  take(count: number): EncoderValues;
}

/** Largest |ms| a JavaScript Date holds: wider times are not times. */
const MAX_TIME_MS = 8.64e15;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The value as an error message shows it: short, quoted if a string, with its type. */
function shown(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (typeof value === 'object' && value !== null && !(value instanceof Date)) text = toText(value) ?? String(value);
  else text = String(value);
  return `${text.length > 60 ? `${text.slice(0, 60)}…` : text} (${typeof value})`;
}

/** Columns whose values live in a Float64Array or BigInt64Array plus a null mask. */
abstract class NumericColumn<T extends Float64Array | BigInt64Array> implements ColumnBuffer {
  protected readonly nulls: Uint8Array;

  constructor(
    readonly element: SchemaElement,
    protected readonly values: T,
  ) {
    this.nulls = new Uint8Array(values.length);
  }

  set(index: number, value: unknown): void {
    if (value === null || value === undefined) {
      this.nulls[index] = 1;
      return;
    }
    this.store(index, value);
    this.nulls[index] = 0;
  }

  take(count: number): EncoderValues {
    const values = this.values.subarray(0, count) as T;
    if (this.nulls.subarray(0, count).indexOf(1) === -1) return values;
    const out = new Array<number | bigint | null>(count);
    for (let i = 0; i < count; i++) out[i] = this.nulls[i] ? null : values[i]!;
    return out;
  }

  /** Stores a non-null value. @throws TypeError */
  protected abstract store(index: number, value: unknown): void;
}

class DoubleColumn extends NumericColumn<Float64Array> {
  protected store(index: number, value: unknown): void {
    // NaN and ±Infinity are kept: IEEE 754 values a model can produce, not missing ones
    if (typeof value === 'number') this.values[index] = value;
    else if (typeof value === 'bigint') this.values[index] = Number(value);
    else throw new TypeError(`a double column takes numbers, got ${shown(value)}`);
  }
}

class Int64Column extends NumericColumn<BigInt64Array> {
  protected store(index: number, value: unknown): void {
    if (typeof value === 'number' && Number.isSafeInteger(value)) this.values[index] = BigInt(value);
    else if (typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX) this.values[index] = value;
    else throw new TypeError(`an int64 column takes safe integers and 64-bit bigints, got ${shown(value)}`);
  }
}

class TimestampColumn extends NumericColumn<Float64Array> {
  protected store(index: number, value: unknown): void {
    const ms = typeof value === 'string' ? Date.parse(value) : typeof value === 'number' ? value : value instanceof Date ? value.getTime() : NaN;
    if (!(Math.abs(ms) <= MAX_TIME_MS)) {
      throw new TypeError(`a timestamp column takes ISO-8601 strings, epoch milliseconds and Dates, got ${shown(value)}`);
    }
    // sub-millisecond parts are dropped: the column's unit is the millisecond
    this.values[index] = Math.floor(ms);
  }
}

class BooleanColumn implements ColumnBuffer {
  private readonly values: Uint8Array;

  constructor(readonly element: SchemaElement, capacity: number) {
    this.values = new Uint8Array(capacity);
  }

  set(index: number, value: unknown): void {
    if (value === null || value === undefined) this.values[index] = 2;
    else if (typeof value === 'boolean') this.values[index] = value ? 1 : 0;
    else throw new TypeError(`a boolean column takes booleans, got ${shown(value)}`);
  }

  take(count: number): EncoderValues {
    const out = new Array<boolean | null>(count);
    for (let i = 0; i < count; i++) {
      const v = this.values[i];
      out[i] = v === 2 ? null : v === 1;
    }
    return out;
  }
}

/** JSON text for maps, arrays and other non-strings; bigints as their digits. */
function toText(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : String(value);
  if (typeof value === 'bigint') return String(value);
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) as string | undefined;
  return text ?? null; // functions and symbols have no JSON text
}

class StringColumn implements ColumnBuffer {
  private readonly values: Array<string | null>;

  constructor(readonly element: SchemaElement, capacity: number) {
    this.values = new Array<string | null>(capacity).fill(null);
  }

  set(index: number, value: unknown): void {
    this.values[index] = value === null || value === undefined ? null : typeof value === 'string' ? value : toText(value);
  }

  take(count: number): EncoderValues {
    return count === this.values.length ? this.values : this.values.slice(0, count);
  }
}

/**
 * The schema element of a column of `type`: every column OPTIONAL; `string` is BYTE_ARRAY
 * STRING (UTF8), `timestamp` INT64 TIMESTAMP(MILLIS, adjusted to UTC) with the legacy
 * TIMESTAMP_MILLIS annotation for older readers.
 * @example schemaElement('prediction_time', 'timestamp').type // 'INT64'
 */
export function schemaElement(name: string, type: ColumnType): SchemaElement {
  const base = { name, repetition_type: 'OPTIONAL' } as const;
  switch (type) {
    case 'double':
      return { ...base, type: 'DOUBLE' };
    case 'int64':
      return { ...base, type: 'INT64' };
    case 'boolean':
      return { ...base, type: 'BOOLEAN' };
    case 'string':
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
    case 'timestamp':
      return { ...base, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' } };
  }
}

/**
 * A buffer for `capacity` values of a column of `type`.
 * @throws TypeError for a type that is not a ColumnType (a caller bug).
 * @example const c = columnBuffer('x', 'double', 1000); c.set(0, 1.5); c.take(1) // Float64Array [1.5]
 */
export function columnBuffer(name: string, type: ColumnType, capacity: number): ColumnBuffer {
  const element = schemaElement(name, type);
  switch (type) {
    case 'double':
      return new DoubleColumn(element, new Float64Array(capacity));
    case 'int64':
      return new Int64Column(element, new BigInt64Array(capacity));
    case 'timestamp':
      return new TimestampColumn(element, new Float64Array(capacity));
    case 'boolean':
      return new BooleanColumn(element, capacity);
    case 'string':
      return new StringColumn(element, capacity);
    default:
      throw new TypeError(`parquet column ${JSON.stringify(name)}: unknown type ${JSON.stringify(type)} (double, int64, boolean, string or timestamp)`);
  }
}
