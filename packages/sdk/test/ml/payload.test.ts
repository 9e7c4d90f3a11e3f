import * as fc from 'fast-check';
import { SHAPE_FAILED, shapeBody, shapePayload } from '../../src/ml/payload';
import { DEFAULT_PAYLOAD_OPTIONS, resolvePayloadOptions, type PayloadOptions } from '../../src/ml/payloadOptions';
import { createRedactor, REDACTED } from '../../src/ml/redaction';

const defaults = resolvePayloadOptions();
const opts = (o: Partial<PayloadOptions>) => resolvePayloadOptions(o);
const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '');

describe('shapePayload() modes', () => {
  it("replaces any value by '[omitted]' in none mode", () => {
    expect(shapePayload({ secret: 'x', data: [1, 2] }, opts({ mode: 'none' }))).toBe('[omitted]');
  });

  it('keeps small values as they are in full mode', () => {
    const value = { a: 1, b: 'two', c: [true, null], d: { e: [0.1, 0.8, 0.1] } };
    expect(shapePayload(value, defaults)).toEqual(value);
  });

  it('keeps a small typed array as a list of numbers in full mode', () => {
    expect(shapePayload(Float64Array.of(0.25, 0.75), defaults)).toEqual([0.25, 0.75]);
  });

  it('summarises every numeric array, even a short one, in summary mode', () => {
    const out = shapePayload({ probabilities: [0.1, 0.8, 0.1], label: 'setosa' }, opts({ mode: 'summary' })) as Record<string, any>;
    expect(out.label).toBe('setosa');
    expect(out.probabilities.$summary).toMatchObject({ type: 'number[]', shape: [3], min: 0.1, max: 0.8 });
  });

  it('keeps objects only three levels deep in summary mode', () => {
    expect(shapePayload({ a: { b: { c: { d: 1 } } } }, opts({ mode: 'summary' }))).toEqual({ a: { b: { c: '[Object]' } } });
  });
});

describe('shapePayload() cutting', () => {
  it('summarises a numeric array longer than maxArrayItems', () => {
    const out = shapePayload(Array.from({ length: 10 }, (_, i) => i), opts({ maxArrayItems: 5 })) as any;
    expect(out.$summary).toMatchObject({ type: 'number[]', shape: [10], min: 0, max: 9, mean: 4.5 });
  });

  it('summarises a nested numeric array whose element count is over maxArrayItems, keeping its shape', () => {
    const matrix = Array.from({ length: 4 }, (_, r) => Array.from({ length: 4 }, (_, c) => r * 4 + c));
    expect((shapePayload(matrix, opts({ maxArrayItems: 10 })) as any).$summary.shape).toEqual([4, 4]);
  });

  it('cuts a non-numeric array with a marker saying how many items were cut', () => {
    const words = Array.from({ length: 100 }, (_, i) => `w${i}`);
    expect(shapePayload(words, opts({ maxArrayItems: 3 }))).toEqual(['w0', 'w1', 'w2', '[…97 more items]']);
  });

  it('cuts a long string with a marker saying how many characters were cut', () => {
    expect(shapePayload('a'.repeat(1000), opts({ maxStringLength: 100 }))).toBe(`${'a'.repeat(100)}…[900 more chars]`);
  });

  it('never splits a surrogate pair when cutting', () => {
    const out = shapePayload('a'.repeat(99) + '😀'.repeat(10), opts({ maxStringLength: 100 })) as string;
    expect(out).toBe(`${'a'.repeat(99)}…[20 more chars]`);
  });

  it('cuts an object with many keys with a marker entry', () => {
    const wide = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
    expect(shapePayload(wide, opts({ maxArrayItems: 2 }))).toEqual({ k0: 0, k1: 1, '…': '[…8 more keys]' });
  });

  it('replaces containers below the depth limit with a marker', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 20; i++) deep = { next: deep };
    expect(JSON.stringify(shapePayload(deep, defaults))).toContain('"next":"[Object]"');
  });
});

