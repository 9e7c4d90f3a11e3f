/**
 * Python logging levels over OTel severity numbers: the `--level` filter and the level
 * column of readable lines. A Python level maps to the base of its OTel range (DEBUG 5,
 * INFO 9, WARNING 13, ERROR 17, CRITICAL 21), as the SDK writes them.
 */
import { quoteArg, UsageError } from '../usageError.js';

/** Lowest severity number of each Python level name (aliases included). */
export const LEVEL_THRESHOLDS: Readonly<Record<string, number>> = {
  TRACE: 1,
  DEBUG: 5,
  INFO: 9,
  WARNING: 13,
  WARN: 13,
  ERROR: 17,
  CRITICAL: 21,
  FATAL: 21,
};

const PYTHON_NUMERIC: Readonly<Record<number, number>> = { 10: 5, 20: 9, 30: 13, 40: 17, 50: 21 };

/**
 * Parses a `--level` value (a Python level name, case-insensitive, or 10/20/30/40/50) into
 * the lowest severity number it admits.
 * @throws UsageError naming the accepted values.
 * @example parseLevel('warning') // 13
 */
export function parseLevel(value: string): number {
  const byName = LEVEL_THRESHOLDS[value.trim().toUpperCase()];
  if (byName !== undefined) return byName;
  const byNumber = PYTHON_NUMERIC[Number(value)];
  if (byNumber !== undefined) return byNumber;
  throw new UsageError(`--level must be DEBUG, INFO, WARNING, ERROR or CRITICAL (or 10, 20, 30, 40, 50), got ${quoteArg(value)}`);
}

/** The Python level name of a severity number (0 or out of range: undefined). */
export function levelNameOf(severityNumber: number | undefined): string | undefined {
  if (!severityNumber || severityNumber < 1 || severityNumber > 24) return undefined;
  if (severityNumber >= 21) return 'CRITICAL';
  if (severityNumber >= 17) return 'ERROR';
  if (severityNumber >= 13) return 'WARNING';
  if (severityNumber >= 9) return 'INFO';
  if (severityNumber >= 5) return 'DEBUG';
  return 'TRACE';
}

/**
 * The severity number of a record for filtering: its number, else derived from its
 * severity text (for senders that set only the text), else 0.
 * @example effectiveSeverity(undefined, 'warning') // 13
 */
export function effectiveSeverity(severityNumber: number | undefined, severityText: string | undefined): number {
  if (severityNumber && severityNumber > 0) return severityNumber;
  if (severityText) return LEVEL_THRESHOLDS[severityText.trim().toUpperCase()] ?? 0;
  return 0;
}
