import { ConfigError } from '../../src/errors';
import {
  DEFAULT_DATASET_PAYLOAD_LIMITS,
  DEFAULT_PAYLOAD_OPTIONS,
  MAX_PAYLOAD_BYTES,
  MIN_PAYLOAD_BYTES,
  MIN_STRING_LENGTH,
  resolvePayloadBudgets,
  resolvePayloadOptions,
} from '../../src/ml/payloadOptions';

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

describe('resolvePayloadBudgets()', () => {
  it('gives the compact defaults to the top level and the dataset defaults to dataset', () => {
    expect(resolvePayloadBudgets()).toEqual({
      compact: { mode: 'full', maxBytes: 6144, maxArrayItems: 128, maxStringLength: 1024 },
      dataset: { mode: 'full', maxBytes: 65536, maxArrayItems: 1024, maxStringLength: 16384 },
    });
    expect(DEFAULT_DATASET_PAYLOAD_LIMITS).toEqual({ maxBytes: 65536, maxArrayItems: 1024, maxStringLength: 16384 });
  });

  it('applies the mode to both budgets and each set of limits to its own', () => {
    expect(resolvePayloadBudgets({ mode: 'summary', maxBytes: 2048, dataset: { maxStringLength: 4096 } })).toEqual({
      compact: { mode: 'summary', maxBytes: 2048, maxArrayItems: 128, maxStringLength: 1024 },
      dataset: { mode: 'summary', maxBytes: 65536, maxArrayItems: 1024, maxStringLength: 4096 },
    });
  });

  it('keeps the same bounds for the dataset budget', () => {
    const limits = { maxBytes: MAX_PAYLOAD_BYTES, maxArrayItems: 1, maxStringLength: MIN_STRING_LENGTH };
    expect(resolvePayloadBudgets({ dataset: limits }).dataset).toEqual({ mode: 'full', ...limits });
    expect(resolvePayloadBudgets({ dataset: { maxBytes: MIN_PAYLOAD_BYTES } }).dataset.maxBytes).toBe(256);
  });

  it.each([
    [{ dataset: { maxBytes: 100 } }, 'payload.dataset.maxBytes', 'whole number from 256 to 4194304 (default 65536)'],
    [{ dataset: { maxBytes: MAX_PAYLOAD_BYTES + 1 } }, 'payload.dataset.maxBytes', 'from 256 to 4194304'],
    [{ dataset: { maxArrayItems: 0 } }, 'payload.dataset.maxArrayItems', 'from 1 to 1000000 (default 1024)'],
    [{ dataset: { maxStringLength: 79 } }, 'payload.dataset.maxStringLength', 'from 80 to 4194304 (default 16384)'],
    [{ dataset: { mode: 'summary' } }, 'payload.dataset.mode', 'mode is set once, as payload.mode'],
    [{ dataset: { maxbytes: 1 } }, 'payload.dataset.maxbytes', 'unknown option; the dataset budget takes maxBytes, maxArrayItems and maxStringLength'],
    [{ dataset: 65536 }, 'payload.dataset', 'expected an object like { maxBytes: 131072'],
    [{ dataset: [] }, 'payload.dataset', 'expected an object'],
    [{ datasets: {} }, 'payload.datasets', 'the payload options are mode, maxBytes, maxArrayItems, maxStringLength and dataset'],
    [{ mode: 'tiny' }, 'payload.mode', "'full', 'summary' or 'none'"],
  ])('rejects %p with a ConfigError naming %s and the fix', (input, option, fix) => {
    let error: unknown;
    try {
      resolvePayloadBudgets(input as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).option).toBe(option);
    expect((error as ConfigError).message).toContain(fix);
  });

  it('reads each field once, so a getter cannot pass validation and then change', () => {
    let reads = 0;
    const dataset = { get maxBytes() { reads++; return reads === 1 ? 8192 : 1; } };
    expect(resolvePayloadBudgets({ dataset }).dataset.maxBytes).toBe(8192);
    expect(reads).toBe(1);
  });
});
