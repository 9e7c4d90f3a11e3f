/**
 * The SDK against a collector that misbehaves. The app is a real child process using the
 * built SDK (fixtures/sdkProcess.js); the collector is a real loopback HTTP server in this
 * process (support/faultyOtlpServer.ts) that can go down, come back, hang, answer 4xx/5xx
 * with Retry-After, or cut the connection mid-body. Each test names the guarantee it proves.
 * Waits are on events and on polled conditions with deadlines; nothing asserts on time except
 * "shutdown() returned before the export timeout", with the flush timeout set 30x shorter.
 */
import { startFaultyOtlpServer, type FaultyOtlpServer } from './support/faultyOtlpServer';
import { quickBatch, startApp, type AppProcess, type EmitResult, type Reply, type TimedResult } from './support/sdkProcess';

const MB = 1024 * 1024;

let server: FaultyOtlpServer;
let app: AppProcess | undefined;

beforeEach(async () => {
  server = await startFaultyOtlpServer();
});

afterEach(async () => {
  app?.kill();
  app = undefined;
  await server.close();
});

/** The app saw no exception from the SDK, no unhandled rejection and no uncaught exception. */
function expectNothingThrown(reply: Reply<Partial<EmitResult> & Partial<TimedResult>>): void {
  expect(reply.result.firstThrow).toBeUndefined();
  expect(reply.result.threw ?? 0).toBe(0);
  expect(reply.seen.unhandledRejections).toEqual([]);
  expect(reply.seen.uncaughtExceptions).toEqual([]);
}

function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

/** How many times each seq was accepted. */
function acceptedCounts(): Map<number, number> {
  const counts = new Map<number, number>();
  for (const seq of server.accepted) counts.set(seq, (counts.get(seq) ?? 0) + 1);
  return counts;
}

/** Whether every seq in [from, from + count) has been accepted. */
function allAccepted(from: number, count: number): boolean {
  const counts = acceptedCounts();
  return range(from, count).every((seq) => counts.has(seq));
}

async function initApp(options: Record<string, unknown>): Promise<AppProcess> {
  app = await startApp();
  const reply = await app.send('init', { options: { serviceName: 'fault-app', endpoint: server.url, ...options } });
  expect(reply.result).toEqual({ ok: true });
  return app;
}

