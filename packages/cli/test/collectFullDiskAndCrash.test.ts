import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildReceiver, type ChildReceiver } from './support/childReceiver';
import { lenField, tag } from './support/protobufLogsCorpus';
import { mountTmpfs, unmountTmpfs } from './support/tmpfs';

// Crash consistency of `mlotel collect`'s files, against the real receiver (child process):
// a cut last line left by a crash, and a full disk (a real, small tmpfs; mounting needs root,
// as on the project's machines and CI: elsewhere the full-disk tests say so and do not run).

const work = mkdtempSync(join(tmpdir(), 'mlotel-crash-'));

/** A small OTLP/JSON logs body with `n` records. */
function jsonBody(n: number, text = 'record'): string {
  const logRecords = Array.from({ length: n }, (_, i) => ({ timeUnixNano: '1733300000000000000', severityNumber: 9, body: { stringValue: `${text} ${i}` } }));
  return JSON.stringify({ resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ scope: { name: 'crash.test' }, logRecords }] }] });
}

/** A valid OTLP/protobuf logs body of `n` records with a `size`-character body each (large: answered early when there is room). */
function protobufBody(n: number, size: number): Buffer {
  const text = [...Buffer.from('p'.repeat(size))];
  const fixed64 = [8, 0, 0, 0, 0, 0, 0, 0];
  const record = [...tag(1, 1), ...fixed64, ...lenField(5, lenField(1, text))];
  const scopeLogs = lenField(2, Array.from({ length: n }, () => lenField(2, record)).flat());
  return Buffer.from(lenField(1, scopeLogs));
}

async function post(url: string, body: string | Buffer): Promise<{ status: number; retryAfter: string | null }> {
  const json = typeof body === 'string';
  const res = await fetch(`${url}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': json ? 'application/json' : 'application/x-protobuf' },
    body,
  });
  await res.arrayBuffer();
  return { status: res.status, retryAfter: res.headers.get('retry-after') };
}

function everyLineParses(path: string): number {
  const text = readFileSync(path, 'utf8');
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line)).length;
}

let receiver: ChildReceiver | undefined;
afterEach(async () => {
  await receiver?.stop();
  receiver = undefined;
});

describe('mlotel collect after a crash', () => {
  it('removes the cut last line a crash left, says so, and appends the next batch on a line of its own', async () => {
    const dir = join(work, 'crashed');
    mkdirSync(dir);
    writeFileSync(join(dir, 'logs.jsonl'), `${jsonBody(1)}\n`);
    appendFileSync(join(dir, 'logs.jsonl'), jsonBody(3).slice(0, 50)); // what kill -9 mid-write can leave
    receiver = await startChildReceiver(['--quiet'], dir);
    expect(receiver.stderr()).toMatch(/logs\.jsonl ended in a cut line .* removed its 50 bytes/);
    expect((await post(receiver.url, jsonBody(2))).status).toBe(200);
    await receiver.stop();
    expect(everyLineParses(join(dir, 'logs.jsonl'))).toBe(2);
  });
});

const disk = join(work, 'disk');
const mounted = mountTmpfs(disk, '1m');
afterAll(() => {
  if (mounted) unmountTmpfs(disk);
  rmSync(work, { recursive: true, force: true });
});
if (!mounted) console.warn('collectFullDiskAndCrash: cannot mount a tmpfs here (needs root): the full-disk tests are skipped');

(mounted ? describe : describe.skip)('mlotel collect on a full disk (real tmpfs)', () => {
  it('answers 503 with Retry-After for small and large bodies, keeps every line readable, and writes again once space returns', async () => {
    const dir = join(disk, 'data');
    receiver = await startChildReceiver(['--quiet'], dir);
    expect((await post(receiver.url, jsonBody(5))).status).toBe(200);
    // Fill the disk but for a few KiB.
    const filler = join(disk, 'filler');
    try {
      writeFileSync(filler, Buffer.alloc(1024 * 1024));
    } catch {
      // ENOSPC: the filler took what there was, which is the point.
    }
    const small = await post(receiver.url, jsonBody(200, 'x'.repeat(100)));
    const large = await post(receiver.url, protobufBody(200, 1000));
    expect([small.status, large.status]).toEqual([503, 503]);
    expect([small.retryAfter, large.retryAfter]).toEqual(['1', '1']);
    rmSync(filler);
    expect((await post(receiver.url, jsonBody(3))).status).toBe(200);
    expect((await post(receiver.url, protobufBody(200, 1000))).status).toBe(200);
    await receiver.stop();
    expect(receiver.stderr()).not.toMatch(/internal error|could not write an accepted batch/);
    // The two refused batches, 200 records each, are counted as not written.
    expect(receiver.stderr()).toMatch(/stopped \(3 batches, 208 log records, 0 spans, 2 rejected, 400 records not written/);
    expect(everyLineParses(join(dir, 'logs.jsonl'))).toBe(3);
  });
});
