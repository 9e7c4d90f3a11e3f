import { LIMITS, MARKERS } from '../../src/internal/limits';
import { isClean, sanitizeValue } from '../../src/internal/sanitize';

describe('isClean()', () => {
  it.each([
    ['a string', 'x'], ['a number', 1.5], ['a boolean', true], ['null', null],
    ['a plain object', { a: 1, b: { c: [1, 'x', null] } }], ['an array', [1, 2, 3]], ['bytes', new Uint8Array([1, 2])],
    ['a null-prototype object', Object.assign(Object.create(null) as object, { a: 1 })],
    ['a well-behaved Proxy of a plain object', new Proxy({ a: 1 }, {})],
  ])('accepts %s as it is', (_name, value) => {
    expect(isClean(value)).toBe(true);
  });

  const circular: Record<string, unknown> = { a: 1 };
  circular.self = circular;
  const shared = { s: 1 };
  it.each([
    ['undefined (sdk-logs 3.x drops such keys: it is copied as null)', undefined], ['a map with an undefined value', { a: undefined }],
    ['a BigInt', 10n], ['a Symbol', Symbol('s')], ['a function', () => 1], ['a Date', new Date(0)],
    ['a Map', new Map()], ['a class instance', new (class Foo { x = 1 })()], ['a circular object', circular],
    ['the same object twice', { a: shared, b: shared }], ['a Proxy whose traps throw', new Proxy({}, { ownKeys() { throw new Error('no'); } })],
    ['a long string', 'x'.repeat(LIMITS.maxStringLength + 1)], ['a long array', new Array(LIMITS.maxArrayItems + 1).fill(0)],
    ['a throwing getter', { get boom(): never { throw new Error('no'); } }],
  ])('sends %s to the copying path', (_name, value) => {
    expect(isClean(value)).toBe(false);
  });
});

describe('sanitizeValue()', () => {
  it('turns a BigInt into its decimal string', () => {
    expect(sanitizeValue({ n: 12345678901234567890n })).toEqual({ n: '12345678901234567890' });
  });

  it('turns a Date into an ISO string and an invalid Date into a marker', () => {
    expect(sanitizeValue([new Date(0), new Date(NaN)])).toEqual(['1970-01-01T00:00:00.000Z', 'Invalid Date']);
  });

  it('replaces a circular reference with [Circular] but copies a shared one', () => {
    const node: Record<string, unknown> = { name: 'n' };
    node.self = node;
    const shared = { s: 1 };
    expect(sanitizeValue({ node, a: shared, b: shared })).toEqual({ node: { name: 'n', self: MARKERS.circular }, a: { s: 1 }, b: { s: 1 } });
  });

  it('cuts nesting at the depth limit with a marker', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < LIMITS.maxDepth + 3; i++) deep = { d: deep };
    let value = sanitizeValue(deep) as Record<string, unknown>;
    for (let i = 0; i < LIMITS.maxDepth; i++) value = value.d as Record<string, unknown>;
    expect(value).toBe(MARKERS.depth);
  });

  it('cuts long strings, arrays and objects with visible markers', () => {
    const text = sanitizeValue('y'.repeat(LIMITS.maxStringLength + 5)) as string;
    expect(text.endsWith('…[truncated 5 chars]')).toBe(true);
    const list = sanitizeValue(new Array(LIMITS.maxArrayItems + 2).fill(1)) as unknown[];
    expect(list).toHaveLength(LIMITS.maxArrayItems + 1);
    expect(list[LIMITS.maxArrayItems]).toBe('[… 2 more items]');
    const wide: Record<string, number> = {};
    for (let i = 0; i < LIMITS.maxKeys + 3; i++) wide[`k${i}`] = i;
    expect((sanitizeValue(wide) as Record<string, unknown>)[MARKERS.moreKeysKey]).toBe('[3 more keys]');
  });

  it('replaces a throwing getter with [Unreadable] and keeps the other keys', () => {
    const value = { ok: 1, get boom(): never { throw new Error('no'); } };
    expect(sanitizeValue(value)).toEqual({ ok: 1, boom: MARKERS.unreadable });
  });

  it('survives a Proxy whose traps all throw', () => {
    const hostile = new Proxy({}, {
      get() { throw new Error('get'); },
      ownKeys() { throw new Error('ownKeys'); },
      getPrototypeOf() { throw new Error('proto'); },
    });
    expect(sanitizeValue({ hostile })).toEqual({ hostile: MARKERS.unreadable });
  });

  it('describes Symbols, functions, Errors, Maps, Sets and class instances', () => {
    expect(sanitizeValue({
      s: Symbol('tag'),
      f: function named() {},
      e: new TypeError('bad'),
      m: new Map<unknown, unknown>([['a', 1], [2, 'b']]),
      set: new Set([1, 2]),
      c: new (class Point { x = 1; y = 2 })(),
      u: new URL('http://x.test/a'),
    })).toEqual({
      s: 'Symbol(tag)', f: '[Function named]', e: 'TypeError: bad', m: { a: 1, 2: 'b' }, set: [1, 2],
      c: { x: 1, y: 2 }, u: 'http://x.test/a',
    });
  });
});