describe('collector down', () => {
  it('down at start: log calls return without throwing, failed exports are counted, and records emitted once it is up arrive', async () => {
    await server.down();
    const a = await initApp({ protocol: 'http/json', batch: quickBatch({ maxExportBatchSize: 2048, exportTimeoutMillis: 1500 }), flushTimeoutMillis: 3000 });

    const whileDown = await a.send<EmitResult>('emit', { from: 0, count: 2000 });
    expectNothingThrown(whileDown);
    const flush = await a.send<TimedResult>('flush');
    expect(flush.result.rejected).toBeUndefined();
    const failed = await a.send('waitFor', { atLeast: { failedExports: 2000 } });
    expect(failed.result.met).toBe(true);
    expect(failed.stats?.exported).toBe(0);

    await server.up();
    const afterUp = await a.send<EmitResult>('emit', { from: 10_000, count: 1000 });
    expectNothingThrown(afterUp);
    await server.waitFor(() => allAccepted(10_000, 1000), 'the records emitted after recovery');
    const shutdown = await a.send<TimedResult>('shutdown');
    expect(shutdown.result.rejected).toBeUndefined();
    expectNothingThrown(shutdown);
  });

  it('down mid-run and back: no throw, drops counted, memory bounded by the queue (300,000 records), every record accounted for, later records arrive', async () => {
    const a = await initApp({ batch: quickBatch({ maxExportBatchSize: 2048, exportTimeoutMillis: 1000 }), flushTimeoutMillis: 5000 });
    expectNothingThrown(await a.send<EmitResult>('emit', { from: 0, count: 5000 }));
    await server.waitFor(() => server.accepted.length >= 5000, '5000 records before the outage');

    await server.down();
    const heapBefore = await a.send('heap');
    const before = await a.send('resetPeak');
    const half = await a.send<EmitResult>('emit', { from: 100_000, count: 150_000, chunk: 1000 });
    expectNothingThrown(half);
    const heapHalf = await a.send('heap');
    const down = await a.send<EmitResult>('emit', { from: 250_000, count: 150_000, chunk: 1000 });
    expectNothingThrown(down);
    const heapFull = await a.send('heap');
    const s1 = heapFull.stats!;
    const rssGrowthMb = (down.rssPeak - before.rss) / MB;
    const heapGrowthMb = (heapFull.result.heapUsed - heapBefore.result.heapUsed) / MB;
    const heapSecondHalfMb = (heapFull.result.heapUsed - heapHalf.result.heapUsed) / MB;
    console.info(`collector down: 300,000 records emitted, ${JSON.stringify(s1)}; live heap +${heapGrowthMb.toFixed(1)} MB ` +
      `(+${heapSecondHalfMb.toFixed(1)} MB over the second 150,000), RSS peak +${rssGrowthMb.toFixed(1)} MB, longest log call ${(Math.max(half.result.longestCallNs, down.result.longestCallNs) / 1e6).toFixed(2)} ms`);
    // Bounded by the queue: at most a full queue (32,768) plus the batch being exported is
    // neither exported, failed nor dropped; everything beyond is dropped and counted.
    expect(s1.dropped).toBeGreaterThan(0);
    expect(s1.emitted - s1.exported - s1.failedExports - s1.dropped).toBeLessThanOrEqual(32_768 + 2048);
    // ... and so is memory: retained heap does not grow with the number of records logged.
    expect(heapGrowthMb).toBeLessThan(64);
    expect(heapSecondHalfMb).toBeLessThan(8);

    await server.up();
    // The backlog queued during the outage goes first (a full queue drops the newest records,
    // as OTel's BatchLogRecordProcessor does); once it has been worked off, new records arrive.
    const drained = await a.send('waitFor', { settled: true, timeoutMs: 45_000 });
    console.info(`after recovery: ${JSON.stringify(drained.stats)}`);
    expect(drained.result.met).toBe(true);
    expectNothingThrown(await a.send<EmitResult>('emit', { from: 1_000_000, count: 5000 }));
    await server.waitFor(() => allAccepted(1_000_000, 5000), 'the records emitted after recovery');
    const settled = await a.send('waitFor', { settled: true });
    expect(settled.result.met).toBe(true);
    const s = settled.stats!;
    expect(s.emitted).toBe(310_000);
    // Every record is exported, failed or dropped, and the collector saw exactly the exported ones.
    expect(s.exported + s.failedExports + s.dropped).toBe(s.emitted);
    expect(server.accepted.length).toBe(s.exported);
    const shutdown = await a.send<TimedResult>('shutdown');
    expect(shutdown.result.rejected).toBeUndefined();
  });

  it('shutdown() and forceFlush() return within the export timeout while the collector never answers', async () => {
    server.behave({ kind: 'hang' });
    const EXPORT_TIMEOUT = 30_000;
    const a = await initApp({ batch: quickBatch({ exportTimeoutMillis: EXPORT_TIMEOUT }), flushTimeoutMillis: 1000 });
    expectNothingThrown(await a.send<EmitResult>('emit', { from: 0, count: 100 }));
    await server.waitFor(() => server.attempts.length >= 1, 'the export to reach the hanging collector');
    expectNothingThrown(await a.send<EmitResult>('emit', { from: 100, count: 100 }));
    const flush = await a.send<TimedResult>('flush');
    const shutdown = await a.send<TimedResult>('shutdown');
    console.info(`hanging collector: forceFlush() returned after ${flush.result.ms.toFixed(0)} ms, shutdown() after ${shutdown.result.ms.toFixed(0)} ms (flush timeout 1000 ms, export timeout ${EXPORT_TIMEOUT} ms)`);
    // Bounded by mlotel's flush timeout (1 s), not by the exporter's 30 s: a generous bound, not a benchmark.
    expect(flush.result.rejected).toBeUndefined();
    expect(shutdown.result.rejected).toBeUndefined();
    expect(flush.result.ms).toBeLessThan(EXPORT_TIMEOUT);
    expect(shutdown.result.ms).toBeLessThan(EXPORT_TIMEOUT);
    expectNothingThrown(shutdown);
  });
});