describe('shapePayload() conversions', () => {
  it.each([
    ['BigInt', 12345678901234567890n, '12345678901234567890'],
    ['Date', new Date(Date.UTC(2025, 0, 2)), '2025-01-02T00:00:00.000Z'],
    ['invalid Date', new Date(NaN), 'Invalid Date'],
    ['NaN', NaN, 'NaN'],
    ['-Infinity', -Infinity, '-Infinity'],
    ['named function', function score() {}, '[Function: score]'],
    ['symbol', Symbol('tag'), '[Symbol(tag)]'],
    ['Error', new RangeError('too big'), { type: 'RangeError', message: 'too big' }],
    ['Map', new Map<unknown, unknown>([['a', 1], [2, 'b']]), { a: 1, 2: 'b' }],
    ['Set', new Set([1, 'x']), [1, 'x']],
    ['boxed string', new String('s'), 's'],
    ['object with toJSON', { toJSON: () => ({ via: 'toJSON' }) }, { via: 'toJSON' }],
    ['undefined in an array', [1, undefined], [1, null]],
    ['undefined in an object (dropped)', { a: 1, b: undefined }, { a: 1 }],
  ])('converts %s', (_name, value, expected) => {
    expect(shapePayload(value, defaults)).toEqual(expected);
  });

  it('summarises a Buffer as length and hash, never its bytes', () => {
    const out = shapePayload({ image: Buffer.from('raw-bytes') }, defaults) as any;
    expect(out.image.$bytes.length).toBe(9);
    expect(JSON.stringify(out)).not.toContain('raw-bytes');
  });

  it("marks a circular reference '[Circular]' but renders a shared, non-circular one twice", () => {
    const shared = { x: 1 };
    const value: any = { a: shared, b: shared };
    value.self = value;
    expect(shapePayload(value, defaults)).toEqual({ a: { x: 1 }, b: { x: 1 }, self: '[Circular]' });
  });

  it('turns a throwing getter into a marker and still keeps the other keys', () => {
    const value = { ok: 1 };
    Object.defineProperty(value, 'bad', { enumerable: true, get: () => { throw new TypeError('nope'); } });
    expect(shapePayload(value, defaults)).toEqual({ ok: 1, bad: '[Getter threw TypeError]' });
  });

  it('reads each getter once, even when the budget forces several renderings', () => {
    let reads = 0;
    const value = { long: 'x'.repeat(5000) };
    Object.defineProperty(value, 'counted', { enumerable: true, get: () => (reads++, 'y'.repeat(3000)) });
    shapePayload(value, opts({ maxBytes: 512 }));
    expect(reads).toBe(1);
  });

  it('writes a __proto__ key as data, not as a prototype', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    const out = shapePayload(value, defaults) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
    expect(({} as any).polluted).toBeUndefined();
    expect((out as any).polluted).toBeUndefined();
  });

  it('does not mutate its input', () => {
    const input = { text: 'z'.repeat(5000), list: Array.from({ length: 500 }, (_, i) => ({ i })), nested: { deep: [1, 2] } };
    const before = structuredClone(input);
    shapePayload(input, opts({ maxBytes: 300, maxArrayItems: 2 }));
    expect(input).toEqual(before);
  });

  it('returns a marker instead of throwing when a Proxy refuses to list its keys', () => {
    const hostile = new Proxy({}, { ownKeys() { throw new Error('no'); } });
    expect(shapePayload({ hostile }, defaults)).toEqual({ hostile: '[Unreadable]' });
    expect(SHAPE_FAILED).toMatch(/^\[mlotel/);
  });
});

