import { ConfigError } from '../../src/errors';
import { createRedactor, DEFAULT_REDACT_KEYS, isDefaultRedactKey, REDACTED } from '../../src/ml/redaction';

const KEY_A = 'a-secret-key-of-32-characters!!!';
const KEY_B = 'another-secret-key-32-characters';

describe('createRedactor()', () => {
  it('redacts by dotted path relative to the body', () => {
    const redact = createRedactor(['input.email']);
    expect(redact({ input: { email: 'a@b.c', age: 30 }, output: { email: 'kept' } })).toEqual({ input: { email: REDACTED, age: 30 }, output: { email: 'kept' } });
  });

  it('matches exactly one level with *', () => {
    const redact = createRedactor({ paths: ['*.ssn'], defaults: false });
    expect(redact({ input: { ssn: 1 }, output: { ssn: 2 }, deep: { x: { ssn: 3 } }, ssn: 4 })).toEqual({ input: { ssn: REDACTED }, output: { ssn: REDACTED }, deep: { x: { ssn: 3 } }, ssn: 4 });
  });

  it('matches array indices with * and with a number', () => {
    const redact = createRedactor({ paths: ['rows.*.name', 'ids.0'], defaults: false });
    expect(redact({ rows: [{ name: 'a', n: 1 }, { name: 'b' }], ids: ['x', 'y'] })).toEqual({ rows: [{ name: REDACTED, n: 1 }, { name: REDACTED }], ids: [REDACTED, 'y'] });
  });

  it('applies the default key list at any depth, case-insensitively, ignoring - and _', () => {
    const redact = createRedactor();
    const out = redact({ input: { user: { Password: 'p', apiKey: 'k', 'X-Api-Key': 'h', list: [{ token: 't' }] } }, tokens: ['kept'] });
    expect(out).toEqual({ input: { user: { Password: REDACTED, apiKey: REDACTED, 'X-Api-Key': REDACTED, list: [{ token: REDACTED }] } }, tokens: ['kept'] });
  });

  it('matches the last segment of dotted attribute keys against the default list', () => {
    expect(createRedactor()({ 'http.request.header.authorization': 'Bearer x', 'ml.model.name': 'iris' })).toEqual({ 'http.request.header.authorization': REDACTED, 'ml.model.name': 'iris' });
  });

  it.each(DEFAULT_REDACT_KEYS)('has %s on the default list', (key) => {
    expect(isDefaultRedactKey(key.toUpperCase())).toBe(true);
  });

  it.each([
    ['_token', true], ['-PWD', true], ['Secret_Key', true], ['a.cookie', true], ['x.y.Authorization', true],
    ['f0', false], ['petal_length', false], ['tokens', false], ['1password', false], ['a.b', false], ['pw', false],
  ])('says whether %p is on the default list, with or without the quick pre-check', (key, expected) => {
    expect(isDefaultRedactKey(key)).toBe(expected);
  });

  it('leaves the default list off with defaults: false', () => {
    expect(createRedactor({ defaults: false, paths: ['a'] })({ a: 1, password: 'p' })).toEqual({ a: REDACTED, password: 'p' });
  });

  it('is disabled entirely by false and returns the very same object', () => {
    const redact = createRedactor(false);
    const value = { password: 'p' };
    expect(redact.enabled).toBe(false);
    expect(redact(value)).toBe(value);
  });

  it('returns the input itself, not a copy, when nothing matched', () => {
    const value = { input: { a: 1, b: [1, 2, { c: 3 }] }, output: 'x' };
    expect(createRedactor(['input.email'])(value)).toBe(value);
  });

  it('copies only what it changes and never mutates the input', () => {
    const untouched = { a: 1 };
    const value = { input: { password: 'p' }, other: untouched };
    const out = createRedactor()(value);
    expect(value.input.password).toBe('p');
    expect(out.other).toBe(untouched);
  });

  it('gives equal HMAC-SHA256 hashes for equal inputs, so redacted ids stay joinable', () => {
    const redact = createRedactor({ paths: ['input.user_id'], hashKey: KEY_A });
    const a = redact({ input: { user_id: 'u-1' } }).input.user_id;
    expect(a).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(redact({ input: { user_id: 'u-1' } }).input.user_id).toBe(a);
    expect(redact({ input: { user_id: 'u-2' } }).input.user_id).not.toBe(a);
  });

  it('gives different hashes under different keys', () => {
    const value = { input: { user_id: 'u-1' } };
    const a = createRedactor({ paths: ['input.user_id'], hashKey: KEY_A })(value).input.user_id;
    const b = createRedactor({ paths: ['input.user_id'], hashKey: KEY_B })(value).input.user_id;
    expect(a).not.toBe(b);
  });

  it('never throws on values: cycles, throwing getters, BigInt under a hashed key', () => {
    const value: any = { password: 10n, list: [] };
    value.list.push(value);
    Object.defineProperty(value, 'bad', { enumerable: true, get: () => { throw new Error('x'); } });
    const out = createRedactor({ hashKey: KEY_A })(value);
    expect(out.password).toMatch(/^hmac-sha256:/);
    expect(out.list[0]).toBe(value);
  });

  it.each([
    [['input..email'], 'redact[0]', 'empty segment'],
    [['input.'], 'redact[0]', 'empty segment'],
    [[''], 'redact[0]', 'empty string'],
    [['pass*'], 'redact[0]', 'whole segment'],
    [{ paths: ['ok', 7] }, 'redact.paths[1]', 'dotted path'],
    [{ hashKey: 'short' }, 'redact.hashKey', 'at least 16 characters'],
    [{ path: ['a'] }, 'redact.path', 'unknown option'],
    [{ defaults: 'no' }, 'redact.defaults', 'true or false'],
    ['input.email', 'redact', 'expected a list of paths'],
  ])('rejects %p at creation with a ConfigError naming %s', (option, name, fix) => {
    let error: unknown;
    try {
      createRedactor(option as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).option).toBe(name);
    expect((error as ConfigError).message).toContain(fix);
  });
});
