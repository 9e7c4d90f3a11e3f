import { ConfigError } from '../src/errors';
import { Level, addLevelName, getLevelName, parseLevel } from '../src/levels';

describe('Level', () => {
  it('has the Python values and aliases', () => {
    expect(Level).toEqual({ NOTSET: 0, DEBUG: 10, INFO: 20, WARNING: 30, WARN: 30, ERROR: 40, CRITICAL: 50, FATAL: 50 });
  });
});

describe('parseLevel()', () => {
  it.each([
    ['debug', 10], ['DEBUG', 10], ['Info', 20], ['warn', 30], ['WARNING', 30], ['error', 40],
    ['critical', 50], ['FATAL', 50], ['notset', 0], ['25', 25], [' 42 ', 42], [25, 25], [0, 0],
  ] as const)('parses %p as %p', (input, level) => {
    expect(parseLevel(input)).toBe(level);
  });

  it.each([['LOUD'], [''], ['2.5'], ['-1'], [-1], [1.5], [NaN]])('rejects %p with a ConfigError naming the option', (input) => {
    expect(() => parseLevel(input as string, 'MLOTEL_LEVEL')).toThrow(ConfigError);
    expect(() => parseLevel(input as string, 'MLOTEL_LEVEL')).toThrow(/MLOTEL_LEVEL: unknown level .*addLevelName/);
  });
});

describe('addLevelName()', () => {
  it('registers a custom level that parses case-insensitively and has a name', () => {
    addLevelName(25, 'NOTICE');
    expect(parseLevel('notice')).toBe(25);
    expect(getLevelName(25)).toBe('NOTICE');
  });

  it.each([
    [-1, 'X'], [1.5, 'X'], [1001, 'X'], [Infinity, 'X'], [NaN, 'X'], [5, ''], [5, 'TWO WORDS'], [5, 'a=b'], [5, 'a,b'],
    [5, 'tab\there'], [5, 'nul\u0000'], [5, 'x'.repeat(65)], [5, 'x'.repeat(70_000)], [5, '42'],
  ])('rejects level %p named %p', (level, name) => {
    expect(() => addLevelName(level, name)).toThrow(ConfigError);
  });

  it('accepts a 64-character name, non-ASCII letters and punctuation, and the top level 1000', () => {
    addLevelName(26, 'N'.repeat(64));
    addLevelName(27, 'AVISO-é');
    addLevelName(1000, 'OFF');
    expect(getLevelName(26)).toBe('N'.repeat(64));
    expect(parseLevel('aviso-É')).toBe(27);
    expect(parseLevel('off')).toBe(1000);
  });

  it('tells how to fix a name that is too long, without echoing all of it', () => {
    expect(() => addLevelName(5, 'x'.repeat(70_000))).toThrow(/1 to 64 printable characters .*\(70000 characters\)$/);
  });
});

describe('parseLevel() range', () => {
  it.each([['1001'], [1001], ['99999999999999999999']])('rejects %p above 1000 with a ConfigError', (input) => {
    expect(() => parseLevel(input)).toThrow(/integer from 0 to 1000/);
  });
});

describe('getLevelName()', () => {
  it.each([[0, 'NOTSET'], [10, 'DEBUG'], [20, 'INFO'], [30, 'WARNING'], [40, 'ERROR'], [50, 'CRITICAL'], [37, 'Level 37']])(
    'names %p %p', (level, name) => {
      expect(getLevelName(level)).toBe(name);
    });
});
