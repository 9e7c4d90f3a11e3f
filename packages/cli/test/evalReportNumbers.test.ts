/**
 * How the text report writes durations, shares, scores, counts and error measures.
 */
import { formatCount, formatDuration, formatMeasure, formatScore, formatShare } from '../src/eval/reportNumbers';

describe('formatDuration()', () => {
  it.each([
    [null, '–'],
    [0, '0 ms'],
    [0.0000123, '1.2e-5 ms'],
    [0.2, '0.20 ms'],
    [0.184, '0.18 ms'],
    [4, '4.0 ms'],
    [42.4, '42 ms'],
    [420, '420 ms'],
    [1530, '1.5 s'],
    [42_500, '42.5 s'],
    [150_000, '2.5 min'],
    [5_400_000, '1.5 h'],
    [3 * 86_400_000, '3.0 d'],
    [-1530, '-1.5 s'],
    [NaN, '–'],
  ])('writes %p ms as %p', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('formatShare(), formatScore(), formatCount(), formatMeasure()', () => {
  it.each([
    [formatShare(0.8692), '86.9%'],
    [formatShare(1), '100.0%'],
    [formatShare(null), '–'],
    [formatScore(2 / 3), '0.667'],
    [formatScore(null), '–'],
    [formatCount(192), '192'],
    [formatCount(100 / 3), '33.3'],
    [formatMeasure(0.123456), '0.1235'],
    [formatMeasure(12345.6), '12346'],
    [formatMeasure(1.5), '1.5'],
    [formatMeasure(0), '0'],
    [formatMeasure(2e-7), '2.000e-7'],
    [formatMeasure(null), '–'],
  ])('writes %p', (text, expected) => expect(text).toBe(expected));
});
