import { ConfigError } from '../../src/errors';
import { DEFAULT_PAYLOAD_OPTIONS, resolvePayloadOptions } from '../../src/ml/payloadOptions';

describe('resolvePayloadOptions()', () => {
  it('gives the defaults when nothing is set', () => {
    expect(resolvePayloadOptions()).toEqual({ mode: 'full', maxBytes: 6144, maxArrayItems: 128, maxStringLength: 1024 });
  });

  it('merges the given fields over the defaults without changing the defaults', () => {
    expect(resolvePayloadOptions({ mode: 'summary', maxBytes: 8192 })).toEqual({ ...DEFAULT_PAYLOAD_OPTIONS, mode: 'summary', maxBytes: 8192 });
    expect(DEFAULT_PAYLOAD_OPTIONS.maxBytes).toBe(6144);
  });

  it.each([
    [{ mode: 'all' }, 'payload.mode', "'full', 'summary' or 'none'"],
    [{ maxBytes: 10 }, 'payload.maxBytes', 'whole number from 256'],
    [{ maxBytes: 1.5e3 + 0.5 }, 'payload.maxBytes', 'whole number'],
    [{ maxArrayItems: 0 }, 'payload.maxArrayItems', 'from 1'],
    [{ maxStringLength: 10 }, 'payload.maxStringLength', 'from 80'],
    [{ maxbytes: 100 }, 'payload.maxbytes', 'unknown option'],
    ['full', 'payload', 'expected an object'],
  ])('rejects %p with a ConfigError naming %s and the fix', (input, option, fix) => {
    let error: unknown;
    try {
      resolvePayloadOptions(input as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).option).toBe(option);
    expect((error as ConfigError).message).toContain(fix);
  });

  it('names the option it was given, for per-logger settings', () => {
    expect(() => resolvePayloadOptions({ maxBytes: 1 }, 'getLogger(scoring).payload')).toThrow('getLogger(scoring).payload.maxBytes');
  });
});
