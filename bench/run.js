'use strict';
// `npm run bench`: runs every suite in bench/suites (or those named: `node bench/run.js core`)
// against the built SDK, prints one table per measurement with ratios, checks the targets
// and writes bench/results.json. Add a benchmark by adding a file to suites/ that exports
// `run(): Promise<{ name, tables: [{ title, rows, baseline } | { title, rows, columns }],
// targets: [{ name, value, limit, atLeast?, unit? }], notes? }>`. A target passes when
// value <= limit (ratios, costs), or value >= limit with `atLeast` (throughput); `unit`
// defaults to 'x' (a ratio).
const fs = require('node:fs');
const path = require('node:path');
const { printTable, printColumns } = require('./lib/harness');

async function main() {
  const suitesDir = path.join(__dirname, 'suites');
  const wanted = process.argv.slice(2);
  const files = fs.readdirSync(suitesDir).filter((f) => f.endsWith('.js')).sort()
    .filter((f) => wanted.length === 0 || wanted.includes(path.basename(f, '.js')));
  console.log(`mlotel bench: node ${process.version}, ${process.platform}/${process.arch}, suites: ${files.map((f) => path.basename(f, '.js')).join(', ')}`);
  const results = { node: process.version, date: new Date().toISOString(), suites: [] };
  let missed = 0;
  for (const file of files) {
    const suiteStart = Date.now();
    const suite = await require(path.join(suitesDir, file)).run();
    for (const table of suite.tables) {
      if (table.columns) printColumns(`[${suite.name}] ${table.title}`, table.rows, table.columns);
      else printTable(`[${suite.name}] ${table.title}`, table.rows, table.baseline);
    }
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
  }
  fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(`\nwrote bench/results.json${missed ? `; ${missed} target(s) missed` : '; all targets met'}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
