/**
 * `mlotel tail` and `mlotel dataset` as real child processes on real files.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, requireBuiltCli } from './support/childReceiver';
import { anyValue, batchLine, feedback, prediction } from './support/mlEvents';

const dir = mkdtempSync(join(tmpdir(), 'mlotel-cli-cmd-'));
const now = Date.now();
const ms = (t: number): string => (BigInt(Math.round(t)) * 1_000_000n).toString();

function record(o: { t: number; sev: number; text: string; body: string; attrs?: Record<string, unknown>; traceId?: string; eventName?: string }) {
  return {
    timeUnixNano: ms(o.t),
    severityNumber: o.sev,
    severityText: o.text,
    body: { stringValue: o.body },
    attributes: Object.entries(o.attrs ?? {}).map(([key, v]) => ({ key, value: anyValue(v) })),
    ...(o.traceId ? { traceId: o.traceId } : {}),
    ...(o.eventName ? { eventName: o.eventName } : {}),
  };
}

const logs = join(dir, 'logs.jsonl');
writeFileSync(
  logs,
  [
    batchLine([record({ t: now - 3_600_000, sev: 9, text: 'INFO', body: 'old info', attrs: { 'ml.model.name': 'iris', 'ml.model.version': '2' }, traceId: 'aaaa'.repeat(8) })]),
    batchLine([record({ t: now, sev: 13, text: 'WARNING', body: 'slow', attrs: { 'ml.model.name': 'iris', 'ml.model.version': '3' } })], 'srv-2'),
    '{oops',
    batchLine([
      record({ t: now, sev: 17, text: 'ERROR', body: 'boom' }),
      record({ t: now, sev: 9, text: 'INFO', body: 'predicted', attrs: { 'ml.model.name': 'iris', 'ml.model.version': '2' }, eventName: 'ml.prediction' }),
    ]),
  ].join('\n') + '\n',
);

function mlotel(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The message column of readable lines. */
const messages = (stdout: string): string[] =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => /^\S+ \S+ +\S+ \S+ \S+ (.*?)(?: trace=\w+)?$/.exec(l)?.[1] ?? `unparsed: ${l}`);

beforeAll(() => requireBuiltCli());

