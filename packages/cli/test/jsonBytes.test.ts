/**
 * JsonBytes.uint64 writes 64-bit unsigned integers without BigInt, caching the split of the
 * high word between calls: held to BigInt's decimal text, across cache hits, misses and the
 * carry from the low limb into the head.
 */
import fc from 'fast-check';
import { JsonBytes } from '../src/otlp/jsonBytes';

function written(pairs: Array<[number, number]>): string[] {
  const out = new JsonBytes(16);
  const texts: string[] = [];
  for (const [hi, lo] of pairs) {
    const mark = out.pos;
    out.uint64(hi, lo);
    texts.push(out.buf.toString('latin1', mark, out.pos));
  }
  return texts;
}

const expected = ([hi, lo]: [number, number]): string => ((BigInt(hi) << 32n) + BigInt(lo)).toString();

describe('JsonBytes.uint64', () => {
  it.each([
    [0, 0], [0, 1], [0, 0xffffffff], [1, 0], [0x1fffff, 0xffffffff], [0x200000, 0], [0x200000, 1],
    [0xffffffff, 0xffffffff], [0x80000000, 0], [0x18a9b8f0, 0x12345678], [2328306437, 0xfffffff0],
    // hi * 2^32 mod 1e10 + lo reaches 1e10: the low limb carries into the head.
    [2328306436, 0xffffffff], [2328306436, 0xfffffff0], [0x18a9b8f0, 0xffffffff],
  ])('writes %d * 2^32 + %d exactly', (hi, lo) => {
    expect(written([[hi, lo]])).toEqual([expected([hi, lo])]);
  });

  it('matches BigInt for sequences that reuse and change the high word (nanosecond timestamps and anything else)', () => {
    const word = fc.integer({ min: 0, max: 0xffffffff });
    const timestampHigh = fc.integer({ min: 0x17000000, max: 0x19000000 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(word, timestampHigh), word), { minLength: 1, maxLength: 20 }), fc.array(word, { maxLength: 20 }), (pairs, sameHighLows) => {
        // Also a run of values sharing the last high word, as consecutive timestamps do.
        const last = pairs[pairs.length - 1] as [number, number];
        const all: Array<[number, number]> = [...pairs, ...sameHighLows.map((lo): [number, number] => [last[0], lo])];
        expect(written(all)).toEqual(all.map(expected));
      }),
      { numRuns: 2000 },
    );
  });
});
