/**
 * Sampling in the dataset: the CLI's copy of the SDK's sampling hash, and feedback whose
 * prediction was sampled out (decided from the id hash and the rate the predictions carry)
 * told apart from true orphans.
 */
import { hashPredictionId as sdkHash } from '@mlotel/sdk';
import { buildDataset, type DatasetRow } from '../src/dataset/buildDataset';
import { LowestSamplingRates } from '../src/dataset/lowestSamplingRates';
import { hashPredictionId, keptAtRate } from '../src/dataset/samplingHash';
import { datasetDir } from './support/datasetFiles';
import { batchLine, feedback, prediction, withAttributes, type PredictionSpec } from './support/mlEvents';

const { file } = datasetDir('mlotel-dataset-sampling-');
const sampled = (p: PredictionSpec, rate: number): Record<string, unknown> => withAttributes(prediction(p), { 'ml.sampling.rate': rate });

const RATE = 0.1;
const THRESHOLD = Math.floor(RATE * 2 ** 32);
/** The first `n` ids `prefix-<i>` that a process sampling at RATE keeps (or drops). */
function idsAt10Percent(prefix: string, kept: boolean, n: number): string[] {
  const ids: string[] = [];
  for (let i = 0; ids.length < n; i++) if (hashPredictionId(`${prefix}-${i}`) < THRESHOLD === kept) ids.push(`${prefix}-${i}`);
  return ids;
}

describe('hashPredictionId()', () => {
  const IDS = [
    '', 'a', 'pred-1', 'pred-2', '0b7c4a0e-6f1d-4c53-9d3b-4f1f2f0e8a11', 'x'.repeat(300),
    'é', 'café-42', '日本語の予測', 'emoji-🙂-id', 'mixed-ascii-then-ü-then-ascii', '\u0000nul', '\ud83d', // a lone surrogate
  ];

  it.each(IDS)('gives the SDK\'s value for %j', (id) => {
    expect(hashPredictionId(id)).toBe(sdkHash(id));
  });

  it('is the documented value for the empty id', () => {
    expect(hashPredictionId('')).toBe(0xab3e7c0b);
  });
});

describe('keptAtRate()', () => {
  const [keptId = '', droppedId = ''] = [idsAt10Percent('k', true, 1)[0], idsAt10Percent('d', false, 1)[0]];
  it.each([
    ['any id at rate 1', droppedId, 1, true],
    ['no id at rate 0', keptId, 0, false],
    ['an id under the threshold', keptId, RATE, true],
    ['an id over the threshold', droppedId, RATE, false],
    ['no id at a NaN rate', keptId, NaN, false],
  ])('keeps %s', (_name, id, rate, kept) => {
    expect(keptAtRate(id, rate)).toBe(kept);
  });
});

describe('LowestSamplingRates', () => {
  const dropped = idsAt10Percent('d', false, 1)[0]!;

  it.each([
    ['decides with the lowest rate of the model the feedback names', [['iris', 0.5], ['iris', RATE]], 'iris', true],
    ['does not use another model\'s lower rate', [['iris', 1], ['fraud', RATE]], 'iris', false],
    ['uses the lowest rate of any model when the feedback names none', [['iris', 1], ['fraud', RATE]], undefined, true],
    ['explains nothing for a model without predictions', [['iris', RATE]], 'fraud', false],
    ['explains nothing without predictions', [], undefined, false],
  ] as Array<[string, Array<[string, number]>, string | undefined, boolean]>)('%s', (_name, notes, model, expected) => {
    const rates = new LowestSamplingRates();
    for (const [m, r] of notes) rates.note(m, r);
    expect(rates.sampledOut(dropped, model)).toBe(expected);
  });
});

describe('buildDataset() with sampled predictions', () => {
  // A service sampling at 10%: the predictions written are those the hash keeps. A labelling
  // process logged feedback for every id it saw, kept or not.
  const keptIds = idsAt10Percent('p', true, 4);
  const droppedIds = idsAt10Percent('p', false, 3);
  const missingButKeptIds = idsAt10Percent('m', true, 2); // the hash keeps them: their loss is not sampling
  const failedDroppedId = idsAt10Percent('f', false, 1)[0]!; // a failure: kept at any rate
  const input = file('sampled.jsonl', [
    batchLine([
      ...keptIds.map((id, i) => sampled({ id, timeMs: 10 + i, input: { x: i }, output: 'a' }, RATE)),
      sampled({ id: failedDroppedId, timeMs: 20, input: { x: 9 }, error: { type: 'TimeoutError', message: 'slow' } }, RATE),
    ]),
    batchLine([...keptIds, ...droppedIds, ...missingButKeptIds, failedDroppedId].map((id) => feedback(id, 100, 'a')), 'labeller'),
  ]);

  it('counts feedback of sampled-out predictions apart from orphans, and keeps labels of failures', async () => {
    const rows: DatasetRow[] = [];
    const report = await buildDataset({ inputs: [input], onRow: (r) => rows.push(r), progress: false });
    expect(report).toMatchObject({ rows: 5, labelled: 5, failed: 1, sampledOutFeedback: droppedIds.length, orphanFeedback: missingButKeptIds.length });
    expect(rows.map((r) => [r.prediction_id, r.sample_rate, r.weight, r.actual])).toEqual([
      ...keptIds.map((id) => [id, RATE, 10, 'a']),
      [failedDroppedId, 1, 1, 'a'],
    ]);
  });

  it('calls every missing prediction an orphan when the predictions carry no rate (older SDK)', async () => {
    const unrated = file('unrated.jsonl', [
      batchLine(keptIds.map((id, i) => prediction({ id, timeMs: 10 + i, input: { x: i }, output: 'a' }))),
      batchLine([...droppedIds, ...missingButKeptIds].map((id) => feedback(id, 100, 'a'))),
    ]);
    const report = await buildDataset({ inputs: [unrated], progress: false });
    expect(report).toMatchObject({ sampledOutFeedback: 0, orphanFeedback: droppedIds.length + missingButKeptIds.length });
  });

  it('decides per model when the feedback names one', async () => {
    const [droppedId = ''] = droppedIds;
    const twoModels = file('two-models.jsonl', [
      batchLine([
        sampled({ id: keptIds[0]!, timeMs: 1, input: { x: 1 }, output: 'a', model: 'iris' }, 1),
        sampled({ id: keptIds[1]!, timeMs: 2, input: { x: 2 }, output: 'a', model: 'fraud' }, RATE),
      ]),
      batchLine([
        withAttributes(feedback(droppedId, 5, 'a'), { 'ml.model.name': 'iris' }), // iris keeps all: a true orphan
        withAttributes(feedback(droppedIds[1]!, 5, 'a'), { 'ml.model.name': 'fraud' }), // fraud samples: expected
      ]),
    ]);
    const report = await buildDataset({ inputs: [twoModels], progress: false });
    expect(report).toMatchObject({ sampledOutFeedback: 1, orphanFeedback: 1 });
  });
});
