/**
 * Parsers for option values with units: sizes (`8MiB`) and durations (`10m`).
 */
import { quoteArg, UsageError } from '../usageError.js';

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1000,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};

/**
 * Parses a byte size: a number with an optional unit (B, KB/KiB/K, MB/MiB/M, GB/GiB/G).
 * @throws UsageError naming `option` and the accepted form.
 * @example parseSize('8MiB', '--max-body') // 8388608
 */
export function parseSize(value: string, option: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  const unit = SIZE_UNITS[(m?.[2] ?? '').toLowerCase()];
  if (!m || unit === undefined || Number(m[1]) <= 0) {
    throw new UsageError(`${option} must be a size like 8MiB, 512KiB or 1000000, got ${quoteArg(value)}`);
  }
  return Math.floor(Number(m[1]) * unit);
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration: a number with a unit ms, s, m, h or d.
 * @throws UsageError naming `option` and the accepted form.
 * @example parseDuration('10m', '--since') // 600000
 */
export function parseDuration(value: string, option: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(value);
  const unit = DURATION_UNITS[m?.[2] ?? ''];
  if (!m || unit === undefined) throw new UsageError(`${option} must be a duration like 30s, 10m, 2h or 1d, got ${quoteArg(value)}`);
  return Number(m[1]) * unit;
}

/**
 * Parses a port number 0..65535.
 * @throws UsageError.
 * @example parsePort('0') // 0
 */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 65535) throw new UsageError(`--port must be a number between 0 and 65535, got ${quoteArg(value)}`);
  return n;
}