describe('flush storm (docs/reliability.md, F1)', () => {
  // sdk-logs' BatchLogRecordProcessor ignores a flush or shutdown that arrives while one of
  // its flushes runs; shutdown() then abandoned every record queued since, uncounted.
  it.each([['http/protobuf'], ['http/json']])('forceFlush() calls made while a flush runs lose nothing: every record arrives once and stats() accounts for all (%s)', async (protocol) => {
    const a = await initApp({ protocol, batch: quickBatch() });
    const storm = await a.send<TimedResult>('flushStorm', { count: 5000, flushEvery: 50 });
    expectNothingThrown(storm);
    expect(storm.result.rejected).toBeUndefined();
    expect(storm.result.rejectedFlushes).toBe(0);
    const s = storm.stats!;
    expect(s.emitted).toBe(5000);
    expect(s.exported + s.failedExports + s.dropped).toBe(s.emitted);
    await server.waitFor(() => allAccepted(0, 5000), 'every record of the storm');
    expect([...acceptedCounts().values()].every((n) => n === 1)).toBe(true);
  });

  it('shutdown() after forceFlush() gave up (event loop busy past flushTimeoutMillis) still sends the queue, and stats() accounts for every record', async () => {
    const a = await initApp({ batch: quickBatch(), flushTimeoutMillis: 200 });
    const storm = await a.send<TimedResult>('flushStorm', { count: 5000, flushEvery: 5000, busyMs: 400 });
    expectNothingThrown(storm);
    const s = storm.stats!;
    expect(s.exported + s.failedExports + s.dropped).toBe(s.emitted);
    // What shutdown() could not send within its 200 ms is counted as dropped, and still goes out.
    await server.waitFor(() => allAccepted(0, 5000), 'every record of the storm');
  });
});

