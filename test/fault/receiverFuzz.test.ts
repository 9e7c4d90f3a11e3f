/**
 * The embedded receiver (`mlotel collect`, a real child process) under a fuzzer. Guarantees:
 * bad input gets a 4xx, never a 5xx and never a dropped connection for a well-formed request;
 * the receiver stays up (a valid request after the storm succeeds); every line it wrote is
 * valid JSON. Seeded fast-check (FAULT_SEED), seed logged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { validLogsRequest } from './support/otlpWire';

const BIN = path.join(__dirname, '..', '..', 'packages', 'cli', 'bin', 'mlotel.js');
const SEED = Number(process.env.FAULT_SEED ?? 20261127);
const MAX_BODY = 256 * 1024;

interface Answer {
  status?: number;
  error?: string;
}

let child: ChildProcess;
let url: URL;
let dir: string;
const tried = { requests: 0, statuses: new Map<number, number>(), connectionErrors: 0 };

beforeAll(async () => {
  if (!existsSync(path.join(__dirname, '..', '..', 'packages', 'cli', 'dist', 'cjs', 'main.js'))) {
    throw new Error('packages/cli/dist is missing: build first (npx tsc -b packages/cli, or npm test, which builds)');
  }
  dir = mkdtempSync(path.join(tmpdir(), 'mlotel-fuzz-'));
  child = spawn(process.execPath, [BIN, 'collect', '--port', '0', '--dir', dir, '--quiet', '--max-body', String(MAX_BODY)], { stdio: ['ignore', 'ignore', 'pipe'] });
  url = await new Promise<URL>((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) resolve(new URL(match[1]!));
    });
    child.once('exit', (code) => reject(new Error(`mlotel collect exited (${code}): ${stderr}`)));
  });
  console.info(`receiver fuzz: seed ${SEED} (replay with FAULT_SEED), collector at ${url.href}`);
});

afterAll(async () => {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  rmSync(dir, { recursive: true, force: true });
  console.info(`receiver fuzz: ${tried.requests} requests, statuses ${JSON.stringify(Object.fromEntries(tried.statuses))}, ${tried.connectionErrors} connection errors on refused bodies`);
});

/** One POST; resolves with the status, or the connection error. */
function post(body: Buffer, headers: Record<string, string>, agent?: Agent, pathname = '/v1/logs'): Promise<Answer> {
  return new Promise((resolve) => {
    const req = request({ host: url.hostname, port: url.port, path: pathname, method: 'POST', headers: { 'content-length': String(body.length), ...headers }, agent: agent ?? false }, (res) => {
      res.resume();
      res.on('end', () => {
        tried.requests++;
        tried.statuses.set(res.statusCode!, (tried.statuses.get(res.statusCode!) ?? 0) + 1);
        resolve({ status: res.statusCode });
      });
      res.on('error', (error) => resolve({ status: res.statusCode, error: error.message }));
    });
    req.on('error', (error) => {
      tried.requests++;
      tried.connectionErrors++;
      resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message });
    });
    req.end(body);
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
const PROTO_TYPE = { 'content-type': 'application/x-protobuf' };

/** Every line of every file the receiver wrote parses as JSON. */
function expectValidJsonLines(): number {
  let lines = 0;
  for (const file of ['logs.jsonl', 'traces.jsonl', 'ml-events.jsonl']) {
    const full = path.join(dir, file);
    if (!existsSync(full)) continue;
    for (const line of readFileSync(full, 'utf8').split('\n')) {
      if (line === '') continue;
      expect(() => JSON.parse(line)).not.toThrow();
      lines++;
    }
  }
  return lines;
}

/** A fuzzed body: mutations of valid requests, random bytes, random JSON, truncated gzip. */
const fuzzedRequest = fc.oneof(
  fc.string({ maxLength: 300 }).map((text) => ({ kind: 'malformed JSON', body: Buffer.from(text), headers: JSON_TYPE })),
  fc.json({ maxDepth: 4 }).map((text) => ({ kind: 'random JSON', body: Buffer.from(text), headers: JSON_TYPE })),
  fc.uint8Array({ maxLength: 600 }).map((bytes) => ({ kind: 'random protobuf', body: Buffer.from(bytes), headers: PROTO_TYPE })),
  fc.tuple(fc.boolean(), fc.nat({ max: 5000 }), fc.integer({ min: 1, max: 255 })).map(([json, at, byte]) => {
    const body = Buffer.from(validLogsRequest(3, json));
    const i = at % body.length;
    body[i] = (body[i] ?? 0) ^ byte;
    return { kind: 'bit-flipped valid request', body, headers: json ? JSON_TYPE : PROTO_TYPE };
  }),
  fc.tuple(fc.boolean(), fc.nat({ max: 5000 })).map(([json, cut]) => {
    const body = validLogsRequest(3, json);
    return { kind: 'truncated valid request', body: body.subarray(0, cut % body.length), headers: json ? JSON_TYPE : PROTO_TYPE };
  }),
  fc.tuple(fc.boolean(), fc.nat({ max: 5000 })).map(([json, cut]) => {
    const zipped = gzipSync(validLogsRequest(20, json));
    return { kind: 'truncated gzip', body: zipped.subarray(0, 1 + (cut % (zipped.length - 1))), headers: { ...(json ? JSON_TYPE : PROTO_TYPE), 'content-encoding': 'gzip' } };
  }),
  fc.constantFrom('text/plain', 'application/xml', '', 'application/json; charset=utf-16').map((type) => ({ kind: 'wrong content type', body: validLogsRequest(1, true), headers: { 'content-type': type } })),
);

it('answers every fuzzed request (malformed JSON, random protobuf, bit flips, truncation, truncated gzip) with 2xx or 4xx, never 5xx or a dropped connection', async () => {
  await fc.assert(
    fc.asyncProperty(fuzzedRequest, async ({ body, headers }) => {
      const answer = await post(body, headers);
      expect(answer.error).toBeUndefined();
      expect(answer.status).toBeGreaterThanOrEqual(200);
      expect(answer.status).toBeLessThan(500);
    }),
    { seed: SEED, numRuns: 1500 },
  );
});

it('refuses oversized bodies (declared too large, or a gzip bomb that inflates past the limit) with 413 and keeps going', async () => {
  const big = Buffer.alloc(MAX_BODY + 1, 0x61);
  const declared = await post(big, JSON_TYPE);
  // The receiver answers before reading the body; the client may see the 413 or the reset of
  // a connection it was still writing to, never a 5xx.
  if (declared.status !== undefined) expect(declared.status).toBe(413);
  const bomb = gzipSync(Buffer.alloc(MAX_BODY * 8, 0x20));
  const bombAnswer = await post(bomb, { ...JSON_TYPE, 'content-encoding': 'gzip' });
  expect(bombAnswer.status).toBe(413);
  const after = await post(validLogsRequest(2, true, 'after-oversized'), JSON_TYPE);
  expect(after.status).toBe(200);
});

it('serves many concurrent clients: 64 clients x 5 valid requests on keep-alive connections all get 200, nothing dropped', async () => {
  const before = countRecords('concurrent');
  const clients = Array.from({ length: 64 }, async (_, c) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const answers: Answer[] = [];
    for (let r = 0; r < 5; r++) answers.push(await post(validLogsRequest(10, (c + r) % 2 === 0, 'concurrent'), (c + r) % 2 === 0 ? JSON_TYPE : PROTO_TYPE, agent));
    agent.destroy();
    return answers;
  });
  const answers = (await Promise.all(clients)).flat();
  expect(answers.filter((a) => a.error !== undefined)).toEqual([]);
  expect(answers.every((a) => a.status === 200)).toBe(true);
  expect(countRecords('concurrent') - before).toBe(64 * 5 * 10);
});

it('is still up after the storm, and every line it wrote is valid JSON', async () => {
  const answer = await post(validLogsRequest(5, false, 'after-storm'), PROTO_TYPE);
  expect(answer.status).toBe(200);
  expect(countRecords('after-storm')).toBe(5);
  const lines = expectValidJsonLines();
  expect(lines).toBeGreaterThan(0);
  console.info(`receiver fuzz: ${lines} JSON lines written, all valid`);
});

/** Records in logs.jsonl whose `fuzz.case` attribute is `tag`. */
function countRecords(tag: string): number {
  const file = path.join(dir, 'logs.jsonl');
  if (!existsSync(file)) return 0;
  let n = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    for (const rl of JSON.parse(line).resourceLogs ?? []) {
      for (const sl of rl.scopeLogs ?? []) {
        for (const record of sl.logRecords ?? []) {
          if ((record.attributes ?? []).some((a: any) => a.key === 'fuzz.case' && a.value?.stringValue === tag)) n++;
        }
      }
    }
  }
  return n;
}
