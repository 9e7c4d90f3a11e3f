/**
 * `mlotel tail` and `mlotel dataset` (real child processes, real files) on lines that are
 * valid JSON of the wrong shape: each is skipped and reported with file:line, the other lines
 * are still read, and a valid last line without a trailing newline is shown.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, requireBuiltCli } from './support/childReceiver';
import { batchLine, feedback, prediction } from './support/mlEvents';
import { waitForText } from './support/outputWatch';

const dir = mkdtempSync(join(tmpdir(), 'mlotel-wrong-shape-'));
const T = 1714560000000;

function mlotel(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function info(body: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { timeUnixNano: `${T}000000`, severityNumber: 9, severityText: 'INFO', body: { stringValue: body }, ...extra };
}

/** JSON text of a body nested `levels` deep (JSON.stringify itself would overflow the stack). */
function deepBody(levels: number): string {
  return `${'{"arrayValue":{"values":['.repeat(levels)}{"stringValue":"bottom"}${']}}'.repeat(levels)}`;
}
/** Stands for the deep body in a record until the line is written. */
const DEEP_MARKER = '"__deep__"';

/** Line number (1-based) to the wrong-shaped record on it. */
const WRONG_SHAPES: Array<[string, Record<string, unknown>]> = [
  ['a kvlistValue of null in the body', info('x', { body: { kvlistValue: null } })],
  ['a kvlistValue of null in an attribute', info('x', { attributes: [{ key: 'ml.model.name', value: { kvlistValue: null } }] })],
  ['a timestamp beyond uint64', info('x', { timeUnixNano: '99999999999999999999999' })],
  ['a numeric severityText', info('x', { severityText: 5 })],
  ['a numeric traceId', info('x', { traceId: 12345 })],
  ['arrayValue.values that is not an array', info('x', { body: { arrayValue: { values: 7 } } })],
  ['a body nested 100,000 levels deep', info('x', { body: '__deep__' })],
];

describe('mlotel tail on wrong-shaped lines', () => {
  const file = join(dir, 'logs.jsonl');
  beforeAll(() => {
    requireBuiltCli();
    const lines = [
      batchLine([info('first')]),
      ...WRONG_SHAPES.map(([, r]) => batchLine([r]).replace(DEEP_MARKER, deepBody(100_000))),
      batchLine([info('last')]),
    ];
    // The last line has no trailing newline.
    writeFileSync(file, lines.join('\n'));
  });

  it('skips each one, names file:line on stderr, and prints the valid lines, the unterminated last one included', () => {
    const r = mlotel('tail', file);
    expect(r.stderr).not.toMatch(/Invalid time value|Cannot read properties|Maximum call stack/);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).map((l) => l.split(' ').at(-1))).toEqual(['first', 'last']);
    for (const [i] of WRONG_SHAPES.entries()) expect(r.stderr).toContain(`${file}:${i + 2}: skipped`);
    expect(r.stderr).toContain(`${WRONG_SHAPES.length} malformed lines skipped`);
  });

  it('skips them the same way with --json', () => {
    const r = mlotel('tail', '--json', file);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { body: string }).body)).toEqual(['first', 'last']);
    expect(r.stderr).toContain(`${file}:${WRONG_SHAPES.length + 1}: skipped`);
  });
});

describe('mlotel tail --follow', () => {
  it('shows an unterminated valid last line at once, and not again when its newline comes', async () => {
    const file = join(dir, 'follow.jsonl');
    writeFileSync(file, `${batchLine([info('first')])}\n${batchLine([info('last')])}`);
    const child = spawn(process.execPath, [BIN, 'tail', '--follow', file], { env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const seen = (text: string): Promise<void> => waitForText(child.stdout, () => out, text);
    try {
      await seen(' last\n');
      appendFileSync(file, `\n${batchLine([info('next')])}\n`);
      await seen(' next\n');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out.split('\n').filter(Boolean).map((l) => l.split(' ').at(-1))).toEqual(['first', 'last', 'next']);
  });
});

describe('mlotel dataset on wrong-shaped lines', () => {
  const file = join(dir, 'ml-events.jsonl');
  const out = join(dir, 'train.jsonl');
  const good = (id: string, t: number) => prediction({ id, timeMs: t, input: { x: 1 }, output: 'a' });
  const lines = [
    batchLine([good('p1', T), feedback('p1', T + 1, 'a')]),
    batchLine([{ ...good('p2', T), body: { kvlistValue: null } }]),
    batchLine([{ ...good('p3', T), timeUnixNano: '99999999999999999999999' }]),
    batchLine([{ ...feedback('p1', T + 2, 'b'), body: { kvlistValue: { values: 3 } } }]),
    batchLine([{ ...good('p4', T), attributes: [{ key: 'ml.prediction.id', value: { arrayValue: null } }] }]),
    batchLine([good('p5', T)]),
  ];
  beforeAll(() => {
    requireBuiltCli();
    writeFileSync(file, lines.join('\n'));
  });

  it('skips each one, reports it with file:line, and writes the rows of the valid lines, the unterminated last one included', () => {
    const r = mlotel('dataset', '--in', file, '--out', out);
    expect(r.stderr).not.toMatch(/Invalid time value|Cannot read properties|is not iterable/);
    expect(r.status).toBe(0);
    const rows = readFileSync(out, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { prediction_id: string; actual: unknown });
    // p1 keeps the feedback of line 1: the wrong-shaped later feedback on line 4 is not used.
    expect(rows.map((row) => [row.prediction_id, row.actual])).toEqual([
      ['p1', 'a'],
      ['p5', null],
    ]);
    expect(r.stderr).toContain('malformed lines:  4');
    for (const line of [2, 3, 4, 5]) expect(r.stderr).toContain(`skipped ${file}:${line} (`);
  });
});
