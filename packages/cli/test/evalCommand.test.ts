/**
 * `mlotel eval` and `mlotel dataset --report` as real child processes on a hand-made
 * ml-events.jsonl whose metrics are worked out by hand below.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, requireBuiltCli } from './support/childReceiver';
import { batchLine, feedback, prediction } from './support/mlEvents';

const dir = mkdtempSync(join(tmpdir(), 'mlotel-eval-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => requireBuiltCli());

function mlotel(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const T = Date.parse('2026-01-01T00:00:00Z');
// Version 1 on srv-1: 4 predictions, 3 labelled (2 right), 1 failed and labelled.
// Version 2 on srv-2: 2 predictions, both labelled and right.
writeFileSync(
  join(dir, 'ml-events.jsonl'),
  [
    batchLine([
      prediction({ id: 'a', timeMs: T, input: { x: 1 }, output: 'cat', version: '1', latencyMs: 10 }),
      prediction({ id: 'b', timeMs: T, input: { x: 2 }, output: 'dog', version: '1', latencyMs: 20 }),
      prediction({ id: 'c', timeMs: T, input: { x: 3 }, output: 'cat', version: '1', latencyMs: 30 }),
      prediction({ id: 'd', timeMs: T, input: { x: 4 }, version: '1', latencyMs: 40, error: { type: 'TypeError', message: 'bad input' } }),
    ], 'srv-1'),
    batchLine([
      prediction({ id: 'e', timeMs: T, input: { x: 5 }, output: 'dog', version: '2', latencyMs: 5 }),
      prediction({ id: 'f', timeMs: T, input: { x: 6 }, output: 'cat', version: '2', latencyMs: 5 }),
    ], 'srv-2'),
    batchLine([
      feedback('a', T + 1000, 'cat'),
      feedback('b', T + 2000, 'cat'),
      feedback('d', T + 3000, 'dog'),
      feedback('e', T + 1000, 'dog'),
      feedback('f', T + 1000, 'cat'),
    ]),
  ].join('\n') + '\n',
);

interface Group {
  group: string;
  rows: number;
  labelled: number;
  failed: number;
  errorRate: number;
  labelledShare: number;
  classification: { evaluated: number; correct: number; accuracy: number } | null;
}

describe('mlotel eval', () => {
  it('--json gives per-version, per-server and overall metrics', () => {
    const r = mlotel('eval', '--in', dir, '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { evalVersion: number; task: string; overall: Group; models: Group[]; servers: Group[] };
    expect(report.evalVersion).toBe(1);
    expect(report.task).toBe('classification');
    const pick = (g: Group): unknown => [g.group, g.rows, g.labelled, g.failed, g.errorRate, g.classification && [g.classification.evaluated, g.classification.correct]];
    expect(report.models.map(pick)).toEqual([
      ['iris@1', 4, 3, 1, 0.25, [2, 1]],
      ['iris@2', 2, 2, 0, 0, [2, 2]],
    ]);
    expect(report.servers.map(pick)).toEqual([
      ['srv-1', 4, 3, 1, 0.25, [2, 1]],
      ['srv-2', 2, 2, 0, 0, [2, 2]],
    ]);
    expect(pick(report.overall)).toEqual(['all', 6, 5, 1, 1 / 6, [4, 3]]);
    expect(report.overall.classification?.accuracy).toBe(0.75);
  });

  it('--model keeps one version; the text report names it', () => {
    const r = mlotel('eval', '--in', dir, '--model', 'iris@2');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('iris@2');
    expect(r.stdout).not.toContain('iris@1');
  });

  it('dataset --report writes the dataset and prints the same evaluation', () => {
    const out = join(dir, 'train.csv');
    const r = mlotel('dataset', '--in', dir, '--out', out, '--report');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/wrote 6 rows/);
    const text = mlotel('eval', '--in', dir);
    expect(r.stdout).toBe(text.stdout);
  });
});
