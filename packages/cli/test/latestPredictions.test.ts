/**
 * LatestPredictions: the row kept for a repeated prediction id, and exactness when two ids
 * share a 32-bit fingerprint.
 */
import { FingerprintSet } from '../src/dataset/fingerprintSet';
import { LatestPredictions } from '../src/dataset/latestPredictions';

/** Notes the rows, then asks keeps() for each, in order, as buildDataset does. */
function kept(rows: Array<[id: string, time: number]>): boolean[] {
  const latest = new LatestPredictions();
  rows.forEach(([id, time], i) => latest.note(id, time, i));
  return rows.map(([id, time], i) => latest.keeps(id, time, i));
}

describe('LatestPredictions', () => {
  it.each([
    ['a later time wins', [['p', 1], ['p', 2]], [false, true]],
    ['an earlier first occurrence loses to a later time', [['p', 5], ['q', 1], ['p', 9]], [false, true, true]],
    ['a first occurrence with the latest time wins', [['p', 9], ['p', 5], ['p', 7]], [true, false, false]],
    ['equal times: the one read last wins', [['p', 3], ['p', 3], ['p', 3]], [false, false, true]],
    ['a missing time loses to any time', [['p', 4], ['p', -Infinity]], [true, false]],
    ['the best among later occurrences wins', [['p', 1], ['p', 8], ['p', 2]], [false, true, false]],
  ] as Array<[string, Array<[string, number]>, boolean[]]>)('%s', (_name, rows, expected) => {
    expect(kept(rows)).toEqual(expected);
  });

  it('needs no final pass when no id repeats', () => {
    const latest = new LatestPredictions();
    ['a', 'b', 'c'].forEach((id, i) => latest.note(id, i, i));
    expect(latest.mayRepeat).toBe(false);
  });

  // Two ids with the same 32-bit fingerprint (found by search): the set cannot tell them apart.
  const TWINS = ['f166716e3418', '8e88fe29cb3a'] as const;

  it('has fingerprint twins to test with', () => {
    const set = new FingerprintSet();
    expect(set.add(TWINS[0])).toBe(true);
    expect(set.add(TWINS[1])).toBe(false);
  });

  it.each([
    ['distinct ids sharing a fingerprint are both kept', [[TWINS[0], 5], [TWINS[1], 1]], [true, true]],
    ['a twin does not hide a real repeat', [[TWINS[0], 5], [TWINS[1], 1], [TWINS[0], 2], [TWINS[1], 3]], [true, false, false, true]],
  ] as Array<[string, Array<[string, number]>, boolean[]]>)('%s', (_name, rows, expected) => {
    expect(kept(rows)).toEqual(expected);
  });
});

describe('FingerprintSet', () => {
  it('says new exactly once per string and grows past its initial size', () => {
    const set = new FingerprintSet();
    const ids = Array.from({ length: 20_000 }, (_, i) => `id-${i}`);
    const firstAdds = ids.filter((id) => set.add(id)).length;
    expect(ids.some((id) => set.add(id))).toBe(false);
    expect(firstAdds).toBe(set.size);
    expect(firstAdds).toBeGreaterThan(19_990); // twins at 20k strings: ~0.05 expected
  });
});
