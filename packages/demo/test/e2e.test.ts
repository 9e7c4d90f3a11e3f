/**
 * The `npm start` flow, shorter: the built start.js runs the real receiver (`mlotel collect`),
 * two demo servers and the load generator as child processes, and this test checks what landed
 * in the receiver's files. Needs the build (`npm test` builds first).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const START = join(__dirname, '..', 'dist', 'cjs', 'start.js');
const MLOTEL = join(__dirname, '..', '..', 'cli', 'bin', 'mlotel.js');

interface Attr {
  key: string;
  value?: { stringValue?: string };
}
interface Rec {
  severityNumber?: number;
  eventName?: string;
  traceId?: string;
  attributes?: Attr[];
  server?: string;
}

function jsonLines(file: string): unknown[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
}

function logRecords(file: string): Rec[] {
  const out: Rec[] = [];
  for (const batch of jsonLines(file) as Array<{ resourceLogs?: Array<{ resource?: { attributes?: Attr[] }; scopeLogs?: Array<{ logRecords?: Rec[] }> }> }>) {
    for (const rl of batch.resourceLogs ?? []) {
      const server = rl.resource?.attributes?.find((a) => a.key === 'host.name')?.value?.stringValue;
      for (const sl of rl.scopeLogs ?? []) for (const r of sl.logRecords ?? []) out.push({ ...r, server });
    }
  }
  return out;
}

const attr = (r: Rec, key: string): string | undefined => r.attributes?.find((a) => a.key === key)?.value?.stringValue;
const eventOf = (r: Rec): string | undefined => r.eventName || attr(r, 'event.name');

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [START, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm start, end to end (child processes, real receiver files)', () => {
  let dir: string;
  let result: { code: number | null; stdout: string; stderr: string };
  let records: Rec[];

  beforeAll(async () => {
    if (!existsSync(START)) throw new Error(`${START} is missing: run \`npm run build\` first (npm test does)`);
    dir = mkdtempSync(join(tmpdir(), 'mlotel-demo-e2e-'));
    const env = { ...process.env };
    delete env['OTEL_EXPORTER_OTLP_ENDPOINT'];
    delete env['MLOTEL_LEVEL'];
    result = await run(['--requests', '80', '--data-dir', dir, '--feedback-all'], env);
    records = existsSync(join(dir, 'logs.jsonl')) ? logRecords(join(dir, 'logs.jsonl')) : [];
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 and prints the summary with the commands to look further', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('mlotel demo: summary');
    expect(result.stdout).toContain('npx mlotel tail');
  });

  it("prints the dataset's evaluation: a line per model version and server with its accuracy", () => {
    expect(result.stdout).toMatch(/Evaluation of \d+ predictions/);
    // Every prediction is labelled (--feedback-all): 100 % labelled, an accuracy for each line.
    for (const group of ['iris@v1', 'iris@v2', 'server-a', 'server-b', 'all']) {
      expect(result.stdout).toMatch(new RegExp(`^ +${group} +\\d+ +100\\.0% .* [01]\\.\\d{3}$`, 'm'));
    }
  });

  it('stores records at all five levels', () => {
    const levels = new Set(records.map((r) => Math.floor(((r.severityNumber ?? 0) - 1) / 4)));
    // 1 DEBUG, 2 INFO, 3 WARNING, 4 ERROR, 5 CRITICAL (OTel severity ranges of 4)
    expect([...levels].sort()).toEqual(expect.arrayContaining([1, 2, 3, 4, 5]));
  });

  it('stores predictions from two model versions and records from two servers', () => {
    const predictions = records.filter((r) => eventOf(r) === 'ml.prediction');
    expect(new Set(predictions.map((r) => attr(r, 'ml.model.version')))).toEqual(new Set(['v1', 'v2']));
    expect(new Set(records.map((r) => r.server))).toEqual(new Set(['server-a', 'server-b']));
  });

  it('gives every prediction the trace id of a span stored in traces.jsonl', () => {
    const traceIds = new Set<string>();
    for (const batch of jsonLines(join(dir, 'traces.jsonl')) as Array<{ resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: Array<{ traceId?: string }> }> }> }>) {
      for (const rs of batch.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) if (s.traceId) traceIds.add(s.traceId);
    }
    const predictions = records.filter((r) => eventOf(r) === 'ml.prediction');
    expect(predictions.length).toBeGreaterThan(40);
    const unlinked = predictions.filter((r) => !r.traceId || !traceIds.has(r.traceId));
    expect(unlinked).toEqual([]);
  });

  it('joins feedback to every prediction in the dataset built by mlotel dataset', () => {
    const predictionIds = records.filter((r) => eventOf(r) === 'ml.prediction').map((r) => attr(r, 'ml.prediction.id'));
    const rows = jsonLines(join(dir, 'dataset.jsonl')) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(predictionIds.length);
    const unlabelled = rows.filter((row) => row['actual'] === undefined || row['actual'] === null || row['actual'] === '');
    expect(unlabelled).toEqual([]);
  });
});

describe('npm start with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
  it('sends to that endpoint, starts no embedded receiver and says the summary has no files', async () => {
    const collectorDir = mkdtempSync(join(tmpdir(), 'mlotel-demo-external-'));
    const unusedDir = join(collectorDir, 'not-created');
    // A separately started receiver plays the part of the user's running collector.
    const collector = spawn(process.execPath, [MLOTEL, 'collect', '--port', '0', '--dir', collectorDir, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      let url = '';
      for await (const line of createInterface({ input: collector.stderr })) {
        const match = /listening on (http:\/\/\S+)/.exec(line);
        if (match?.[1]) {
          url = match[1];
          break;
        }
      }
      const env = { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: url };
      const result = await run(['--requests', '20', '--data-dir', unusedDir], env);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`records sent to ${url}`);
      expect(existsSync(unusedDir)).toBe(false);
      collector.kill('SIGTERM');
      await once(collector, 'exit');
      const servers = new Set(logRecords(join(collectorDir, 'logs.jsonl')).map((r) => r.server));
      expect(servers).toEqual(new Set(['server-a', 'server-b']));
    } finally {
      collector.kill('SIGKILL');
      rmSync(collectorDir, { recursive: true, force: true });
    }
  }, 120_000);
});
