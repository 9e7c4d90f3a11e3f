/**
 * Which prediction record makes the row when a prediction id is recorded more than once (an
 * exporter retry, a batch written twice, the same file given twice, a retried request that
 * reuses its id): the one with the latest `time` wins, equal times going to the one read last,
 * the same rule as for feedback. The others are left out and counted as duplicates.
 *
 * Rows are streamed out before the last record of an id may have been read, so the decision
 * takes two steps: while rows are written, {@link LatestPredictions.note} remembers every id
 * only as a 32-bit fingerprint (8 to 16 bytes) and keeps exact details only for ids that
 * repeat; a final pass over the written rows then asks {@link LatestPredictions.keeps}. Memory
 * is the fingerprints plus the repeated ids, never the predictions themselves.
 */
import { FingerprintSet } from './fingerprintSet.js';

interface Repeated {
  /** Row number of the first occurrence noted with this entry; an earlier row of the id is its first occurrence. */
  firstNoted: number;
  /** Best (latest) time among the noted occurrences, and its row number. */
  bestTime: number;
  bestRow: number;
  /** Decided in the final pass: whether the unnoted first occurrence beat the noted ones. */
  earlierWins: boolean;
}

/**
 * Tracks prediction ids across the written rows and picks the winning row of each.
 * @example
 * const latest = new LatestPredictions();
 * latest.note('p1', 10, 0); latest.note('p1', 20, 1);
 * latest.keeps('p1', 10, 0) // false; latest.keeps('p1', 20, 1) // true
 */
export class LatestPredictions {
  private readonly seen = new FingerprintSet();
  private readonly repeated = new Map<string, Repeated>();

  /**
   * Notes that row number `row` (0-based, in writing order) holds prediction `id` at `time`
   * (ms; -Infinity when unknown). Call once per row, in order.
   */
  note(id: string, time: number, row: number): void {
    const r = this.repeated.get(id);
    if (r) {
      if (time >= r.bestTime) {
        r.bestTime = time;
        r.bestRow = row;
      }
      return;
    }
    if (this.seen.add(id)) return;
    // Seen before (or a fingerprint twin: then no earlier row has this id, and keeps() still
    // decides exactly, because it compares real ids).
    this.repeated.set(id, { firstNoted: row, bestTime: time, bestRow: row, earlierWins: false });
  }

  /** Whether some id may repeat; when false every row is kept and the final pass can be skipped. */
  get mayRepeat(): boolean {
    return this.repeated.size > 0;
  }

  /**
   * Whether row `row` is the one kept for its id. Call once per row with the values given to
   * note(), in the same order (the answer for a later row depends on the earlier ones).
   */
  keeps(id: string, time: number, row: number): boolean {
    const r = this.repeated.get(id);
    if (!r) return true;
    if (row < r.firstNoted) {
      r.earlierWins = time > r.bestTime;
      return r.earlierWins;
    }
    return row === r.bestRow && !r.earlierWins;
  }
}
