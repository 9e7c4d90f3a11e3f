/**
 * `mlotel dataset` as a real child process: the time window, --strict, --format/Parquet and
 * the report's shaped and sampled-out lines.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPredictionId } from '../src/dataset/samplingHash';
import { BIN, requireBuiltCli } from './support/childReceiver';
import { datasetDir, jsonl } from './support/datasetFiles';
import { batchLine, feedback, prediction, withAttributes, type PredictionSpec } from './support/mlEvents';

const { dir, file } = datasetDir('mlotel-dataset-cmd-');
beforeAll(() => requireBuiltCli());

function mlotel(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const predictionWith = (p: PredictionSpec, attributes: Record<string, unknown>): Record<string, unknown> => withAttributes(prediction(p), attributes);

const HOUR = 3_600_000;
const now = Date.now();
// Ids a process sampling at 10% drops: feedback for them is expected to have no prediction.
const THRESHOLD = Math.floor(0.1 * 2 ** 32);
const candidates = Array.from({ length: 200 }, (_, i) => `fb-${i}`);
const dropped = candidates.filter((id) => hashPredictionId(id) >= THRESHOLD).slice(0, 2);
// An id the hash keeps: its missing prediction is not explained by sampling.
const orphan = candidates.find((id) => hashPredictionId(id) < THRESHOLD)!;
const input = file('ml-events.jsonl', [
  batchLine([
    predictionWith({ id: 'old', timeMs: now - 48 * HOUR, input: { x: 1 }, output: 'a' }, { 'ml.sampling.rate': 0.1 }),
    predictionWith({ id: 'recent', timeMs: now - 2 * HOUR, input: { x: 2 }, output: 'b' }, { 'ml.sampling.rate': 0.1 }),
    predictionWith({ id: 'shaped', timeMs: now - HOUR / 2, input: { x: 3, text: 'abc…[99 more chars]' }, output: 'c' }, { 'ml.sampling.rate': 0.1, 'ml.payload.shaped': ['input.text'] }),
  ]),
  batchLine([feedback('recent', now - HOUR, 'b'), ...dropped.map((id) => feedback(id, now, 'a')), feedback(orphan, now, 'a')]),
]);

describe('mlotel dataset (schema version 2)', () => {
  it('reports shaped rows, sampled-out and orphan feedback', () => {
    const out = join(dir, 'all.jsonl');
    const r = mlotel('dataset', '--in', dir, '--out', out);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/wrote 3 rows to .*all\.jsonl \(\d+ columns, schema version 2\)\n/);
    expect(r.stderr).toMatch(/shaped rows: +1 \(values cut, summarised or redacted by the SDK; column shaped; --strict refuses them\)\n {4}input\.text: 1 row\n/);
    expect(r.stderr).toMatch(/sampled-out feedback: +2 \(its prediction was dropped by sampling: expected\)\n/);
    expect(r.stderr).toMatch(/orphan feedback: +1\n/);
    expect(jsonl(out).map((row) => [row.prediction_id, row.sample_rate, row.weight, row.shaped])).toEqual([
      ['old', 0.1, 10, null],
      ['recent', 0.1, 10, null],
      ['shaped', 0.1, 10, 'input.text'],
    ]);
  });

  it.each([
    ['a duration back from now', ['--since', '24h'], ['recent', 'shaped']],
    ['an ISO time', ['--since', new Date(now - 3 * HOUR).toISOString()], ['recent', 'shaped']],
    ['--until a duration back from now', ['--until', '1h'], ['old', 'recent']],
    ['both', ['--since', '3d', '--until', '1h'], ['old', 'recent']],
  ])('selects by prediction time with %s', (_name, args, ids) => {
    const out = join(dir, 'window.jsonl');
    const r = mlotel('dataset', '--in', input, '--out', out, ...args);
    expect(r.status).toBe(0);
    expect(jsonl(out).map((row) => row.prediction_id)).toEqual(ids);
  });

  it('exits 1 with --strict on a shaped row, naming it, and writes nothing', () => {
    const out = join(dir, 'strict.jsonl');
    const before = readdirSync(dir).sort();
    const r = mlotel('dataset', '--in', input, '--out', out, '--strict');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^mlotel dataset: prediction "shaped" has shaped values in input\.text: .* Nothing was written\.\n$/);
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(mlotel('dataset', '--in', input, '--out', out, '--strict', '--until', '1h').status).toBe(0);
  });

  it.each([
    [['--out', 'x.parquet'], 'train.parquet'],
    [['--out', 'x.data', '--format', 'parquet'], 'train.data'],
  ])('writes Parquet (%j)', (args, name) => {
    const out = join(dir, name);
    const r = mlotel('dataset', '--in', input, ...args.map((a) => (a.startsWith('x.') ? out : a)));
    expect(r.status).toBe(0);
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
    expect(bytes.subarray(-4).toString()).toBe('PAR1');
  });

  it.each([
    [['--format', 'xlsx'], /^mlotel dataset: --format must be jsonl, csv or parquet, got "xlsx"\n$/],
    [['--since', 'yesterday'], /^mlotel dataset: --since must be a duration like 10m or 2h, or an ISO time like .*, got "yesterday"\n$/],
    [['--until', 'soon'], /^mlotel dataset: --until must be a duration like 10m or 2h, or an ISO time like .*, got "soon"\n$/],
    [['--since', '1h', '--until', '2h'], /^mlotel dataset: --since must be before --until, got --since \S+ --until \S+\n$/],
    [['--out', join(dir, 'x.txt')], /^mlotel dataset: --out must end in \.csv, \.jsonl or \.parquet \(or give --format csv\|jsonl\|parquet\), got ".*x\.txt"\n$/],
  ])('exits 2 for %j with a message that says how to fix it', (args, message) => {
    const r = mlotel('dataset', '--in', input, '--out', join(dir, 'bad.jsonl'), ...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(dir, 'bad.jsonl'))).toBe(false);
  });
});
