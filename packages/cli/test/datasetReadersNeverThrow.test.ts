/**
 * The dataset's record readers never throw on a parsed record, whatever its body and
 * attributes hold (fast-check): a bad record degrades to nulls, it does not stop the build.
 */
import fc from 'fast-check';
import { addFeedback, predictionRow } from '../src/dataset/datasetRow';
import { readFeedback } from '../src/dataset/feedbackIndex';
import { markedPaths, MAX_SHAPED_PATHS, shapedPathsOf } from '../src/dataset/shapedPaths';
import type { LogEntry } from '../src/read/otlpValues';
import { anyValue } from './support/mlEvents';

const KEYS = ['ml.prediction.id', 'ml.payload.shaped', 'ml.sampling.rate', 'ml.model.name', 'ml.model.stage', 'error.type', 'host.name', 'team', '__proto__', 'constructor'];
const attribute = fc.record({ key: fc.constantFrom(...KEYS), value: fc.jsonValue().map(anyValue) });
const entry = fc.record({
  body: fc.oneof(fc.jsonValue(), fc.record({ input: fc.jsonValue(), output: fc.jsonValue(), actual: fc.jsonValue() }, { requiredKeys: [] })).map(anyValue),
  attributes: fc.array(attribute, { maxLength: 6 }),
  timeUnixNano: fc.oneof(fc.constant(undefined), fc.bigInt({ min: 0n, max: 2n ** 64n }).map(String)),
  eventName: fc.constantFrom('ml.prediction', 'ml.feedback'),
}).map((record): LogEntry => ({ resource: {}, scope: {}, record: record as unknown as LogEntry['record'] }));

describe('dataset readers on any record', () => {
  it('build a prediction row, join feedback and find shaped paths without throwing', () => {
    fc.assert(
      fc.property(entry, entry, (prediction, feedback) => {
        const row = predictionRow(prediction);
        const fb = readFeedback(feedback, 'id', true);
        if (fb) addFeedback(row, fb.feedback);
        JSON.stringify(row);
        expect(typeof row.sample_rate).toBe('number');
      }),
      { numRuns: 1000 },
    );
  });

  it('list at most the capped number of shaped paths, each a string', () => {
    fc.assert(
      fc.property(fc.jsonValue(), entry, (body, record) => {
        const paths = markedPaths(body);
        expect(paths.length).toBeLessThanOrEqual(MAX_SHAPED_PATHS);
        expect(paths.every((p) => typeof p === 'string')).toBe(true);
        const listed = shapedPathsOf(record, body, true);
        expect(listed === undefined || listed.every((p) => typeof p === 'string')).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
