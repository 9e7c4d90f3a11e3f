import { ConfigError } from '../src/errors';
import { parseLevelSpec } from '../src/levelSpec';

describe('parseLevelSpec()', () => {
  it('parses a root level followed by per-logger overrides', () => {
    const spec = parseLevelSpec('INFO,demo.scoring=DEBUG, db = warn');
    expect(spec.root).toBe(20);
    expect([...spec.loggers]).toEqual([['demo.scoring', 10], ['db', 30]]);
  });

  it('accepts overrides without a root level', () => {
    expect(parseLevelSpec('app=ERROR').root).toBeUndefined();
  });

  it('accepts a number as the root level', () => {
    expect(parseLevelSpec(15).root).toBe(15);
  });

  it.each([
    ['LOUD', /MLOTEL_LEVEL: unknown level "LOUD"/],
    ['INFO,app=LOUD', /unknown level "LOUD"/],
    ['INFO,DEBUG', /two root levels/],
    ['=DEBUG', /not "logger.name=LEVEL"/],
    ['app=', /not "logger.name=LEVEL"/],
    [',', /empty level spec/],
  ])('rejects %p with a ConfigError that says what is wrong', (input, message) => {
    expect(() => parseLevelSpec(input, 'MLOTEL_LEVEL')).toThrow(ConfigError);
    expect(() => parseLevelSpec(input, 'MLOTEL_LEVEL')).toThrow(message);
  });
});
