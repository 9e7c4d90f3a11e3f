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

  it.each([[-1, 'X'], [1.5, 'X'], [5, ''], [5, 'TWO WORDS'], [5, 'a=b']])('rejects level %p named %p', (level, name) => {
    expect(() => addLevelName(level, name)).toThrow(ConfigError);
  });
});

describe('getLevelName()', () => {
  it.each([[0, 'NOTSET'], [10, 'DEBUG'], [20, 'INFO'], [30, 'WARNING'], [40, 'ERROR'], [50, 'CRITICAL'], [27, 'Level 27']])(
    'names %p %p', (level, name) => {
      expect(getLevelName(level)).toBe(name);
    });
});
