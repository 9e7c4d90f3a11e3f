'use strict';
// Prints the top self-time functions of a V8 CPU profile (node --cpu-prof), the way the
// performance notes in docs/performance.md were produced.
// Usage: node bench/lib/profileSummary.js <file.cpuprofile> [top=25]
const fs = require('node:fs');

const [file, topArg] = process.argv.slice(2);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const selfTime = new Map();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] || 0;
  const frame = nodes.get(id).callFrame;
  const where = frame.url ? `${frame.url.split('/').slice(-3).join('/')}:${frame.lineNumber + 1}` : '';
  const key = `${frame.functionName || '(anonymous)'} ${where}`;
  selfTime.set(key, (selfTime.get(key) || 0) + dt);
  total += dt;
});
for (const [key, t] of [...selfTime].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg) || 25)) {
  console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${key}`);
}
