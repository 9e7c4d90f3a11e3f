'use strict';
// Timing helpers shared by the bench suites. Side by side in one process: every round runs
// each scenario once, in a rotated order, and a scenario's figure is the median of its rounds,
// so slow phases of a noisy shared machine hit all scenarios alike.

/** Median of a list of numbers. */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** ns per call of `fn(i)` in a tight synchronous loop (for disabled calls and level checks). */
function timeSync(fn, iterations) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn(i);
  return Number(process.hrtime.bigint() - start) / iterations;
}

/**
 * ns per call of `fn(i)` run in chunks with an untimed setImmediate between them, so batch
 * exports and stream writes can drain (a tight loop would only measure the queue-full path).
 * Only the synchronous time inside chunks is counted: the cost the caller sees.
 */
async function timeChunked(fn, chunks, chunkSize) {
  let total = 0n;
  let i = 0;
  for (let c = 0; c < chunks; c++) {
    const start = process.hrtime.bigint();
    for (let k = 0; k < chunkSize; k++) fn(i++);
    total += process.hrtime.bigint() - start;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return Number(total) / (chunks * chunkSize);
}

/**
 * Runs `scenarios` ({ name, run: () => Promise<number> | number }) for `rounds` rounds after
 * `warmup` untimed rounds, rotating the order each round. Returns rows with median/min/max ns.
 */
async function runRounds(scenarios, rounds, warmup) {
  const samples = new Map(scenarios.map((s) => [s.name, []]));
  for (let round = -warmup; round < rounds; round++) {
    const offset = ((round % scenarios.length) + scenarios.length) % scenarios.length;
    for (let k = 0; k < scenarios.length; k++) {
      const scenario = scenarios[(k + offset) % scenarios.length];
      const ns = await scenario.run();
      if (round >= 0) samples.get(scenario.name).push(ns);
    }
  }
  return scenarios.map((s) => {
    const values = samples.get(s.name);
    return { name: s.name, note: s.note || '', medianNs: median(values), minNs: Math.min(...values), maxNs: Math.max(...values), rounds: values.length };
  });
}

/** Prints rows as an aligned table with a ratio column against `baseline` (a row name). */
function printTable(title, rows, baseline) {
  const base = rows.find((r) => r.name === baseline);
  console.log(`\n${title}`);
  const header = ['scenario', 'median ns/op', 'min–max', `ratio to ${baseline}`];
  const lines = rows.map((r) => [
    r.name,
    r.medianNs.toFixed(r.medianNs < 100 ? 2 : 0),
    `${r.minNs.toFixed(r.minNs < 100 ? 1 : 0)}–${r.maxNs.toFixed(r.maxNs < 100 ? 1 : 0)}`,
    base ? `${(r.medianNs / base.medianNs).toFixed(2)}x` : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
}

/**
 * Prints rows as an aligned table with the given columns: `{ key, label, digits? , format? }`;
 * `format(row)` wins, else numbers get `digits` decimals.
 */
function printColumns(title, rows, columns) {
  console.log(`\n${title}`);
  const cell = (row, c) => {
    if (c.format) return c.format(row);
    const v = row[c.key];
    return typeof v === 'number' ? v.toFixed(c.digits ?? 2) : String(v ?? '');
  };
  const header = columns.map((c) => c.label);
  const lines = rows.map((row) => columns.map((c) => cell(row, c)));
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
}

module.exports = { median, timeSync, timeChunked, runRounds, printTable, printColumns };
