/**
 * Parsers of option values and small formatting rules, as tables.
 */
import { parseDuration, parsePort, parseSize } from '../src/cli/units';
import { csvField } from '../src/dataset/csv';
import { parseLevel, levelNameOf } from '../src/format/severity';
import { parseModelSpec } from '../src/read/modelSpec';
import { quoteArg, UsageError } from '../src/usageError';

describe('parseSize()', () => {
  it.each([
    ['8MiB', 8 * 1024 * 1024],
    ['512KiB', 512 * 1024],
    ['1mb', 1_000_000],
    ['1000', 1000],
    ['1.5k', 1536],
  ])('parses %s as %d bytes', (v, n) => expect(parseSize(v, '--max-body')).toBe(n));
  it.each(['', 'lots', '-1MiB', '8 parsecs', '0'])('rejects %p with a UsageError', (v) =>
    expect(() => parseSize(v, '--max-body')).toThrow(UsageError),
  );
});

describe('parseDuration()', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['10m', 600_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
  ])('parses %s as %d ms', (v, n) => expect(parseDuration(v, '--since')).toBe(n));
  it.each(['10', 'ten minutes', '5w'])('rejects %p', (v) => expect(() => parseDuration(v, '--since')).toThrow(/--since must be a duration/));
});

describe('parsePort()', () => {
  it.each([['0', 0], ['4318', 4318]])('parses %s', (v, n) => expect(parsePort(v)).toBe(n));
  it.each(['-1', '65536', 'http'])('rejects %p', (v) => expect(() => parsePort(v)).toThrow(UsageError));
});

describe('parseLevel()', () => {
  it.each([
    ['DEBUG', 5],
    ['info', 9],
    ['WARNING', 13],
    ['warn', 13],
    ['ERROR', 17],
    ['CRITICAL', 21],
    ['30', 13],
    ['50', 21],
  ])('maps %s to severity >= %d', (v, n) => expect(parseLevel(v)).toBe(n));
  it('rejects unknown names with the accepted ones', () => expect(() => parseLevel('LOUD')).toThrow(/DEBUG, INFO, WARNING, ERROR or CRITICAL/));
});

describe('levelNameOf()', () => {
  it.each([
    [5, 'DEBUG'],
    [9, 'INFO'],
    [12, 'INFO'],
    [13, 'WARNING'],
    [17, 'ERROR'],
    [24, 'CRITICAL'],
    [0, undefined],
  ])('names severity %d %s', (n, name) => expect(levelNameOf(n)).toBe(name));
});

describe('parseModelSpec()', () => {
  it.each([
    ['iris', { name: 'iris' }],
    ['iris@2', { name: 'iris', version: '2' }],
    ['org@iris@2.1', { name: 'org@iris', version: '2.1' }],
  ])('parses %s', (v, spec) => expect(parseModelSpec(v)).toEqual(spec));
  it.each(['', ' @2'])('rejects an empty name in %p', (v) => expect(() => parseModelSpec(v)).toThrow(UsageError));
});

describe('quoteArg()', () => {
  it.each([
    ['LOUD', '"LOUD"'],
    ['', '""'],
    ['two\nlines', '"two\\nlines"'],
    ['tab\there\r', '"tab\\there\\r"'],
    ['bell\u0007', '"bell\\x07"'],
    ['x'.repeat(61), `"${'x'.repeat(60)}..."`],
  ])('shows %p as %s, on one line', (value, shown) => {
    expect(quoteArg(value)).toBe(shown);
    expect(quoteArg(value)).not.toMatch(/[\n\r]/);
  });
});

describe('csvField()', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
    [null, ''],
    [1.5, '1.5'],
    [{ a: [1, 'x,y'] }, '"{""a"":[1,""x,y""]}"'],
  ])('encodes %p as %p', (v, s) => expect(csvField(v)).toBe(s));
});
