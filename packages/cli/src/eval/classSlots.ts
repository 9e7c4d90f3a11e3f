/**
 * The classes an evaluation keeps apart: the first `maxClasses` distinct outputs and labels
 * seen (in row order, labels before outputs within a row); every later one shares the
 * `(other)` slot. One set of slots serves every group, so a class has the same slot
 * everywhere, and memory stays bounded by `maxClasses` whatever the data holds.
 */
import { classKey } from './classValue.js';

/** The name of the slot shared by the classes past the cap. */
export const OTHER_CLASS = '(other)';

/**
 * Assigns slot numbers to classes, first come first served, up to a cap.
 * @example
 * const slots = new ClassSlots(2);
 * slots.slotOf('a') // 0; slots.slotOf('b') // 1; slots.slotOf('c') // 2 (= slots.otherSlot)
 */
export class ClassSlots {
  private readonly byKey = new Map<string, number>();
  private readonly values: unknown[] = [];

  constructor(readonly maxClasses: number) {}

  /** The slot of `(other)`: one past the last real class. */
  get otherSlot(): number {
    return this.maxClasses;
  }

  /** The slot of `value` (JSON-equal values share one), taking a new one while any is left. */
  slotOf(value: unknown, key = classKey(value)): number {
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    if (this.values.length >= this.maxClasses) return this.otherSlot;
    const slot = this.values.length;
    this.byKey.set(key, slot);
    this.values.push(value);
    return slot;
  }

  /** The class value of a slot (undefined for `(other)`). */
  valueOf(slot: number): unknown {
    return this.values[slot];
  }
}
