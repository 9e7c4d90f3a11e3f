'use strict';
// Runs `mlotel dataset` once as a child process and measures it from outside: wall time, the
// kernel's peak RSS (ru_maxrss, via the preloaded rssProbe.js), RSS sampled from /proc every
// 100 ms, and, when run on a pseudo-terminal (util-linux `script`), the progress bar's
// passes as a user sees them: each sample is tagged with the pass the bar showed then, so the
// peak of each pass is known.
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');

const PROBE = path.join(__dirname, 'rssProbe.js');
const SAMPLE_MS = 100;
// `[#####.....]  42% reading feedback`: the bar's drawing, one per redraw (\r separated).
const BAR = /\[[#.]+\]\s+(\d+)% (.+)$/;
const NO_BAR = '(no bar after 99-100%)';
// node --trace-gc: `... Mark-Compact 412.3 (440.1) -> 305.2 (441.0) MB, ...`: the heap a full GC left.
const MARK_COMPACT = /Mark-Compact(?: \(reduce\))? [\d.]+ \([\d.]+\) -> ([\d.]+) \(/;
// Any GC line: `Scavenge 79.9 (111.5) -> 67.6 (111.3) MB`: the heap V8 had committed before it.
const ANY_GC = /(?:Scavenge|Mark-Compact|Mark-sweep)[^\d]*[\d.]+ \(([\d.]+)\) -> [\d.]+ \(([\d.]+)\)/;
// Where a --trace-gc line starts (`[pid:0x...]`), when it follows a bar on the same line.
const GC_PREFIX = /\[\d+:0x[0-9a-f]+\].*$/;

/** Whether `script` (util-linux) is there to give the child a pty. */
function hasScript() {
  return spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
}

const shellQuote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;

/** VmRSS and VmHWM of `pid` in kB, or undefined once it is gone. */
function readStatus(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** Highest sampled RSS while `pass` showed (0 when no sample fell in it). */
function peakOf(samples, pass) {
  return samples.reduce((peak, s) => (s.pass === pass ? Math.max(peak, s.rssKb) : peak), 0);
}

/** The numbers of the CLI's report on stderr (`labelled:  3007` -> { labelled: 3007 }, `wrote N rows`). */
function parseReport(text) {
  const report = {};
  for (const line of text.split('\n')) {
    const wrote = /wrote (\d+) rows/.exec(line);
    if (wrote) report.rows = Number(wrote[1]);
    const count = /^\s+([a-z][a-z -]*?):\s+(\d+)\b/i.exec(line);
    if (count) report[count[1].trim().replace(/\s+/g, ' ')] = Number(count[2]);
  }
  return report;
}

/**
 * Runs `node <cli> dataset --in <input> --out <out> ...extraArgs` and resolves with its figures.
 * With `tty` (and `script` present) the child's stdout and stderr are a pty, so the CLI
 * draws its progress bar as on a terminal.
 * With `traceGc`, node's --trace-gc lines give the heap each mark-compact left, per pass.
 * @param {{ cli: string, input: string, out: string, extraArgs?: string[], tty?: boolean, traceGc?: boolean, cwd?: string }} options
 */
function runDataset(options) {
  const probeFile = path.join(path.dirname(options.out), `.probe-${process.pid}-${Date.now()}`);
  const nodeArgs = [...(options.traceGc ? ['--trace-gc'] : []), '-r', PROBE, options.cli, 'dataset', '--in', options.input, '--out', options.out, ...(options.extraArgs ?? [])];
  const tty = options.tty !== false && hasScript();
  const env = { ...process.env, MLOTEL_BENCH_PROBE: probeFile };
  const child = tty
    ? spawn('script', ['-qfec', ['exec', process.execPath, ...nodeArgs].map(shellQuote).join(' '), '/dev/null'], { env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, nodeArgs, { env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const start = process.hrtime.bigint();
  const elapsedMs = () => Number(process.hrtime.bigint() - start) / 1e6;
  let text = '';
  let partial = '';
  let label = 'starting';
  let lastDrawMs;
  let lastPercent = 0;
  const gcLive = new Map(); // label -> largest heap left by a mark-compact while it showed (MB)
  let committedMb = 0; // largest V8 heap committed, from --trace-gc
  const passes = new Map(); // label -> { firstMs, lastMs, fullMs (100% first shown), maxPercent, redraws }
  const onOutput = (chunk) => {
    const s = chunk.toString('utf8');
    text += s;
    const pieces = (partial + s).split(/[\r\n]/);
    partial = pieces.pop() ?? '';
    // Each redraw starts with \r and arrives whole: a bar at the end of a chunk counts now,
    // not when the next redraw's \r comes.
    if (BAR.test(partial.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''))) {
      pieces.push(partial);
      partial = '';
    }
    for (const piece of pieces) {
      const gc = MARK_COMPACT.exec(piece);
      if (gc) {
        const at = currentPass();
        gcLive.set(at, Math.max(gcLive.get(at) ?? 0, Number(gc[1])));
      }
      const anyGc = ANY_GC.exec(piece);
      if (anyGc) committedMb = Math.max(committedMb, Number(anyGc[1]), Number(anyGc[2]));
      const bar = BAR.exec(piece.replace(GC_PREFIX, '').replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''));
      if (!bar) continue;
      label = bar[2].trim();
      const ms = elapsedMs();
      const pass = passes.get(label) ?? { firstMs: ms, lastMs: ms, maxPercent: 0, redraws: 0 };
      pass.lastMs = ms;
      pass.maxPercent = Math.max(pass.maxPercent, Number(bar[1]));
      if (pass.maxPercent === 100 && pass.fullMs === undefined) pass.fullMs = ms;
      pass.redraws++;
      lastDrawMs = ms;
      lastPercent = Number(bar[1]);
      passes.set(label, pass);
    }
  };
  // The pass showing now; a bar left at 99–100% for over a second means a pass that draws
  // none is running (while a pass runs, the bar is redrawn every 200–600 ms).
  function currentPass() {
    return lastPercent >= 99 && lastDrawMs !== undefined && elapsedMs() - lastDrawMs > 1000 ? NO_BAR : label;
  }
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);

  const samples = [];
  let pid;
  let hwmKb = 0;
  const timer = setInterval(() => {
    if (pid === undefined) {
      try {
        pid = JSON.parse(fs.readFileSync(probeFile, 'utf8')).pid;
      } catch {
        return;
      }
    }
    const status = readStatus(pid);
    // A zombie (exited, not yet reaped) has no Vm* lines.
    if (!status || !Number.isFinite(status.rssKb)) return;
    hwmKb = Math.max(hwmKb, status.hwmKb);
    samples.push({ ms: Math.round(elapsedMs()), rssKb: status.rssKb, pass: currentPass() });
  }, SAMPLE_MS);

  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearInterval(timer);
      const wallMs = elapsedMs();
      let exit;
      try {
        exit = JSON.parse(fs.readFileSync(`${probeFile}.exit`, 'utf8'));
      } catch {
        exit = undefined;
      }
      fs.rmSync(probeFile, { force: true });
      fs.rmSync(`${probeFile}.exit`, { force: true });
      let outBytes = 0;
      try {
        outBytes = fs.statSync(options.out).size;
      } catch {
        outBytes = 0;
      }
      const plain = text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').split('\n').map((l) => l.replace(/\r+$/, '').split('\r').pop()).join('\n');
      resolve({
        exitCode: code ?? signal,
        tty,
        wallMs,
        peakRssKb: Math.max(exit?.maxRssKb ?? 0, hwmKb),
        sampledPeakKb: hwmKb,
        cpuMs: exit ? exit.userMs + exit.systemMs : undefined,
        outBytes,
        samples,
        passes: [...passes.entries()].map(([name, p]) => ({ name, ...p, peakRssKb: peakOf(samples, name) })),
        // RSS while a bar left at 100% stood still (a pass without progress), if any.
        noBarPeakRssKb: peakOf(samples, NO_BAR),
        // With traceGc: the largest heap a mark-compact left, per pass (MB; an upper bound of
        // the live heap: objects allocated during incremental marking survive that GC).
        liveHeapMb: options.traceGc ? Object.fromEntries(gcLive) : undefined,
        heapCommittedMb: options.traceGc ? committedMb : undefined,
        // Time from the last redraw of the bar to the exit: work no bar showed.
        silentTailMs: lastDrawMs === undefined ? undefined : wallMs - lastDrawMs,
        report: parseReport(plain),
        output: plain,
      });
    });
  });
}

module.exports = { runDataset, hasScript, parseReport, NO_BAR };
