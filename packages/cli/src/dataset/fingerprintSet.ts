/**
 * A compact set of 32-bit string fingerprints (open addressing over a Uint32Array): 8 to 16
 * bytes per member instead of the ~60 a `Set<string>` of short ids takes. Two different
 * strings can share a fingerprint, so a "seen" answer means "maybe seen": callers must
 * confirm with the real strings (see latestPredictions.ts), a "new" answer is certain.
 */

const EMPTY = 0;
const INITIAL_CAPACITY = 1 << 12;

/** FNV-1a over the UTF-16 code units, then the murmur3 finaliser to spread the bits; never 0. */
function fingerprint(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h >>>= 0;
  return h === EMPTY ? 1 : h;
}

/**
 * Set of string fingerprints.
 * @example const s = new FingerprintSet(); s.add('p1') // true (new); s.add('p1') // false
 */
export class FingerprintSet {
  private slots = new Uint32Array(INITIAL_CAPACITY);
  private count = 0;

  /** Members added (distinct fingerprints). */
  get size(): number {
    return this.count;
  }

  /**
   * Adds the fingerprint of `s`. Returns true when it was not in the set (so `s` was
   * certainly never added), false when it was (`s`, or a string with the same fingerprint).
   */
  add(s: string): boolean {
    // Grow at half full: linear probing stays short, and the table is at most 16 bytes a member.
    if (this.count * 2 >= this.slots.length) this.grow();
    const added = insert(this.slots, fingerprint(s));
    if (added) this.count++;
    return added;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    for (const f of old) if (f !== EMPTY) insert(this.slots, f);
  }
}

function insert(slots: Uint32Array, f: number): boolean {
  const mask = slots.length - 1;
  for (let i = f & mask; ; i = (i + 1) & mask) {
    const v = slots[i];
    if (v === f) return false;
    if (v === EMPTY) {
      slots[i] = f;
      return true;
    }
  }
}
