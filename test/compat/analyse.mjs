// Reads what one compatibility run left in `mlotel collect`'s files (the Collector file
// exporter's JSON lines) and says what arrived: how many of mlotel's records, through which
// pipeline (NodeSDK's resource or mlotel's), how many inside the HTTP server span of their
// request, and what the app wrote on stderr. Log records are read with the public reading API
// of the `mlotel` package installed in the compat project (`forEachLogRecord`, `toFlatRecord`).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const SERVER = new Set([2, 'SPAN_KIND_SERVER']);
/** Scopes of mlotel's loggers in the app (2 records a request) and the library (2, one DEBUG). */
const MLOTEL_SCOPES = new Set(['compat.app', 'compat.lib']);
const WARNING_AFTER_INIT = /registered .* after init\(\)/;
const WARNING_IDENTITY = /identity given to init\(\) is added to every mlotel record/;

function lines(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

/** A resource attribute as a string (the pipeline a record came through: its resource's service). */
function resourceService(resource) {
  const found = (resource?.attributes ?? []).find((a) => a.key === 'service.name');
  return found?.value?.stringValue;
}

/** One row of the matrix from a run's files and output. */
export function analyse({ major, flavour, order, app, dataDir, projectDir }) {
  const serverSpans = new Set();
  for (const line of lines(join(dataDir, 'traces.jsonl'))) {
    for (const rs of line.resourceSpans ?? []) {
      for (const ss of rs.scopeSpans ?? []) {
        for (const span of ss.spans ?? []) if (SERVER.has(span.kind)) serverSpans.add(`${span.traceId}/${span.spanId}`);
      }
    }
  }
  const counts = { mlotel: 0, viaSdk: 0, viaMlotel: 0, withServerSpan: 0, libDebug: 0, libDebugWithModel: 0, withServer: 0, plain: 0 };
  const { forEachLogRecord, toFlatRecord } = createRequire(join(projectDir, 'package.json'))('mlotel');
  for (const line of lines(join(dataDir, 'logs.jsonl'))) {
    forEachLogRecord(line, (entry) => {
      const record = toFlatRecord(entry);
      if (record.logger === 'compat.plain') counts.plain++;
      if (!MLOTEL_SCOPES.has(record.logger)) return;
      counts.mlotel++;
      const via = resourceService(entry.resource);
      if (via === 'compat-sdk') counts.viaSdk++;
      if (via === 'compat-mlotel') counts.viaMlotel++;
      if (record.traceId && serverSpans.has(`${record.traceId}/${record.spanId}`)) counts.withServerSpan++;
      if (record.attributes['host.name'] === 'server-a') counts.withServer++;
      if (record.logger === 'compat.lib' && record.level === 'DEBUG') {
        counts.libDebug++;
        if (record.model === 'iris') counts.libDebugWithModel++;
      }
    });
  }
  let summary = {};
  try {
    summary = JSON.parse(app.out.trim().split('\n').pop() ?? '{}');
  } catch {
    // the app failed before printing; the exit code says so
  }
  const requests = summary.requests ?? 20;
  const initCalled = order !== 'sdk-only';
  const warnings = [];
  if (WARNING_AFTER_INIT.test(app.err)) warnings.push('sdk-after-init');
  if (WARNING_IDENTITY.test(app.err)) warnings.push('identity');
  const afterInitCount = app.err.split('\n').filter((l) => WARNING_AFTER_INIT.test(l)).length;
  return {
    node: major,
    api: summary.otelApi ?? '?',
    flavour,
    order,
    requests,
    // Without init() the library's DEBUG records are below the root's INFO.
    expectedMlotel: requests * (initCalled ? 4 : 3),
    mlotelRecords: counts.mlotel,
    via: counts.mlotel === 0 ? '-' : counts.viaSdk === counts.mlotel ? 'NodeSDK' : counts.viaMlotel === counts.mlotel ? 'mlotel' : `mixed ${counts.viaSdk}/${counts.viaMlotel}`,
    withServerSpan: counts.withServerSpan,
    libDebugWithModel: initCalled ? `${counts.libDebugWithModel}/${requests}` : '-',
    withServer: counts.withServer,
    plain: counts.plain,
    emitted: summary.emitted,
    warnings: warnings.join(', ') || '-',
    afterInitCount,
  };
}

/** What must hold for a row; returns the problems found (none: the row passes). */
export function expectations(row) {
  const problems = [];
  const expect = (ok, text) => { if (!ok) problems.push(text); };
  expect(row.mlotelRecords === row.expectedMlotel, `mlotel records: ${row.mlotelRecords}, expected ${row.expectedMlotel}`);
  const sdkStarted = row.order !== 'mlotel-only';
  if (row.order === 'sdk-first' || row.order === 'sdk-only') {
    expect(row.via === 'NodeSDK', `records must reach NodeSDK's pipeline, went via ${row.via}`);
    expect(row.afterInitCount === 0, 'no sdk-after-init warning expected');
  }
  if (row.order === 'init-first' || row.order === 'mlotel-only') expect(row.via === 'mlotel', `records expected via mlotel's own pipeline, went via ${row.via}`);
  if (row.order === 'init-first') expect(row.afterInitCount === 1, `the sdk-after-init warning must appear exactly once on stderr, saw ${row.afterInitCount}`);
  if (row.order === 'mlotel-only') expect(row.afterInitCount === 0, 'no sdk-after-init warning expected without an SDK');
  if (sdkStarted) expect(row.withServerSpan === row.expectedMlotel, `records inside their HTTP server span: ${row.withServerSpan} of ${row.expectedMlotel}`);
  if (row.order !== 'sdk-only') expect(row.libDebugWithModel === `${row.requests}/${row.requests}`, `library DEBUG records with the default model: ${row.libDebugWithModel}`);
  if (row.order === 'sdk-first') {
    expect(row.warnings.includes('identity'), 'the identity notice must be on stderr');
    expect(row.withServer === row.expectedMlotel, `records with host.name=server-a: ${row.withServer} of ${row.expectedMlotel}`);
  }
  // One state: the ESM app's stats() count the CJS library's records too.
  if (row.order === 'sdk-first') expect(row.emitted === row.expectedMlotel, `stats().emitted ${row.emitted}, expected ${row.expectedMlotel}`);
  expect(row.plain === row.requests, `plain OTel API records: ${row.plain} of ${row.requests}`);
  return problems;
}
