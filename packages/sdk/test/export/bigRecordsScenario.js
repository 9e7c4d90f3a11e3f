// Logs `count` ml.prediction records of several KB each (a 200-feature input and a text field)
// in one synchronous burst through the built SDK (dist/cjs) and the real OTLP/HTTP exporters,
// then shuts down. The real exporters load `http` with a dynamic import(), which jest's module
// sandbox cannot run, hence a process of its own.
// Usage: node bigRecordsScenario.js '<json { options, count, features, textLength, oversized }>'.
// `oversized` lists indexes whose input has 1,000 features and a 16,000-character text instead
// (~40 KB: still whole under the payload budget of predictions).
// Prints `RESULT <json { stats, diag, recordBytes }>` last: diag holds what the OTel diag logger
// was told at INFO and above.
'use strict';
const path = require('node:path');
const dist = path.join(__dirname, '..', '..', 'dist', 'cjs');
const { init, getLogger } = require(path.join(dist, 'index.js'));
const { diag, DiagLogLevel } = require('@opentelemetry/api');

const { options, count, features = 200, textLength = 2000, oversized = [] } = JSON.parse(process.argv[2]);

const told = [];
const keep = (level) => (...args) => { told.push(`${level}: ${args.map(String).join(' ')}`.slice(0, 300)); };
diag.setLogger({ error: keep('error'), warn: keep('warn'), info: keep('info'), debug: () => undefined, verbose: () => undefined }, DiagLogLevel.INFO);

function input(i, featureCount, length) {
  const row = {};
  for (let f = 0; f < featureCount; f++) row[`feature_${String(f).padStart(3, '0')}`] = Math.sin(i * 1000 + f);
  row.text = String(i).padEnd(length, ' lorem ipsum');
  return row;
}

async function main() {
  const mlotel = init(options);
  // Wide enough for the whole input whatever the default budgets are.
  const log = getLogger('it.big').withPayload({ maxBytes: 1024 * 1024, maxArrayItems: 1024, maxStringLength: 1024 * 1024 });
  const big = new Set(oversized);
  let recordBytes = 0;
  for (let i = 0; i < count; i++) {
    const fields = { id: `p-${i}`, input: big.has(i) ? input(i, 1000, 16000) : input(i, features, textLength), output: i % 3 };
    if (i === 0) recordBytes = JSON.stringify(fields).length;
    log.prediction(fields);
  }
  await mlotel.shutdown();
  process.stdout.write(`RESULT ${JSON.stringify({ stats: mlotel.stats(), diag: told, recordBytes })}\n`);
}

main().catch((error) => {
  process.stderr.write(`fixture failed: ${error && error.stack}\n`);
  process.exitCode = 1;
});
