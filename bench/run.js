'use strict';
// `npm run bench`: runs every suite in bench/suites (or those named: `node bench/run.js core`)
// against the built SDK, prints one table per measurement with ratios, checks the targets
// and writes bench/results.json. Add a benchmark by adding a file to suites/ that exports
// `run(): Promise<{ name, tables: [{ title, rows, baseline }], targets: [{ name, value, limit }], notes? }>`.
const fs = require('node:fs');
const path = require('node:path');
const { printTable } = require('./lib/harness');

async function main() {
  const suitesDir = path.join(__dirname, 'suites');
  const wanted = process.argv.slice(2);
  const files = fs.readdirSync(suitesDir).filter((f) => f.endsWith('.js')).sort()
    .filter((f) => wanted.length === 0 || wanted.includes(path.basename(f, '.js')));
  console.log(`mlotel bench: node ${process.version}, ${process.platform}/${process.arch}, suites: ${files.map((f) => path.basename(f, '.js')).join(', ')}`);
  const results = { node: process.version, date: new Date().toISOString(), suites: [] };
  let missed = 0;
  for (const file of files) {
    const suite = await require(path.join(suitesDir, file)).run();
    for (const table of suite.tables) printTable(`[${suite.name}] ${table.title}`, table.rows, table.baseline);
    console.log(`\n[${suite.name}] targets`);
    for (const target of suite.targets) {
      const ok = target.value <= target.limit;
      if (!ok) missed++;
      console.log(`  ${ok ? 'PASS' : 'MISS'}  ${target.name}: ${target.value.toFixed(2)}x (limit ${target.limit}x)`);
    }
    for (const note of suite.notes ?? []) console.log(`  note: ${note}`);
    results.suites.push(suite);
  }
  fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(`\nwrote bench/results.json${missed ? `; ${missed} target(s) missed` : '; all targets met'}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
