/**
 * `mlotel tail` and `mlotel dataset` (real child processes) on inputs that are not regular
 * files, on symlink loops and on a line longer than the cap: each is refused at once with a
 * message naming the path (or file:line), without hanging and without reading unbounded memory.
 * A `tail --follow` path that does not exist yet is still waited for.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, requireBuiltCli } from './support/childReceiver';
import { batchLine, prediction } from './support/mlEvents';
import { waitForText } from './support/outputWatch';

const dir = mkdtempSync(join(tmpdir(), 'mlotel-special-'));
const fifo = join(dir, 'fifo.jsonl');
const zero = join(dir, 'zero.jsonl');
const loop = join(dir, 'loop.jsonl');
const huge = join(dir, 'huge.jsonl');
const T = 1714560000000;

/**
 * Runs the CLI under a 2 GB address-space limit (so a reader that grows without bound fails
 * fast instead of exhausting the machine) and a 20 s bound (so a hang fails the test).
 */
function mlotel(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('sh', ['-c', 'ulimit -v 2000000 && exec "$@"', 'sh', process.execPath, BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 20_000,
    killSignal: 'SIGKILL',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  requireBuiltCli();
  expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
  symlinkSync('/dev/zero', zero);
  symlinkSync(loop, loop);
  // A valid line, then a 4 GiB line of NUL bytes without a newline (sparse: no disk used).
  const fd = openSync(huge, 'w');
  writeSync(fd, `${batchLine([prediction({ id: 'p1', timeMs: T, input: { x: 1 }, output: 'a' })])}\n`);
  ftruncateSync(fd, 4 * 2 ** 30);
  closeSync(fd);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  ['tail', (path: string) => ['tail', path]],
  ['tail --follow', (path: string) => ['tail', '--follow', path]],
  ['dataset', (path: string) => ['dataset', '--in', path, '--out', join(dir, 'train.csv')]],
])('mlotel %s', (_name, argsFor) => {
  it('refuses a FIFO, naming it, instead of waiting for a writer', () => {
    const r = mlotel(...argsFor(fifo));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`cannot read ${_name === 'dataset' ? '--in ' : ''}${fifo}: a FIFO (named pipe), not a regular file`);
  });

  it('refuses a symlink to /dev/zero, naming it, instead of reading it forever', () => {
    const r = mlotel(...argsFor(zero));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${zero}: a character device, not a regular file`);
  });

  it('reports a symlink loop as a loop, not as a missing file', () => {
    const r = mlotel(...argsFor(loop));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${loop}: a symlink loop (ELOOP)`);
    expect(r.stderr).not.toContain('no such file');
  });
});

describe.each([
  ['tail', ['tail', huge]],
  ['dataset', ['dataset', '--in', huge, '--out', join(dir, 'train.jsonl')]],
])('mlotel %s on a line longer than 64 MiB', (_name, args) => {
  it('stops with an error naming file:line, within bounded memory', () => {
    const r = mlotel(...args);
    expect(r.stderr).toContain(`${huge}:2: line longer than 64 MiB`);
    expect(r.status).toBe(1);
  });
});

describe('mlotel tail --follow', () => {
  it('waits for a path that does not exist yet and prints its records once it appears', async () => {
    const present = join(dir, 'present.jsonl');
    const later = join(dir, 'later.jsonl');
    const record = (body: string) => batchLine([{ timeUnixNano: `${T}000000`, severityNumber: 9, body: { stringValue: body } }]);
    writeFileSync(present, `${record('present')}\n`);
    const child = spawn(process.execPath, [BIN, 'tail', '--follow', present, later], { env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    const seen = (text: string): Promise<void> => waitForText(child.stdout, () => out, text);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    try {
      // The first read of both inputs is done once the present file's record is out.
      await seen(' present');
      writeFileSync(later, `${record('appeared')}\n`);
      await seen(' appeared');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
