/**
 * The metrics of one group, hand-computed: classification (accuracy, per-class precision and
 * recall, confusion matrix, class cap), regression (MAE, RMSE), the automatic task rule and
 * how classes are compared and ordered.
 */
import { ClassSlots, OTHER_CLASS } from '../src/eval/classSlots';
import { classKey, classLabel, compareClasses } from '../src/eval/classValue';
import { ClassificationMetrics } from '../src/eval/classificationMetrics';
import { parseEvalTask, resolveEvalOptions } from '../src/eval/evalOptions';
import { RegressionMetrics } from '../src/eval/regressionMetrics';
import { TaskEvidence } from '../src/eval/taskDetection';
import { UsageError } from '../src/usageError';

describe('ClassificationMetrics', () => {
  // [label, output]; by hand: rows are labels, columns outputs, classes bird, cat, dog.
  //          bird cat dog
  //   bird     0   1   0
  //   cat      0   2   1
  //   dog      0   0   2
  const PAIRS: Array<[string, string]> = [
    ['cat', 'cat'],
    ['cat', 'dog'],
    ['dog', 'dog'],
    ['dog', 'dog'],
    ['bird', 'cat'],
    ['cat', 'cat'],
  ];

  function metricsOf(pairs: Array<[unknown, unknown]>, maxClasses = 50): ClassificationMetrics {
    const m = new ClassificationMetrics(new ClassSlots(maxClasses));
    for (const [actual, output] of pairs) m.add(output, actual);
    return m;
  }

  it('computes accuracy, per-class precision, recall and support, and the confusion matrix', () => {
    const report = metricsOf(PAIRS).report();
    expect(report.evaluated).toBe(6);
    expect(report.correct).toBe(4);
    expect(report.accuracy).toBeCloseTo(4 / 6, 12);
    expect(report.classes.map((c) => [c.label, c.support, c.predicted, c.precision, c.recall])).toEqual([
      ['bird', 1, 0, null, 0],
      ['cat', 3, 3, 2 / 3, 2 / 3],
      ['dog', 2, 3, 2 / 3, 1],
    ]);
    expect(report.confusion).toEqual({
      labels: ['bird', 'cat', 'dog'],
      counts: [
        [0, 1, 0],
        [0, 2, 1],
        [0, 0, 2],
      ],
    });
  });

  it('compares outputs and labels as JSON values: key order does not matter, 3 and "3" differ', () => {
    const report = metricsOf([
      [{ a: 1, b: [true] }, { b: [true], a: 1 }],
      [3, '3'],
      [true, true],
    ]).report();
    expect(report.correct).toBe(2);
    expect(report.classes.map((c) => c.label)).toEqual(['3', 'true', '3', '{"a":1,"b":[true]}']);
    expect(report.classes.map((c) => c.value)).toEqual([3, true, '3', { a: 1, b: [true] }]);
  });

  it('counts classes past the cap together as (other), without precision or recall, and still right when equal', () => {
    const pairs: Array<[string, string]> = [];
    for (let i = 0; i < 60; i++) pairs.push([`c${String(i).padStart(2, '0')}`, `c${String(i).padStart(2, '0')}`]);
    pairs.push(['c55', 'c56']); // both past the cap: the (other, other) cell, but wrong
    const report = metricsOf(pairs).report();
    expect(report.classes).toHaveLength(51);
    const other = report.classes[50];
    expect(other).toEqual({ label: OTHER_CLASS, value: null, other: true, support: 11, predicted: 11, precision: null, recall: null });
    expect(report.confusion.counts[50]?.[50]).toBe(11);
    expect(report.correct).toBe(60);
    expect(report.accuracy).toBeCloseTo(60 / 61, 12);
  });

  it('weighs each prediction: support, counts and accuracy are weighted sums', () => {
    const m = new ClassificationMetrics(new ClassSlots(50));
    m.add('a', 'a', 4);
    m.add('b', 'a', 1);
    const report = m.report();
    expect(report.evaluated).toBe(2);
    expect(report.accuracy).toBe(0.8);
    expect(report.confusion.counts).toEqual([
      [4, 1],
      [0, 0],
    ]);
  });

  it('has no accuracy before any prediction', () => {
    expect(metricsOf([]).report()).toEqual({ evaluated: 0, correct: 0, accuracy: null, classes: [], confusion: { labels: [], counts: [] } });
  });
});

describe('ClassSlots', () => {
  it('gives slots first come first served and (other) past the cap', () => {
    const slots = new ClassSlots(2);
    expect([slots.slotOf('a'), slots.slotOf('b'), slots.slotOf('c'), slots.slotOf('a'), slots.slotOf('d')]).toEqual([0, 1, 2, 0, 2]);
    expect(slots.otherSlot).toBe(2);
    expect(slots.valueOf(1)).toBe('b');
  });
});

