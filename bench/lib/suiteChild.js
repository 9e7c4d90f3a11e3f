'use strict';
// Runs one bench suite in its own process (`node suiteChild.js <suite.js> <out.json>`): prints
// its tables and writes its result (targets, rows, notes) as JSON to <out.json> for run.js.
// One process per suite, so no suite measures code the JIT has shaped for another suite's call
// sites (in one shared process, `core`'s disabled debug() measured 14.5 ns after `bridges` had
// run, against 4.5–6.8 ns on its own).
const fs = require('node:fs');
const { printTable, printColumns } = require('./harness');

async function main() {
  const [suiteFile, outFile] = process.argv.slice(2);
  const suite = await require(suiteFile).run();
  for (const table of suite.tables) {
    if (table.columns) printColumns(`[${suite.name}] ${table.title}`, table.rows, table.columns);
    else printTable(`[${suite.name}] ${table.title}`, table.rows, table.baseline);
  }
  fs.writeFileSync(outFile, JSON.stringify(suite));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