describe('shapePayload() byte budget', () => {
  it('summarises a 1,000,000-value Float32Array into a body under the default budget', () => {
    const embedding = new Float32Array(1_000_000);
    for (let i = 0; i < embedding.length; i++) embedding[i] = (i % 2000) / 1000 - 1;
    const body = shapeBody({ input: { embedding }, output: 'cat' }, defaults) as any;
    expect(body.output).toBe('cat');
    expect(body.input.embedding.$summary).toMatchObject({ type: 'Float32Array', shape: [1_000_000], nan: 0 });
    expect(jsonBytes(body)).toBeLessThan(DEFAULT_PAYLOAD_OPTIONS.maxBytes);
  });

  it('cuts the largest parts first, keeping small fields whole', () => {
    const value = { label: 'setosa', notes: 'n'.repeat(900), rows: Array.from({ length: 100 }, (_, i) => `row ${i}`) };
    const out = shapePayload(value, opts({ maxBytes: 600 })) as any;
    expect(jsonBytes(out)).toBeLessThanOrEqual(600);
    expect(out.label).toBe('setosa');
    expect(out.notes).toMatch(/…\[\d+ more chars\]$/);
    expect(out.rows[out.rows.length - 1]).toMatch(/^\[…\d+ more items\]$/);
  });

  it('replaces a value that cannot be made small enough with $truncated (bytes and sha256)', () => {
    const out = shapePayload('\u0001'.repeat(1000), opts({ maxBytes: 256, maxStringLength: 80 })) as any;
    expect(out.$truncated).toEqual({ bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(out.$truncated.bytes).toBeGreaterThan(256);
  });

  it('keeps the field names of a body whatever the budget', () => {
    const body = shapeBody({ input: { a: 'a'.repeat(5000), b: 'b'.repeat(5000) }, output: 'o'.repeat(5000), extra: undefined }, opts({ maxBytes: 256 }));
    expect(Object.keys(body)).toEqual(['input', 'output']);
    expect(jsonBytes(body)).toBeLessThanOrEqual(256);
  });

  it("gives '[omitted]' per field in none mode", () => {
    expect(shapeBody({ input: [1, 2], output: 3, actual: undefined }, opts({ mode: 'none' }))).toEqual({ input: '[omitted]', output: '[omitted]' });
  });

  it('stays bounded on a structure that shares subtrees exponentially', () => {
    let node: unknown = 'leaf';
    for (let i = 0; i < 30; i++) node = { a: node, b: node, c: node };
    expect(jsonBytes(shapePayload(node, defaults))).toBeLessThanOrEqual(defaults.maxBytes);
  });
});

describe('shapePayload() with a redactor', () => {
  const redactor = createRedactor({ paths: ['input.email', '*.password', 'input.rows.*.ssn'] });

  it('redacts by path, by wildcard and by the default list, relative to the body', () => {
    const body = shapeBody({
      input: { email: 'a@b.c', password: 'p', rows: [{ ssn: '1', ok: 1 }], nested: { Authorization: 'Bearer x' } },
      output: { password: 'q', label: 'ok' },
    }, defaults, redactor);
    expect(body).toEqual({
      input: { email: REDACTED, password: REDACTED, rows: [{ ssn: REDACTED, ok: 1 }], nested: { Authorization: REDACTED } },
      output: { password: REDACTED, label: 'ok' },
    });
  });

  it('redacts keys of a Map, which a plain-object walk would miss', () => {
    expect(shapeBody({ input: new Map([['token', 'abc']]) }, defaults, redactor)).toEqual({ input: { token: REDACTED } });
  });

  it('hashes redacted values with HMAC, equal for equal inputs', () => {
    const hashed = createRedactor({ paths: ['input.user'], hashKey: 'k'.repeat(32) });
    const a = shapeBody({ input: { user: 'u-42' } }, defaults, hashed) as any;
    const b = shapeBody({ input: { user: 'u-42' } }, defaults, hashed) as any;
    expect(a.input.user).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(a.input.user).toBe(b.input.user);
  });
});

describe('shapeBody() on wide objects of a shape seen before', () => {
  // Objects of 16+ keys whose shape was seen before are built from a template (one allocation);
  // these check that the result is the same as for a shape seen for the first time.
  const wide = (prefix: string, value: (i: number) => unknown = (i) => i * 0.5) =>
    Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`${prefix}${i}`, value(i)]));
  const shapeTwice = (make: () => Record<string, unknown>, o = defaults, redactor?: ReturnType<typeof createRedactor>) => {
    const first = shapeBody({ input: make() }, o, redactor);
    shapeBody({ input: make() }, o, redactor);
    const third = shapeBody({ input: make() }, o, redactor);
    expect(third).toEqual(first);
    return third as { input: Record<string, unknown> };
  };

  it('copies every key and value of a repeated 40-key shape', () => {
    const out = shapeTwice(() => wide('a'));
    expect(out.input).toEqual(wide('a'));
    expect(Object.keys(out.input)).toEqual(Object.keys(wide('a')));
  });

  it('leaves out undefined values and the keys after them stay in order', () => {
    const out = shapeTwice(() => wide('b', (i) => (i === 7 ? undefined : i)));
    expect(Object.keys(out.input)).toHaveLength(39);
    expect(out.input).not.toHaveProperty('b7');
    expect(Object.keys(out.input)[7]).toBe('b8');
  });

  it('turns a throwing getter into a marker in the middle of a repeated shape', () => {
    const make = () => {
      const value = wide('c');
      Object.defineProperty(value, 'c3', { enumerable: true, get: () => { throw new TypeError('no'); } });
      return value;
    };
    expect(shapeTwice(make).input.c3).toBe('[Getter threw TypeError]');
  });

  it('redacts default keys and paths inside a repeated shape', () => {
    const redactor = createRedactor({ paths: ['input.d5'] });
    const out = shapeTwice(() => ({ ...wide('d'), password: 'p' }), defaults, redactor);
    expect(out.input.d5).toBe(REDACTED);
    expect(out.input.password).toBe(REDACTED);
    expect(out.input.d6).toBe(3);
  });

  it('cuts a repeated shape with more keys than maxArrayItems', () => {
    const out = shapeTwice(() => wide('e'), opts({ maxArrayItems: 20 }));
    expect(Object.keys(out.input)).toHaveLength(21);
    expect(out.input['…']).toBe('[…20 more keys]');
  });

  it('keeps the result under budget when a repeated shape is too big', () => {
    const out = shapeTwice(() => wide('g', (i) => `${i}`.repeat(100)), opts({ maxBytes: 1024 }));
    expect(jsonBytes(out)).toBeLessThanOrEqual(1024);
  });

  it('does not share values between results of the same shape', () => {
    const a = shapeBody({ input: wide('h') }, defaults) as any;
    const b = shapeBody({ input: wide('h', () => 'other') }, defaults) as any;
    const c = shapeBody({ input: wide('h', () => 'third') }, defaults) as any;
    expect([a.input.h1, b.input.h1, c.input.h1]).toEqual([0.5, 'other', 'third']);
  });
});