describe('classKey(), classLabel(), compareClasses()', () => {
  it.each([
    ['setosa', '"setosa"', 'setosa'],
    [3, '3', '3'],
    [false, 'false', 'false'],
    [null, 'null', 'null'],
    [{ z: 1, a: null }, '{"a":null,"z":1}', '{"a":null,"z":1}'],
    [[1, 'x'], '[1,"x"]', '[1,"x"]'],
  ])('keys %p as %s and shows it as %s', (value, key, label) => {
    expect(classKey(value)).toBe(key);
    expect(classLabel(value)).toBe(label);
  });

  it('orders numbers by value, then booleans, then strings, then other values', () => {
    expect(['b', 10, { a: 1 }, true, 2, 'a', false].sort(compareClasses)).toEqual([2, 10, false, true, 'a', 'b', { a: 1 }]);
  });
});

describe('RegressionMetrics', () => {
  it('computes MAE and RMSE by hand: errors 2, -1, 0, 2', () => {
    const m = new RegressionMetrics();
    for (const [output, actual] of [[3, 1], [1, 2], [2.5, 2.5], [0, -2]] as const) m.add(output, actual);
    m.add('x', 1);
    m.add(2, null);
    expect(m.report()).toEqual({ evaluated: 4, skipped: 2, mae: 1.25, rmse: 1.5 });
  });

  it('weighs errors: an error of 2 with weight 3 and 0 with weight 1 give MAE 1.5', () => {
    const m = new RegressionMetrics();
    m.add(2, 0, 3);
    m.add(5, 5, 1);
    expect(m.report()).toEqual({ evaluated: 2, skipped: 0, mae: 1.5, rmse: Math.sqrt(3) });
  });

  it('has no MAE or RMSE before any numeric pair', () => {
    expect(new RegressionMetrics().report()).toEqual({ evaluated: 0, skipped: 0, mae: null, rmse: null });
  });
});

describe('TaskEvidence (the automatic task rule)', () => {
  const range = (n: number): Array<[number, number]> => Array.from({ length: n }, (_, i) => [i, i]);
  it.each([
    ['string labels', 'classification', [['cat', 'dog']]],
    ['boolean labels', 'classification', [[true, false]]],
    ['object labels', 'classification', [[{ label: 1 }, { label: 1 }]]],
    ['integer class ids 0/1', 'classification', [[0, 1], [1, 1]]],
    ['50 distinct integers', 'classification', range(50)],
    ['51 distinct integers', 'regression', range(51)],
    ['a fractional label', 'regression', [[1, 2], [2, 1.5]]],
    ['a fractional output', 'regression', [[1, 2], [1.5, 2]]],
    ['a stray string output among fractional numbers', 'regression', [[1.5, 2], ['n/a', 2], [2, 2]]],
    ['a stray string label among fractional numbers', 'regression', [[1.5, 2], [2, 'n/a'], [2, 2]]],
    ['mostly string labels with some numbers', 'classification', [['a', 'a'], ['b', 'b'], [1.5, 2]]],
    ['null outputs with integer labels', 'classification', [[null, 1], [0, 0]]],
    ['nothing labelled', null, []],
  ] as Array<[string, string | null, Array<[unknown, unknown]>]>)('%s: %s', (_name, task, pairs) => {
    const evidence = new TaskEvidence(50);
    for (const [output, actual] of pairs) evidence.observe(output, actual);
    expect(evidence.decide().task).toBe(task);
  });
});

describe('parseEvalTask(), resolveEvalOptions()', () => {
  it.each([['classification'], ['regression'], [' Regression ']])('accepts %p', (value) => {
    expect(parseEvalTask(value)).toBe(value.trim().toLowerCase());
  });

  it('refuses another task with a UsageError naming the accepted values', () => {
    expect(() => parseEvalTask('ranking')).toThrow(UsageError);
    expect(() => parseEvalTask('ranking')).toThrow('--task must be classification or regression, got "ranking"');
  });

  it('fills in the defaults and refuses caps below 1', () => {
    expect(resolveEvalOptions()).toEqual({ task: undefined, maxClasses: 50, maxGroups: 100 });
    expect(() => resolveEvalOptions({ maxClasses: 0 })).toThrow('maxClasses must be a whole number of at least 1, got 0');
    expect(() => resolveEvalOptions({ task: 'ranking' as never })).toThrow(RangeError);
  });
});
