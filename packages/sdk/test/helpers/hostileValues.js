'use strict';
// Values real programs pass by mistake, named for test titles. One list for the SDK's
// never-throw property (packages/sdk/test/neverThrows.test.ts), its setup-error table
// (setupErrors.test.ts) and the fault suite's fuzzer (test/fault/fixtures/fuzzSdk.js), which
// runs in a plain Node child process: hence JavaScript, with types in hostileValues.d.ts.

/**
 * Values that defeat a naive `String()`, `JSON.stringify()` or property walk: each made some
 * log or setup call throw at one point (docs/reliability.md, F2). Setup calls must answer every
 * one of them with a ConfigError; log calls must take them without throwing.
 */
function hostileValues() {
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  const revokedArray = Proxy.revocable([], {});
  revokedArray.revoke();
  const circular = { name: 'loop' };
  circular.self = circular;
  const throwing = () => { throw new Error('trap'); };
  const everyTrapThrows = new Proxy({}, {
    get: throwing, has: throwing, ownKeys: throwing, getOwnPropertyDescriptor: throwing, getPrototypeOf: throwing,
  });
  return [
    ['a revoked Proxy', revocable.proxy],
    ['a revoked array Proxy', revokedArray.proxy],
    ['a Proxy whose every trap throws', everyTrapThrows],
    ['an object whose toString throws', { toString: throwing, valueOf: throwing }],
    ['an object whose toJSON throws', { toJSON: throwing }],
    ['an object with a throwing getter', Object.defineProperty({}, 'mode', { get: throwing, enumerable: true })],
    ['a BigInt', 10n],
    ['a circular object', circular],
    ['a Symbol', Symbol('level')],
    ['a function', throwing],
    ['a 70,000-character string', 'X'.repeat(70_000)],
  ];
}

/**
 * Values that are valid JavaScript but awkward for a log call: over the SDK's limits (more
 * than 1,000 items, typed arrays), without a prototype, with object keys, non-finite numbers,
 * an Error whose cause is hostile. Not for the setup table: some are acceptable there.
 */
function awkwardValues() {
  const circular = { name: 'loop' };
  circular.self = circular;
  const throwing = () => { throw new Error('trap'); };
  const everyTrapThrows = new Proxy({}, { get: throwing, ownKeys: throwing, getPrototypeOf: throwing });
  return [
    ['an Error whose cause is a throwing Proxy', new Error('outer', { cause: everyTrapThrows })],
    ['an invalid Date', new Date(NaN)],
    ['1,200 objects in an array', new Array(1200).fill({ a: 1 })],
    ['a null-prototype object', Object.create(null)],
    ['a Map with an object key', new Map([[{}, 1]])],
    ['a Set holding a circular object', new Set([circular])],
    ['a Float32Array of 1,500', new Float32Array(1500).fill(0.5)],
    ['a Float64Array of NaN, Infinity, -0', new Float64Array([NaN, Infinity, -0])],
    ['a Uint8Array of 3,000', new Uint8Array(3000)],
    ['a WeakMap', new WeakMap()],
    ['a Promise', Promise.resolve(1)],
    ['NaN', NaN],
    ['-0', -0],
    ['Infinity', Infinity],
    ['undefined', undefined],
    ['null', null],
  ];
}

module.exports = { hostileValues, awkwardValues };
