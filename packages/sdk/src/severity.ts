import { SeverityNumber } from '@opentelemetry/api-logs';

/**
 * Maps a Python logging level (10 DEBUG ... 50 CRITICAL) to an OTel SeverityNumber.
 * Named levels land on the base of their range; in-between numbers step up the range and
 * stick at its top (same table as OpenTelemetry Python's `std_to_otel`). Never throws:
 * anything that is not a finite integer >= 10 gives UNSPECIFIED.
 * @example toSeverityNumber(25) // SeverityNumber.INFO4
 */
export function toSeverityNumber(level: number): SeverityNumber {
  if (typeof level !== 'number' || !Number.isInteger(level) || level < 10) {
    return SeverityNumber.UNSPECIFIED;
  }
  if (level > 53) return SeverityNumber.FATAL4;
  // Each Python band of ten (10-19 DEBUG, 20-29 INFO, ...) maps onto one OTel range of four.
  const band = Math.floor(level / 10) - 1; // 0 DEBUG ... 4 FATAL
  const step = level % 10; // 0 base, 1 -> 2nd, 2 -> 3rd, 3+ -> 4th
  return (SeverityNumber.DEBUG + band * 4 + (step > 3 ? 3 : step)) as SeverityNumber;
}

/**
 * How severityText is written: `'level'` (default) sends the level's own name (`WARNING`,
 * `CRITICAL`, custom names); `'otel'` sends OTel's short names for the standard levels
 * (`WARN`, `FATAL`) as OpenTelemetry Python does, custom names unchanged.
 */
export type SeverityTextMode = 'level' | 'otel';

/**
 * The severityText for a level name in a given mode. Never throws.
 * @example toSeverityText('WARNING', 'otel') // 'WARN'
 */
export function toSeverityText(levelName: string, mode: SeverityTextMode): string {
  if (mode === 'otel') {
    if (levelName === 'WARNING') return 'WARN';
    if (levelName === 'CRITICAL') return 'FATAL';
  }
  return levelName;
}