describe('mlotel tail', () => {
  it.each([
    [[], ['old info', 'slow', 'boom', '[ml.prediction] predicted']],
    [['--level', 'WARNING'], ['slow', 'boom']],
    [['--level', 'error'], ['boom']],
    [['--model', 'iris@2'], ['old info', '[ml.prediction] predicted']],
    [['--model', 'iris'], ['old info', 'slow', '[ml.prediction] predicted']],
    [['--server', 'srv-2'], ['slow']],
    [['--trace', 'AAAAaaaa'], ['old info']],
    [['--event', 'ml.prediction'], ['[ml.prediction] predicted']],
    [['--since', '10m'], ['slow', 'boom', '[ml.prediction] predicted']],
    [['--since', '10m', '--level', 'WARNING', '--model', 'iris'], ['slow']],
  ])('with %j prints the matching records', (args, expected) => {
    const r = mlotel('tail', logs, ...args);
    expect(r.status).toBe(0);
    expect(messages(r.stdout)).toEqual(expected);
  });

  it('reports a malformed line with file:line on stderr and goes on', () => {
    expect(mlotel('tail', logs).stderr).toContain(`${logs}:3: skipped malformed line`);
  });

  it('prints readable lines with time, level, service, model@version, logger and short trace id', () => {
    const first = mlotel('tail', logs).stdout.split('\n')[0];
    expect(first).toBe(`${new Date(now - 3_600_000).toISOString()} INFO     iris-api iris@2 mlotel.iris old info trace=aaaaaaaa`);
  });

  it('shows what went wrong on the line of a failed prediction, before its input', () => {
    const failed = join(dir, 'failed-logs.jsonl');
    const input = { text: 'x'.repeat(400) }; // long enough to be cut: the error must survive
    writeFileSync(
      failed,
      `${batchLine([prediction({ id: 'f1', timeMs: now, input, error: { type: 'TypeError', message: 'x is NaN' } }), prediction({ id: 'p1', timeMs: now, input: { x: 1 }, output: 'y' })])}\n`,
    );
    const lines = mlotel('tail', failed).stdout.split('\n').filter(Boolean);
    expect(lines[0]).toMatch(/^\S+ ERROR +iris-api iris@2 mlotel\.iris \[ml\.prediction\] failed \(TypeError: x is NaN\) \{"input":\{"text":"xxx.*…$/);
    expect(lines[1]).toMatch(/ INFO +iris-api iris@2 mlotel\.iris \[ml\.prediction\] \{"input":\{"x":1\},"output":"y"\}$/);
    expect(messages(mlotel('tail', failed, '--level', 'ERROR').stdout)).toHaveLength(1);
  });

  it('prints flat JSON records with --json, reading a directory', () => {
    const r = mlotel('tail', dir, '--json', '--event', 'ml.prediction');
    const lines = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      {
        time: new Date(now).toISOString(),
        severityNumber: 9,
        level: 'INFO',
        service: 'iris-api',
        server: 'srv-1',
        model: 'iris',
        modelVersion: '2',
        logger: 'mlotel.iris',
        eventName: 'ml.prediction',
        body: 'predicted',
        attributes: { 'ml.model.name': 'iris', 'ml.model.version': '2' },
      },
    ]);
  });

  it.each([
    [['--level', 'LOUD'], /--level must be DEBUG, INFO, WARNING, ERROR or CRITICAL/],
    [['--since', 'yesterday'], /--since must be a duration like 10m/],
    [['--bogus'], /unknown option --bogus /],
  ])('exits 2 with a fix for %j', (args, message) => {
    const r = mlotel('tail', logs, ...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('follows a file as it grows, printing only whole new lines, and exits 0 on SIGINT', async () => {
    const followed = join(dir, 'follow.jsonl');
    writeFileSync(followed, `${batchLine([record({ t: now, sev: 9, text: 'INFO', body: 'first' })])}\n`);
    const child = spawn(process.execPath, [BIN, 'tail', followed, '--follow'], { env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const waitFor = async (text: string): Promise<void> => {
      const deadline = Date.now() + 10_000;
      while (!out.includes(text)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}" in: ${out}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await waitFor('first');
    const line = batchLine([record({ t: now, sev: 13, text: 'WARNING', body: 'second' })]);
    appendFileSync(followed, line.slice(0, 40)); // half a line: must not be printed yet
    appendFileSync(followed, `${line.slice(40)}\n`);
    await waitFor('second');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(messages(out)).toEqual(['first', 'second']);
  });
});

describe('mlotel dataset', () => {
  it('writes the dataset and reports rows, labels, orphans and malformed lines on stderr', () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    writeFileSync(a, `${batchLine([prediction({ id: 'p1', timeMs: 1, input: { x: 1 }, output: 'y' }), prediction({ id: 'p2', timeMs: 2, input: { x: 2 }, output: 'n' })])}\nnot json\n`);
    writeFileSync(b, `${batchLine([feedback('p1', 5, 'y'), feedback('zz', 6, 'n')])}\n`);
    const out = join(dir, 'train.csv');
    const r = mlotel('dataset', '--in', a, '--in', b, '--out', out);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`wrote 2 rows to ${out}`);
    expect(r.stderr).toMatch(/labelled: +1\n/);
    expect(r.stderr).toMatch(/unlabelled: +1\n/);
    expect(r.stderr).toMatch(/orphan feedback: +1\n/);
    expect(r.stderr).toMatch(/malformed lines: +1\n/);
    expect(r.stderr).toContain(`skipped ${a}:2 (not JSON`);
  });

  it('keeps failed predictions with their error type, or leaves them out with --skip-failed, counting both ways', () => {
    const input = join(dir, 'failed.jsonl');
    writeFileSync(
      input,
      `${batchLine([
        prediction({ id: 'f1', timeMs: 1, input: { x: 1 }, error: { type: 'TypeError', message: 'x is NaN' } }),
        prediction({ id: 'p1', timeMs: 2, input: { x: 2 }, output: 'y' }),
        prediction({ id: 'p1', timeMs: 3, input: { x: 2 }, output: 'y' }), // an exporter retry
      ])}\n`,
    );
    const out = join(dir, 'failed.jsonl.out.jsonl');
    const kept = mlotel('dataset', '--in', input, '--out', out);
    expect(kept.status).toBe(0);
    expect(kept.stderr).toContain(`wrote 2 rows to ${out}`);
    expect(kept.stderr).toMatch(/failed: +1 \(kept, error column set\)\n/);
    expect(kept.stderr).toMatch(/duplicates: +1 \(replaced by a later record of the same prediction id\)\n/);
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((r) => [r.prediction_id, r.output, r.error])).toEqual([['f1', null, 'TypeError'], ['p1', 'y', null]]);

    const skipped = mlotel('dataset', '--in', input, '--out', out, '--skip-failed');
    expect(skipped.status).toBe(0);
    expect(skipped.stderr).toContain(`wrote 1 rows to ${out}`);
    expect(skipped.stderr).toMatch(/failed: +1 \(left out: --skip-failed\)\n/);
  });

  it('exits 2 when --out is missing', () => {
    const r = mlotel('dataset', '--in', logs);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--out is required/);
  });
});
