import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runLoad, waitForTargets } from '../src/loadGenerator';
import { parsePredictRequest } from '../src/validation';

interface Seen {
  path: string;
  body: string;
}

/** A stand-in target with the demo's HTTP contract and input validation: it records what it receives. */
async function startTarget(name: string): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  let next = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', body });
      if (req.url === '/healthz') {
        res.writeHead(200).end('{}');
        return;
      }
      if (req.url === '/feedback') {
        res.writeHead(202).end('{"accepted":true}');
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        res.writeHead(400).end('{"error":"bad json"}');
        return;
      }
      if (!parsePredictRequest(parsed).ok) {
        res.writeHead(400).end('{"error":"bad"}');
        return;
      }
      res.writeHead(200).end(JSON.stringify({ id: `${name}-${next++}`, class: 'setosa', confidence: 0.9, model: 'iris', version: name }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

describe('runLoad()', () => {
  const targets: Array<Awaited<ReturnType<typeof startTarget>>> = [];
  beforeAll(async () => {
    targets.push(await startTarget('a'), await startTarget('b'));
  });
  afterAll(async () => {
    await Promise.all(targets.map((t) => new Promise((resolve) => t.server.close(resolve))));
  });
  beforeEach(() => targets.forEach((t) => t.seen.splice(0)));

  it('sends the requested number of predictions round-robin, with good, between-class and malformed ones', async () => {
    const report = await runLoad({ targets: targets.map((t) => t.url), requests: 200, seed: 1 });
    const predicts = targets.map((t) => t.seen.filter((s) => s.path === '/predict').length);
    expect(predicts).toEqual([100, 100]);
    expect(report.requests).toBe(200);
    expect(report.byKind.good).toBeGreaterThan(report.byKind.ambiguous);
    expect(report.byKind.ambiguous).toBeGreaterThan(0);
    expect(report.byKind.malformed).toBeGreaterThan(0);
    expect(report.byStatus['400']).toBe(report.byKind.malformed);
    expect(report.networkErrors).toBe(0);
  });

  it('sends feedback for every prediction when the feedback share is 1, to the server that made it', async () => {
    const report = await runLoad({ targets: targets.map((t) => t.url), requests: 120, feedbackShare: 1, lateShare: 0.3, seed: 2 });
    for (const t of targets) {
      const ids = t.seen.filter((s) => s.path === '/feedback').map((s) => (JSON.parse(s.body) as { id: string }).id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id) => id.startsWith(t.url === targets[0]?.url ? 'a-' : 'b-'))).toBe(true);
      expect(ids.length).toBeGreaterThan(0);
    }
    expect(report.feedbackSent).toBe(report.byStatus['200']);
    expect(report.lateFeedbackSent).toBeGreaterThan(0);
  });

  it('sends late feedback only after the last prediction', async () => {
    await runLoad({ targets: [targets[0]?.url ?? ''], requests: 80, feedbackShare: 1, lateShare: 0.5, concurrency: 1, seed: 3 });
    const paths = targets[0]?.seen.map((s) => s.path) ?? [];
    const lastPredict = paths.lastIndexOf('/predict');
    const afterLast = paths.slice(lastPredict + 1).filter((p) => p === '/feedback').length;
    expect(afterLast).toBeGreaterThan(1);
  });

  it('counts unreachable targets as network errors instead of failing', async () => {
    const report = await runLoad({ targets: ['http://127.0.0.1:1'], requests: 5, timeoutMs: 2000 });
    expect(report.networkErrors).toBe(5);
    expect(report.feedbackSent).toBe(0);
  });

  it('stops starting requests once aborted', async () => {
    const stop = new AbortController();
    stop.abort();
    const report = await runLoad({ targets: [targets[0]?.url ?? ''], requests: Infinity, signal: stop.signal });
    expect(report.requests).toBe(0);
  });
});

describe('waitForTargets()', () => {
  it('returns the targets that never became healthy', async () => {
    const down = await waitForTargets(['http://127.0.0.1:1'], 300);
    expect(down).toEqual(['http://127.0.0.1:1']);
  });
});