describe('collector misbehaving', () => {
  it('slow collector: an export that outlives the export timeout is abandoned and counted as failed, and later records arrive', async () => {
    server.behave({ kind: 'hang' });
    const a = await initApp({ batch: quickBatch({ exportTimeoutMillis: 1000 }) });
    expectNothingThrown(await a.send<EmitResult>('emit', { from: 0, count: 512 }));
    const failed = await a.send('waitFor', { atLeast: { failedExports: 512 } });
    expect(failed.result.met).toBe(true);

    server.behave({ kind: 'ok' });
    expectNothingThrown(await a.send<EmitResult>('emit', { from: 1000, count: 512 }));
    await server.waitFor(() => allAccepted(1000, 512), 'the records after the slow period');
    expect(server.attempts[0]?.outcome).toBe('hang');
  });

  it('429 with Retry-After: 0 is retried and the batch arrives exactly once', async () => {
    server.behave({ kind: 'status', status: 429, retryAfter: '0', times: 2 });
    const a = await initApp({ batch: quickBatch() });
    expectNothingThrown(await a.send<EmitResult>('emit', { from: 0, count: 100 }));
    await server.waitFor(() => server.accepted.length >= 100, 'the batch after two 429s');
    expect(server.attempts.map((t) => t.status)).toEqual([429, 429, 200]);
    expect([...acceptedCounts().values()].every((n) => n === 1)).toBe(true);
    const settled = await a.send('waitFor', { settled: true });
    expect(settled.stats).toMatchObject({ exported: 100, failedExports: 0, dropped: 0 });
  });

  it('503 with Retry-After: 0 forever is retried within bounds: 6 attempts per batch (1 + the exporter\'s 5 retries), then counted as failed', async () => {
    server.behave({ kind: 'status', status: 503, retryAfter: '0' });
    const a = await initApp({ batch: quickBatch() });
    expectNothingThrown(await a.send<EmitResult>('emit', { from: 0, count: 100 }));
    const failed = await a.send('waitFor', { atLeast: { failedExports: 100 } });
    expect(failed.result.met).toBe(true);
    expect(server.attempts).toHaveLength(6);
    for (const attempt of server.attempts) expect(attempt.seqs).toEqual(range(0, 100));
  });

  it('503 with a Retry-After beyond the export timeout is not retried (the header is honoured)', async () => {
    server.behave({ kind: 'status', status: 503, retryAfter: '60' });
    const a = await initApp({ batch: quickBatch({ exportTimeoutMillis: 2000 }) });
    expectNothingThrown(await a.send<EmitResult>('emit', { from: 0, count: 100 }));
    const failed = await a.send('waitFor', { atLeast: { failedExports: 100 } });
    expect(failed.result.met).toBe(true);
    expect(server.attempts).toHaveLength(1);
  });

  it('400 is not retried: exactly one attempt per batch, every record sent once and counted as failed', async () => {
    server.behave({ kind: 'status', status: 400 });
    const a = await initApp({ batch: quickBatch() });
    expectNothingThrown(await a.send<EmitResult>('emit', { from: 0, count: 1536, chunk: 1536 }));
    const failed = await a.send('waitFor', { atLeast: { failedExports: 1536 } });
    expect(failed.result.met).toBe(true);
    const sent = server.attempts.flatMap((t) => t.seqs).sort((x, y) => x - y);
    expect(sent).toEqual(range(0, 1536));
    expect(server.attempts.every((t) => t.status === 400)).toBe(true);
    expect(failed.stats).toMatchObject({ exported: 0, failedExports: 1536 });
  });

  it('a connection reset mid-body is retried and the batch arrives exactly once', async () => {
    server.behave({ kind: 'reset', times: 2 });
    const a = await initApp({ batch: quickBatch({ maxExportBatchSize: 2048 }) });
    expectNothingThrown(await a.send<EmitResult>('emit', { from: 0, count: 2048, chunk: 2048 }));
    await server.waitFor(() => server.accepted.length >= 2048, 'the batch after two resets');
    const [first, second, last] = server.attempts;
    expect(server.attempts.map((t) => t.outcome)).toEqual(['reset', 'reset', 'ok']);
    // The resets really happened mid-body: less arrived than the whole request (sent chunked).
    expect(first!.bytes).toBeLessThan(last!.bytes);
    expect(second!.bytes).toBeLessThan(last!.bytes);
    expect(server.accepted.slice().sort((x, y) => x - y)).toEqual(range(0, 2048));
  });
});

describe('no loss when the collector is up', () => {
  it('clean shutdown() with the collector up loses 0 of 100,000 records', async () => {
    const a = await initApp({ flushTimeoutMillis: 60_000 });
    // Default batch settings; the app keeps within half the queue, so this case is about what
    // shutdown() flushes, not about queue overflow (that is the collector-down case).
    const emitted = await a.send<EmitResult>('emit', { from: 0, count: 100_000, chunk: 1000, keepWithinQueue: 16_384 });
    expectNothingThrown(emitted);
    const shutdown = await a.send<TimedResult>('shutdown');
    expect(shutdown.result.rejected).toBeUndefined();
    expect(shutdown.stats).toMatchObject({ emitted: 100_000, exported: 100_000, failedExports: 0, dropped: 0 });
    const counts = acceptedCounts();
    expect(counts.size).toBe(100_000);
    expect(server.accepted).toHaveLength(100_000);
    expect(range(0, 100_000).every((seq) => counts.get(seq) === 1)).toBe(true);
  });

  it('a process that exits without calling shutdown() still delivers its records (flushed on beforeExit)', async () => {
    const a = await initApp({ batch: { scheduledDelayMillis: 60_000 } });
    await a.send('leave', { count: 5000 });
    const { code, stdout } = await a.exited;
    expect(code).toBe(0);
    const line = stdout.split('\n').find((l) => l.startsWith('STATS '));
    expect(JSON.parse(line!.slice('STATS '.length))).toMatchObject({ emitted: 5000, exported: 5000, dropped: 0 });
    expect(server.accepted.slice().sort((x, y) => x - y)).toEqual(range(0, 5000));
  });
});
