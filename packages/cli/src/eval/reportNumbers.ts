/**
 * How the text report writes numbers: durations with a unit a person reads at a glance,
 * shares as percentages, scores with three decimals, counts without a fraction unless they
 * are weighted estimates. A missing value (null) is a dash.
 */

/** What a value the report cannot compute is written as. */
export const MISSING = '–';

const UNITS: ReadonlyArray<[ms: number, unit: string]> = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1_000, 's'],
];

/**
 * A duration in ms with a fitting unit and two or three significant digits.
 * @example formatDuration(0.2) // '0.20 ms'; formatDuration(1530) // '1.5 s'; formatDuration(null) // '–'
 */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return MISSING;
  const sign = ms < 0 ? '-' : '';
  const magnitude = Math.abs(ms);
  const [size, unit] = UNITS.find(([size]) => magnitude >= size) ?? [1, 'ms'];
  const value = magnitude / size;
  let digits: string;
  if (value === 0) digits = '0';
  else if (value >= 100) digits = Math.round(value).toString();
  else if (value >= 10) digits = value.toFixed(unit === 'ms' ? 0 : 1);
  else if (value >= 1) digits = value.toFixed(1);
  else digits = value >= 0.001 ? value.toPrecision(2) : value.toExponential(1);
  return `${sign}${digits} ${unit}`;
}

/**
 * A share (0..1) as a percentage with one decimal.
 * @example formatShare(0.8692) // '86.9%'
 */
export function formatShare(share: number | null): string {
  return share === null || !Number.isFinite(share) ? MISSING : `${(share * 100).toFixed(1)}%`;
}

/**
 * A score (accuracy, precision, recall) with three decimals.
 * @example formatScore(0.8906) // '0.891'
 */
export function formatScore(score: number | null): string {
  return score === null || !Number.isFinite(score) ? MISSING : score.toFixed(3);
}

/**
 * A count: whole numbers as they are, weighted estimates rounded to one decimal.
 * @example formatCount(192) // '192'; formatCount(33.33) // '33.3'
 */
export function formatCount(count: number): string {
  return Number.isInteger(count) ? count.toString() : count.toFixed(1);
}

/**
 * An error measure (MAE, RMSE) with four significant digits, without an exponent for
 * everyday magnitudes.
 * @example formatMeasure(0.123456) // '0.1235'; formatMeasure(12345.6) // '12346'
 */
export function formatMeasure(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return MISSING;
  if (value !== 0 && (Math.abs(value) >= 1e9 || Math.abs(value) < 1e-4)) return value.toExponential(3);
  return Math.abs(value) >= 1000 ? Math.round(value).toString() : Number(value.toPrecision(4)).toString();
}
