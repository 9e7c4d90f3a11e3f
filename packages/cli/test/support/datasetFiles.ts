/**
 * Files for dataset tests: a temporary folder of input lines, and readers of what
 * buildDataset() wrote (JSON lines, CSV).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatasetRow } from '../../src/dataset/datasetRow';

/** A temporary folder, removed after the test file's tests, and a writer of files in it. */
export interface DatasetDir {
  dir: string;
  /** Writes `lines` (each ended by a newline) to `name` in the folder; returns its path. */
  file(name: string, lines: string[]): string;
}

/**
 * Makes a temporary folder named from `prefix`, removed (with all in it) after the calling test
 * file's tests: call it at the top level of a test file.
 * @example const { dir, file } = datasetDir('mlotel-dataset-rows-'); const input = file('in.jsonl', [batchLine([prediction(p)])]);
 */
export function datasetDir(prefix: string): DatasetDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    file(name, lines) {
      const path = join(dir, name);
      writeFileSync(path, `${lines.join('\n')}\n`);
      return path;
    },
  };
}

/**
 * The rows of a JSON-lines file, blank lines skipped.
 * @example expect(jsonl(out).map((r) => r.prediction_id)).toEqual(['p1', 'p2']);
 */
export function jsonl(path: string): DatasetRow[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as DatasetRow);
}

/**
 * A small RFC 4180 parser, to read back what the CSV writer wrote: every row ends in a newline.
 * @example const [header, ...rows] = parseCsv(readFileSync(out, 'utf8'));
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else field += c;
  }
  return rows;
}
