import * as fc from 'fast-check';
import { DEFAULT_REDACT_KEYS, isDefaultRedactKey } from '../../src/ml/redaction';

// isDefaultRedactKey() answers most keys from their length and first and last letters, without a
// lookup, because it runs on every key of every enabled log call. These check that the quick
// answer never differs from the plain definition: the last dotted segment, lower-cased, without
// - and _, is on the list.

const NORMALISED = new Set(DEFAULT_REDACT_KEYS.map((key) => key.toLowerCase().replace(/[-_]/g, '')));
const byDefinition = (key: string): boolean => NORMALISED.has((key.split('.').pop() as string).toLowerCase().replace(/[-_]/g, ''));

describe('isDefaultRedactKey()', () => {
  it.each([
    ['http.method', false], ['http.route', false], ['user.id', false], ['duration_ms', false], ['ctx', false],
    ['tenant', false], ['attempt', false], ['region', false], ['http.status_code', false],
    ['token_', true], ['__Password__', true], ['a.b.SET-COOKIE', true], ['x.\u212Aey', false], ['cred.entials', false],
    ['passwords', false], ['tok3n', false], ['.pwd', true], ['pwd.', false],
  ])('says %p is %p', (key, expected) => {
    expect(isDefaultRedactKey(key)).toBe(expected);
  });

  it('agrees with the definition for default keys in any spelling, with prefixes and suffixes', () => {
    const spelled = fc.tuple(
      fc.constantFrom(...DEFAULT_REDACT_KEYS),
      fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
      fc.constantFrom('', '_', '-', '__', 'x', '1', '\u212A', '\u0130'),
      fc.constantFrom('', '_', '-', 's', '1', '\u212A', '\u0130'),
      fc.constantFrom('', 'a.', 'http.request.header.', '.', 'x_y.'),
    ).map(([key, upper, before, after, prefix]) =>
      prefix + before + [...key].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c)).join('').replace(/_/g, upper[0] ? '-' : '_') + after);
    fc.assert(fc.property(spelled, (key) => isDefaultRedactKey(key) === byDefinition(key)), { numRuns: 2000 });
  });

  it('agrees with the definition for arbitrary keys', () => {
    const key = fc.oneof(fc.string({ maxLength: 24 }), fc.string({ unit: 'binary', maxLength: 24 }), fc.stringMatching(/^[a-zA-Z0-9_.-]{0,20}$/));
    fc.assert(fc.property(key, (k) => isDefaultRedactKey(k) === byDefinition(k)), { numRuns: 5000 });
  });
});
