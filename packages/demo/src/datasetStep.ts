import { spawn } from 'node:child_process';
import { readJsonLines } from './otlpJsonLines.js';

/** Accuracy of one model version against the feedback joined in the dataset. */
export interface VersionAccuracy {
  readonly labelled: number;
  readonly correct: number;
}

/** What the built dataset holds. */
export interface DatasetSummary {
  readonly rows: number;
  readonly labelled: number;
  readonly byVersion: Record<string, VersionAccuracy>;
}

/**
 * Runs `node <mlotelBin> ...args` to completion and resolves with its exit code and output.
 * Never rejects: a spawn failure resolves with code -1 and the error in `output`.
 * @example const { code } = await runCli(bin, ['dataset', '--in', 'ml-events.jsonl', '--out', 'train.jsonl']);
 */
export function runCli(mlotelBin: string, args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [mlotelBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', (err) => resolve({ code: -1, output: err.message }));
    child.once('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

function field(row: Record<string, unknown>, ...keys: string[]): unknown {
  for (const key of keys) if (row[key] !== undefined && row[key] !== null && row[key] !== '') return row[key];
  return undefined;
}

/**
 * Reads a dataset written by `mlotel dataset --out file.jsonl` and counts rows, labelled rows,
 * and per model version how many labelled predictions were right.
 * Missing file -> zeros. Never throws on content.
 * @example const d = await summariseDataset('mlotel-data/dataset.jsonl'); d.byVersion.v1?.correct
 */
export async function summariseDataset(file: string): Promise<DatasetSummary> {
  let rows = 0;
  let labelled = 0;
  const byVersion: Record<string, { labelled: number; correct: number }> = {};
  for await (const value of readJsonLines(file)) {
    if (typeof value !== 'object' || value === null) continue;
    const row = value as Record<string, unknown>;
    rows++;
    const actual = field(row, 'actual');
    if (actual === undefined) continue;
    labelled++;
    const version = String(field(row, 'model_version', 'model.version', 'version') ?? '?');
    const entry = (byVersion[version] ??= { labelled: 0, correct: 0 });
    entry.labelled++;
    if (field(row, 'output') === actual) entry.correct++;
  }
  return { rows, labelled, byVersion };
}
