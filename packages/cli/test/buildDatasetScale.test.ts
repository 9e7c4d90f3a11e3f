/**
 * buildDataset() on 1,000,000 events: memory must stay bounded by the feedback index, far
 * below what holding the input would take. Measured in this process: the live heap (after a
 * forced GC, so uncollected garbage does not count) sampled while the build runs, above the
 * baseline taken just before it.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDataset } from '../src/dataset/buildDataset';

// Without --expose-gc on the command line: enable it, then fetch gc() from a fresh context.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const PREDICTIONS = 600_000;
const BATCH = 500;
const ORPHANS = 1000;

const RESOURCE = '{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"iris-api"}},{"key":"host.name","value":{"stringValue":"srv-1"}}]}';

function predictionRecord(i: number): string {
  const t = 1714560000000 + i;
  return `{"timeUnixNano":"${t}000000","severityNumber":9,"severityText":"INFO","body":{"kvlistValue":{"values":[{"key":"input","value":{"kvlistValue":{"values":[{"key":"sepal_length","value":{"doubleValue":${(4 + (i % 40) / 10).toFixed(1)}}},{"key":"petal_width","value":{"doubleValue":${((i % 25) / 10).toFixed(1)}}}]}}},{"key":"output","value":{"stringValue":"setosa"}}]}},"attributes":[{"key":"ml.prediction.id","value":{"stringValue":"p${i}"}},{"key":"ml.model.name","value":{"stringValue":"iris"}},{"key":"ml.model.version","value":{"stringValue":"2"}},{"key":"ml.prediction.confidence","value":{"doubleValue":0.93}}],"eventName":"ml.prediction"}`;
}

function feedbackRecord(i: number): string {
  return `{"timeUnixNano":"${1714560000000 + i}500000","severityNumber":9,"body":{"kvlistValue":{"values":[{"key":"actual","value":{"stringValue":"versicolor"}}]}},"attributes":[{"key":"ml.prediction.id","value":{"stringValue":"p${i}"}}],"eventName":"ml.feedback"}`;
}

function line(records: string[]): string {
  return `{"resourceLogs":[${RESOURCE},"scopeLogs":[{"scope":{"name":"mlotel.iris"},"logRecords":[${records.join(',')}]}]}]}\n`;
}

async function generate(path: string): Promise<number> {
  const out = createWriteStream(path);
  let events = 0;
  const write = async (records: string[]): Promise<void> => {
    events += records.length;
    if (!out.write(line(records))) await once(out, 'drain');
  };
  for (let b = 0; b < PREDICTIONS / BATCH; b++) {
    // Feedback for 2 of every 3 predictions comes BEFORE them: the worst order for a join.
    const fb: string[] = [];
    for (let i = b * BATCH; i < (b + 1) * BATCH; i++) if (i % 3 !== 2) fb.push(feedbackRecord(i));
    await write(fb);
    const preds: string[] = [];
    for (let i = b * BATCH; i < (b + 1) * BATCH; i++) preds.push(predictionRecord(i));
    await write(preds);
  }
  // Feedback for predictions that never happened: orphans.
  const orphans: string[] = [];
  for (let i = PREDICTIONS; i < PREDICTIONS + ORPHANS; i++) orphans.push(feedbackRecord(i));
  await write(orphans);
  out.end();
  await once(out, 'close');
  return events;
}

describe('buildDataset() at scale', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlotel-dataset-scale-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('joins 1,000,000 events with memory bounded by the feedback index, not the input', async () => {
    const input = join(dir, 'ml-events.jsonl');
    const genStart = Date.now();
    const events = await generate(input);
    const genSeconds = (Date.now() - genStart) / 1000;
    expect(events).toBeGreaterThanOrEqual(1_000_000);
    const inputBytes = statSync(input).size;

    const liveHeap = (): number => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const baseline = liveHeap();
    let peak = baseline;
    let samples = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, liveHeap());
      samples++;
    }, 1000);
    const started = Date.now();
    const out = join(dir, 'train.jsonl');
    const report = await buildDataset({ inputs: [input], out, progress: false });
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    expect(samples).toBeGreaterThan(2);

    const labelled = (PREDICTIONS * 2) / 3;
    expect(report).toMatchObject({
      rows: PREDICTIONS,
      labelled,
      unlabelled: PREDICTIONS - labelled,
      orphanFeedback: ORPHANS,
      sampledOutFeedback: 0, // no record carries a sampling rate: nothing is explained by sampling
      malformed: [],
    });
    const growthMiB = (peak - baseline) / 2 ** 20;
    process.stdout.write(
      `dataset scale: generated in ${genSeconds.toFixed(1)} s; ${events} events, ${(inputBytes / 2 ** 20).toFixed(0)} MiB in ${seconds.toFixed(1)} s ` +
        `(${Math.round(events / seconds)} events/s), peak heap growth ${growthMiB.toFixed(0)} MiB\n`,
    );
    // Holding the input would take several times its 500 MiB in heap; holding only the
    // feedback index (400k ids) takes a few tens of MiB.
    expect(growthMiB).toBeLessThan(150);
    expect(growthMiB).toBeLessThan(inputBytes / 2 ** 20 / 4);
    const first = JSON.parse(readFileSync(out, 'utf8').slice(0, 2000).split('\n')[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ prediction_id: 'p0', actual: 'versicolor', 'input.sepal_length': 4 });
    // Generous: ~40 s alone (three passes: feedback, join, output), but it shares 2 cores
    // with the rest of `npm test`, and other jobs may load the machine.
  }, 480_000);
});
