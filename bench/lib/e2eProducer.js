'use strict';
// One end-to-end run in its own process (one core): an app using the built SDK with its
// default batch settings logs `count` records, at most 512 per event-loop turn (a busy
// service, not a single synchronous loop), to `url` over `protocol`, then calls shutdown().
// With `rate`, records are paced to that many per second (the app waits when ahead). Prints
// `RESULT <json>`: seconds from the first record to shutdown() resolved, stats(), and the TCP
// payload bytes written (HTTP headers included), counted on every client socket.
const path = require('node:path');
const diagnostics = require('node:diagnostics_channel');
const sdk = require(path.join(__dirname, '..', '..', 'packages', 'sdk', 'dist', 'cjs', 'index.js'));
const { attributesFor, MESSAGE } = require('./payload');

const { url, protocol, count, rate } = JSON.parse(process.argv[2]);
const sockets = new Set();
diagnostics.subscribe('net.client.socket', ({ socket }) => sockets.add(socket));

async function main() {
  const mlotel = sdk.init({ serviceName: 'bench-e2e', endpoint: url, protocol, flushTimeoutMillis: 120_000 });
  const log = sdk.getLogger('bench.e2e');
  const CHUNK = 512;
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += CHUNK) {
    const end = Math.min(count, i + CHUNK);
    for (let k = i; k < end; k++) log.info(MESSAGE, attributesFor(k));
    if (rate) {
      // Ahead of schedule: sleep the difference (timers, so exports run meanwhile).
      const dueMs = (end / rate) * 1000 - Number(process.hrtime.bigint() - start) / 1e6;
      if (dueMs > 1) {
        await new Promise((resolve) => setTimeout(resolve, dueMs));
        continue;
      }
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  const emittedAt = process.hrtime.bigint();
  await mlotel.shutdown();
  const done = process.hrtime.bigint();
  let bytes = 0;
  for (const socket of sockets) bytes += socket.bytesWritten;
  const seconds = Number(done - start) / 1e9;
  process.stdout.write(`RESULT ${JSON.stringify({
    seconds, deliveredPerSec: mlotel.stats().exported / seconds, emitSeconds: Number(emittedAt - start) / 1e9,
    stats: mlotel.stats(), bytes, cpuUserMs: process.cpuUsage().user / 1000,
  })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack}\n`);
  process.exitCode = 1;
});
