/**
 * Accuracy, per-class precision and recall, and the confusion matrix of one group, from its
 * labelled successful predictions. Counts are kept per (label slot, output slot) pair, so
 * memory is bounded by the square of the class cap (and by the pairs that occur, usually far fewer).
 */
import { classKey, classLabel, compareClasses } from './classValue.js';
import { OTHER_CLASS, type ClassSlots } from './classSlots.js';
import type { ClassificationReport, ClassReport } from './evalReport.js';

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/**
 * Counts outputs against labels for one group.
 * @example
 * const slots = new ClassSlots(50);
 * const m = new ClassificationMetrics(slots);
 * m.add('cat', 'cat'); m.add('dog', 'cat');
 * m.report().accuracy // 0.5
 */
export class ClassificationMetrics {
  /** Weight per `actualSlot * (maxClasses + 1) + predictedSlot`. */
  private readonly cells = new Map<number, number>();
  private evaluated = 0;
  private correct = 0;

  constructor(private readonly slots: ClassSlots) {}

  /** Counts one labelled successful prediction; output and label compared as JSON values. */
  add(output: unknown, actual: unknown, weight = 1): void {
    const actualKey = classKey(actual);
    const outputKey = classKey(output);
    const a = this.slots.slotOf(actual, actualKey);
    const p = this.slots.slotOf(output, outputKey);
    const cell = a * (this.slots.maxClasses + 1) + p;
    this.cells.set(cell, (this.cells.get(cell) ?? 0) + weight);
    this.evaluated++;
    // Equality of the values, not of the slots: two classes past the cap share (other).
    if (actualKey === outputKey) this.correct += weight;
  }

  /** The metrics so far. */
  report(): ClassificationReport {
    const width = this.slots.maxClasses + 1;
    const support = new Map<number, number>();
    const predicted = new Map<number, number>();
    let total = 0;
    for (const [cell, weight] of this.cells) {
      const a = Math.floor(cell / width);
      const p = cell % width;
      support.set(a, (support.get(a) ?? 0) + weight);
      predicted.set(p, (predicted.get(p) ?? 0) + weight);
      total += weight;
    }
    const other = this.slots.otherSlot;
    const order = [...new Set([...support.keys(), ...predicted.keys()])]
      .filter((slot) => slot !== other)
      .sort((x, y) => compareClasses(this.slots.valueOf(x), this.slots.valueOf(y)));
    if (support.has(other) || predicted.has(other)) order.push(other);

    const classes: ClassReport[] = order.map((slot) => {
      const isOther = slot === other;
      const right = isOther ? 0 : (this.cells.get(slot * width + slot) ?? 0);
      const value = isOther ? null : this.slots.valueOf(slot);
      return {
        label: isOther ? OTHER_CLASS : classLabel(value),
        value,
        other: isOther,
        support: support.get(slot) ?? 0,
        predicted: predicted.get(slot) ?? 0,
        precision: isOther ? null : ratio(right, predicted.get(slot) ?? 0),
        recall: isOther ? null : ratio(right, support.get(slot) ?? 0),
      };
    });
    return {
      evaluated: this.evaluated,
      correct: this.correct,
      accuracy: ratio(this.correct, total),
      classes,
      confusion: {
        labels: classes.map((c) => c.label),
        counts: order.map((a) => order.map((p) => this.cells.get(a * width + p) ?? 0)),
      },
    };
  }
}
