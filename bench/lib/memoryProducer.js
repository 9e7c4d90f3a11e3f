'use strict';
// Group 5 in its own process: the collector is down (a port nobody listens on), the app logs
// 1,000,000 records, 1000 per event-loop turn, with the SDK's default queue (32768). Samples
// RSS every turn; prints `RESULT <json>` with the baseline (after init and a warm-up), the
// peak, RSS at each 250,000 records, the live heap after GC at the end, and stats().
const net = require('node:net');
const path = require('node:path');
const sdk = require(path.join(__dirname, '..', '..', 'packages', 'sdk', 'dist', 'cjs', 'index.js'));
const { attributesFor, MESSAGE } = require('./payload');

const { count } = JSON.parse(process.argv[2]);
const MB = 1024 * 1024;

/** A loopback port that refuses connections: listened on, then closed. */
function closedPort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function main() {
  const port = await closedPort();
  const mlotel = sdk.init({ serviceName: 'bench-memory', endpoint: `http://127.0.0.1:${port}`, flushTimeoutMillis: 2000 });
  const log = sdk.getLogger('bench.memory');
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  for (let k = 0; k < 5000; k++) log.info(MESSAGE, attributesFor(k));
  for (let t = 0; t < 20; t++) await turn();
  global.gc();
  const baseline = process.memoryUsage().rss;
  const heapBaseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  const checkpoints = [];
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1000) {
    for (let k = i; k < i + 1000; k++) log.info(MESSAGE, attributesFor(k));
    const rss = process.memoryUsage().rss;
    if (rss > peak) peak = rss;
    if ((i + 1000) % 250_000 === 0) checkpoints.push({ records: i + 1000, rssGrowthMb: (rss - baseline) / MB });
    await turn();
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  global.gc();
  const heapGrowthMb = (process.memoryUsage().heapUsed - heapBaseline) / MB;
  const stats = mlotel.stats();
  const shutdownStart = process.hrtime.bigint();
  await mlotel.shutdown();
  const shutdownMs = Number(process.hrtime.bigint() - shutdownStart) / 1e6;
  process.stdout.write(`RESULT ${JSON.stringify({ baselineMb: baseline / MB, peakGrowthMb: (peak - baseline) / MB, checkpoints, heapGrowthMb, stats, seconds, shutdownMs })}\n`);
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack}\n`);
  process.exit(1);
});
