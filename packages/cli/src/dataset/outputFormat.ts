/**
 * Which format a dataset is written in: the `format` option, else the output's extension.
 */
import { extname } from 'node:path';
import { quoteArg, UsageError } from '../usageError.js';

/** The output formats, as `--format` takes them. */
export const DATASET_FORMATS = ['jsonl', 'csv', 'parquet'] as const;

/** One of {@link DATASET_FORMATS}. */
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

const BY_EXTENSION: Readonly<Record<string, DatasetFormat>> = {
  '.csv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'jsonl',
  '.parquet': 'parquet',
};

/**
 * The format to write `out` in: `format` when given, else by extension (`.csv`; `.jsonl`,
 * `.ndjson`, `.json`; `.parquet`, any case).
 * @throws UsageError for an unknown `format`, or an unknown extension without one.
 * @example datasetFormatOf('train.parquet') // 'parquet'
 */
export function datasetFormatOf(out: string, format?: string): DatasetFormat {
  if (format !== undefined) {
    if ((DATASET_FORMATS as readonly string[]).includes(format)) return format as DatasetFormat;
    throw new UsageError(`--format must be jsonl, csv or parquet, got ${quoteArg(format)}`);
  }
  const ext = extname(out).toLowerCase();
  if (Object.hasOwn(BY_EXTENSION, ext)) return BY_EXTENSION[ext]!;
  throw new UsageError(`--out must end in .csv, .jsonl or .parquet (or give --format csv|jsonl|parquet), got ${quoteArg(out)}`);
}
