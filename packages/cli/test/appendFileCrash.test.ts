import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppendFile, WriteError } from '../src/collect/appendFile';
import { mountTmpfs, unmountTmpfs } from './support/tmpfs';

const dir = mkdtempSync(join(tmpdir(), 'mlotel-append-'));

/** Every line of a JSON-lines file parses (and the file ends with a newline unless empty). */
function parsedLines(path: string): unknown[] {
  const text = readFileSync(path, 'utf8');
  if (text !== '') expect(text.endsWith('\n')).toBe(true);
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

describe('AppendFile after a crash', () => {
  it.each([
    ['a cut last line after whole ones (removed)', '{"n":1}\n{"n":2}\n{"n":3, "cut', [{ n: 1 }, { n: 2 }], 12],
    ['a file that is one cut line (emptied)', '{"n":1, "cut', [], 12],
    ['a file that ends on a line boundary (left as it is)', '{"n":1}\n', [{ n: 1 }], 0],
  ])('repairs %s on open, so the next batch stays readable', async (_name, content, kept, removed) => {
    const path = join(dir, `crash-${removed}-${kept.length}.jsonl`);
    writeFileSync(path, content);
    const file = await AppendFile.open(path);
    await file.append('{"n":"next"}');
    await file.close();
    expect(file.removedBytes).toBe(removed);
    expect(parsedLines(path)).toEqual([...kept, { n: 'next' }]);
  });

  it('finds the last newline more than one read-back chunk from the end', async () => {
    const path = join(dir, 'long-cut.jsonl');
    writeFileSync(path, `{"n":1}\n{"cut":"${'x'.repeat(200_000)}`);
    const file = await AppendFile.open(path);
    await file.append('{"n":2}');
    await file.close();
    expect(parsedLines(path)).toEqual([{ n: 1 }, { n: 2 }]);
  });
});

const disk = join(dir, 'disk');
const mounted = mountTmpfs(disk, '256k');
afterAll(() => {
  if (mounted) unmountTmpfs(disk);
  rmSync(dir, { recursive: true, force: true });
});
const onFullDisk = mounted ? describe : describe.skip;
if (!mounted) console.warn('appendFileCrash: cannot mount a tmpfs here (needs root): the full-disk tests are skipped');

onFullDisk('AppendFile on a full disk (real tmpfs)', () => {
  it('fails a batch that does not fit with a WriteError, leaves the file on a line boundary, and appends again once space returns', async () => {
    const filler = join(disk, 'filler');
    const path = join(disk, 'logs.jsonl');
    const file = await AppendFile.open(path);
    const line = JSON.stringify({ pad: 'y'.repeat(10_000) });
    let written = 0;
    let failure: unknown;
    // Fill the disk with whole lines until one does not fit (the write that fails is usually
    // a short write: part of the line reaches the disk before ENOSPC).
    writeFileSync(filler, Buffer.alloc(128 * 1024));
    for (let i = 0; i < 100 && failure === undefined; i++) {
      try {
        await file.append(line);
        written++;
      } catch (err) {
        failure = err;
      }
    }
    expect(failure).toBeInstanceOf(WriteError);
    expect((failure as WriteError).code).toBe('ENOSPC');
    expect(parsedLines(path)).toHaveLength(written);
    expect(statSync(path).size % (line.length + 1)).toBe(0);
    rmSync(filler);
    await file.append('{"after":"space returned"}');
    await file.close();
    const lines = parsedLines(path);
    expect(lines).toHaveLength(written + 1);
    expect(lines[written]).toEqual({ after: 'space returned' });
  });
});