describe('shapePayload() never throws and always meets maxBytes (property)', () => {
  const optionsArb = fc.record({
    mode: fc.constantFrom<'full' | 'summary'>('full', 'summary'),
    maxBytes: fc.integer({ min: 256, max: 4096 }),
    maxArrayItems: fc.integer({ min: 1, max: 64 }),
    maxStringLength: fc.integer({ min: 80, max: 600 }),
  });
  const valueArb = fc.oneof(
    fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withBoxedValues: true, withObjectString: true, maxDepth: 6 }),
    fc.array(fc.double(), { maxLength: 400 }),
    fc.array(fc.array(fc.float(), { minLength: 3, maxLength: 3 }), { maxLength: 50 }),
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 3000 }), { maxKeys: 40 }),
    fc.string({ unit: 'binary', maxLength: 5000 }),
  );

  it('for arbitrary values and options', () => {
    fc.assert(
      fc.property(valueArb, optionsArb, fc.boolean(), (value, options, circular) => {
        if (circular && typeof value === 'object' && value !== null && Object.isExtensible(value)) {
          try { (value as any).self = value; } catch { /* frozen or exotic: fine as it is */ }
        }
        const out = shapePayload(value, options);
        expect(jsonBytes(out)).toBeLessThanOrEqual(options.maxBytes);
        const body = shapeBody({ input: value, output: value }, options);
        expect(jsonBytes(body)).toBeLessThanOrEqual(options.maxBytes);
      }),
      { numRuns: 300 },
    );
  });
});

describe('shapeBody() shaped paths (property)', () => {
  // JSON data with dot-free keys, so that a listed path can be followed back into the body.
  const { json } = fc.letrec((tie) => ({
    json: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string({ maxLength: 300 }),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('json'), { maxLength: 20 }),
      fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 40 }),
      fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), tie('json'), { maxKeys: 20 }),
    ),
  }));
  const optionsArb = fc.record({
    mode: fc.constant<'full'>('full'),
    maxBytes: fc.integer({ min: 256, max: 4096 }),
    maxArrayItems: fc.integer({ min: 1, max: 16 }),
    maxStringLength: fc.integer({ min: 80, max: 300 }),
  });
  const at = (root: unknown, path: string): { found: boolean } => {
    let node: any = root;
    for (const segment of path.split('.')) {
      if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return { found: false };
      node = node[segment];
    }
    return { found: true };
  };

  it('lists a path exactly when the body differs from the input, and every listed path is in the body', () => {
    fc.assert(
      fc.property(json, json, optionsArb, (input, output, options) => {
        const shaped: string[] = [];
        const body = shapeBody({ input, output }, options, undefined, shaped);
        // JSON text: the generator's dictionaries have no prototype, the body's objects do.
        const changed = JSON.stringify(body) !== JSON.stringify({ input, output });
        expect(shaped.length > 0).toBe(changed);
        expect(shaped.length).toBeLessThanOrEqual(32);
        expect(new Set(shaped).size).toBe(shaped.length);
        for (const path of shaped) if (path !== '…') expect([path, at(body, path)]).toEqual([path, { found: true }]);
      }),
      { numRuns: 400 },
    );
  });
});
