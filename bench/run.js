'use strict';
// `npm run bench`: runs every suite in bench/suites (or those named: `node bench/run.js core ml`)
// against the built SDK, prints one table per measurement with ratios and checks the targets.
// A full run writes bench/results.json; a run of named suites writes only
// bench/results.<suite>.json for each suite it ran, so a partial run (yours or another
// process's) never passes for a full one. Files are written whole (temp file + rename), and
// each records the pid, the start and end time and the machine's load average, so figures
// from a loaded shared box can be told apart. Each suite runs in its own node process, so
// one suite's JIT state cannot shift another's figures.
// Add a benchmark by adding a file to suites/ that exports `run(): Promise<{ name, tables:
// [{ title, rows, baseline } | { title, rows, columns }], targets: [{ name, value, limit,
// atLeast?, unit? }], notes? }>`. A target passes when value <= limit (ratios, costs), or
// value >= limit with `atLeast` (throughput); `unit` defaults to 'x' (a ratio).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

async function main() {
  const suitesDir = path.join(__dirname, 'suites');
  const wanted = process.argv.slice(2);
  const available = fs.readdirSync(suitesDir).filter((f) => f.endsWith('.js')).map((f) => path.basename(f, '.js')).sort();
  const unknown = wanted.filter((w) => !available.includes(w));
  if (unknown.length > 0) {
    console.error(`bench: no suite named ${unknown.join(', ')}; suites: ${available.join(', ')} (e.g. node bench/run.js core ml)`);
    process.exitCode = 2;
    return;
  }
  const names = wanted.length === 0 ? available : available.filter((n) => wanted.includes(n));
  const full = wanted.length === 0;
  const machine = () => ({ loadavg: os.loadavg().map((l) => Number(l.toFixed(2))), cpus: os.cpus().length });
  console.log(`mlotel bench: node ${process.version}, ${process.platform}/${process.arch}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, suites: ${names.join(', ')}`);
  const results = { node: process.version, pid: process.pid, full, date: new Date().toISOString(), machineAtStart: machine(), suites: [] };
  let missed = 0;
  const written = [];
  for (const name of names) {
    const suiteStart = Date.now();
    const suite = await runSuiteProcess(path.join(suitesDir, `${name}.js`));
    console.log(`\n[${suite.name}] targets`);
    for (const target of suite.targets) {
      const ok = target.atLeast ? target.value >= target.limit : target.value <= target.limit;
      target.met = ok;
      if (!ok) missed++;
      const unit = target.unit ?? 'x';
      const shown = unit === 'x' ? target.value.toFixed(2) : Math.round(target.value).toLocaleString('en');
      console.log(`  ${ok ? 'PASS' : 'MISS'}  ${target.name}: ${shown}${unit} (${target.atLeast ? 'at least' : 'limit'} ${target.limit.toLocaleString('en')}${unit})`);
    }
    for (const note of suite.notes ?? []) console.log(`  note: ${note}`);
    console.log(`  (${suite.name}: ${((Date.now() - suiteStart) / 1000).toFixed(1)} s)`);
    results.suites.push(suite);
    if (!full) {
      const file = path.join(__dirname, `results.${name}.json`);
      writeWhole(file, { ...results, suites: [suite], finished: new Date().toISOString(), machineAtEnd: machine() });
      written.push(path.relative(process.cwd(), file));
    }
  }
  if (full) {
    const file = path.join(__dirname, 'results.json');
    writeWhole(file, { ...results, finished: new Date().toISOString(), machineAtEnd: machine() });
    written.push(path.relative(process.cwd(), file));
  }
  console.log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (${os.cpus().length} CPUs)`);
  console.log(`wrote ${written.join(', ')}${missed ? `; ${missed} target(s) missed` : '; all targets met'}`);
}

/**
 * Runs one suite in a fresh node process (bench/lib/suiteChild.js), which prints its tables;
 * resolves with the suite's result. A fresh process per suite keeps one suite's JIT state out
 * of another's figures.
 */
function runSuiteProcess(suiteFile) {
  const out = path.join(os.tmpdir(), `mlotel-bench-${process.pid}-${path.basename(suiteFile, '.js')}.json`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'lib', 'suiteChild.js'), suiteFile, out], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      try {
        if (code !== 0) throw new Error(`bench suite ${suiteFile} failed (exit ${code ?? signal}); its error is printed above`);
        resolve(JSON.parse(fs.readFileSync(out, 'utf8')));
      } catch (error) {
        reject(error);
      } finally {
        fs.rmSync(out, { force: true });
      }
    });
  });
}

/** Writes `value` as JSON to `file` via a temp file and a rename, so no reader sees half a file. */
function writeWhole(file, value) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  fs.renameSync(tmp, file);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
