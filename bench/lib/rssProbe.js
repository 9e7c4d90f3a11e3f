'use strict';
// Preloaded into a measured process (`node -r bench/lib/rssProbe.js ...`, see datasetRun.js)
// with MLOTEL_BENCH_PROBE=<file>: writes `{"pid"}` to <file> at start, so the bench can sample
// /proc/<pid>/status while it runs (the pid is not the spawned one when `script` runs it on a
// pty), and `{"pid","maxRssKb","userMs","systemMs"}` to <file>.exit when it exits: the kernel's
// exact peak RSS (getrusage ru_maxrss), which sampling can miss by a few ms.
const fs = require('node:fs');

const file = process.env.MLOTEL_BENCH_PROBE;
if (file) {
  delete process.env.MLOTEL_BENCH_PROBE; // not inherited by anything the process starts
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid }));
  process.on('exit', () => {
    const usage = process.resourceUsage();
    fs.writeFileSync(`${file}.exit`, JSON.stringify({ pid: process.pid, maxRssKb: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000 }));
  });
}
