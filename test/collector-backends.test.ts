/**
 * Static validation of Loki, Tempo and Grafana configuration against each other and against the
 * names the SDK emits (imported from `@mlotel/sdk`, mapped through `toLokiName`). Each rule is
 * also shown to reject a broken copy.
 */
import {
  ATTR_ML_MODEL_NAME,
  ATTR_ML_MODEL_VERSION,
  ATTR_ML_PREDICTION_CONFIDENCE,
  ATTR_ML_PREDICTION_LATENCY_MS,
  ATTR_EVENT_NAME,
  EVENT_ML_PREDICTION,
  LOKI_SEVERITY_NUMBER,
  LOKI_SEVERITY_TEXT,
  LOKI_TRACE_ID,
  Level,
  getLevelName,
  toSeverityNumber,
  toSeverityText,
  RES_HOST_NAME,
  RES_SERVICE_NAME,
  toLokiName,
} from '@mlotel/sdk';
import { componentType } from './stack/collectorChecks';
import { clone, readJson, readYaml, repoFileExists, type Tree } from './stack/files';
import { checkDatasourceLinks, checkQueryNames, dashboardDatasourceUids, dashboardQueries } from './stack/grafanaChecks';
import { extractLogqlNames } from './stack/logql';
import { SDK_ATTRIBUTE_KEYS, SDK_EVENT_NAMES, SDK_LOKI_NAMES } from './stack/sdkNames';

const loki: Tree = readYaml('collector-config/loki.yaml');
const tempo: Tree = readYaml('collector-config/tempo.yaml');
const collector: Tree = readYaml('collector-config/otel-collector.yaml');
const compose: Tree = readYaml('docker-compose.yml');
const datasources: Tree[] = readYaml('collector-config/grafana/provisioning/datasources/datasources.yaml').datasources;
const provider: Tree = readYaml('collector-config/grafana/provisioning/dashboards/dashboards.yaml');
const DASHBOARD = 'collector-config/grafana/provisioning/dashboards/ml/ml-models.json';
const dashboard: Tree = readJson(DASHBOARD);

const indexAttributes: string[] = (loki.limits_config.otlp_config.resource_attributes.attributes_config as Tree[])
  .filter((c) => c.action === 'index_label')
  .flatMap((c) => c.attributes as string[]);
const INDEX_LABELS: ReadonlySet<string> = new Set(indexAttributes.map(toLokiName));
/** Every severity_text the SDK writes for its standard levels, in both severity-text modes. */
const SEVERITY_TEXTS: ReadonlySet<string> = new Set(
  Object.values(Level)
    .filter((level) => level > Level.NOTSET)
    .flatMap((level) => [toSeverityText(getLevelName(level), 'level'), toSeverityText(getLevelName(level), 'otel')]),
);
const VALUE_CHECKS = { [toLokiName(ATTR_EVENT_NAME)]: SDK_EVENT_NAMES, [LOKI_SEVERITY_TEXT]: SEVERITY_TEXTS };

describe('extractLogqlNames()', () => {
  it('finds selector labels, filter fields, unwrap and grouping names', () => {
    const names = extractLogqlNames(
      'quantile_over_time(0.95, {a=~"$x", b="y"} | c="ml.prediction" | d < 0.6 | unwrap e | __error__="" [5m]) by (f, g)',
    );
    expect(names.streamLabels).toEqual(['a', 'b']);
    expect(names.fields.sort()).toEqual(['__error__', 'c', 'd', 'e', 'f', 'g']);
    expect(names.comparisons).toContainEqual({ name: 'c', op: '=', value: 'ml.prediction' });
  });
});

describe('loki.yaml', () => {
  it('stores with schema v13 on tsdb in its newest schema period', () => {
    const periods = [...(loki.schema_config.configs as Tree[])].sort((a, b) => String(a.from).localeCompare(String(b.from)));
    const active = periods[periods.length - 1];
    expect(active).toMatchObject({ schema: 'v13', store: 'tsdb' });
  });

  it('keeps structured metadata on (OTLP attributes, trace_id and severity_text live there)', () => {
    expect(loki.limits_config.allow_structured_metadata).toBe(true);
  });

  it('indexes service, model name, model version and server, all attributes the SDK emits', () => {
    expect(indexAttributes.sort()).toEqual([ATTR_ML_MODEL_NAME, ATTR_ML_MODEL_VERSION, RES_HOST_NAME, RES_SERVICE_NAME].sort());
    for (const key of indexAttributes) expect(SDK_ATTRIBUTE_KEYS).toContain(key);
  });

  it('can index the record-level model attributes because the collector lifts them to the resource', () => {
    const lifted = Object.entries<Tree>(collector.processors)
      .filter(([id]) => componentType(id) === 'groupbyattrs')
      .flatMap(([, p]) => p.keys as string[]);
    for (const key of indexAttributes.filter((k) => k.startsWith('ml.'))) expect(lifted).toContain(key);
  });

  it('uses no index_label for scope attributes (Loki rejects it)', () => {
    const scope: Tree[] = loki.limits_config.otlp_config.scope_attributes ?? [];
    expect(scope.filter((c) => c.action === 'index_label')).toEqual([]);
  });

  it('keeps its data under the path compose mounts a volume at', () => {
    const mounts: string[] = compose.services.loki.volumes;
    expect(mounts).toContain(`loki-data:${loki.common.path_prefix}`);
    expect(loki.common.storage.filesystem.chunks_directory.startsWith(`${loki.common.path_prefix}/`)).toBe(true);
  });
});

describe('tempo.yaml', () => {
  it('receives OTLP on 0.0.0.0', () => {
    for (const p of Object.values<Tree>(tempo.distributor.receivers.otlp.protocols)) expect(p.endpoint).toMatch(/^0\.0\.0\.0:\d+$/);
  });

  it('stores blocks and WAL locally on the volume compose mounts', () => {
    expect(tempo.storage.trace.backend).toBe('local');
    const mount = (compose.services.tempo.volumes as string[]).find((v) => v.startsWith('tempo-data:'));
    const dir = String(mount).split(':')[1];
    expect(tempo.storage.trace.wal.path.startsWith(`${dir}/`)).toBe(true);
    expect(tempo.storage.trace.local.path.startsWith(`${dir}/`)).toBe(true);
  });
});

describe('Grafana datasources', () => {
  it('have fixed, unique uids and point at the compose services and ports', () => {
    expect(datasources.map((d) => d.uid).sort()).toEqual(['loki', 'tempo']);
    expect(datasources.find((d) => d.uid === 'loki').url).toBe(`http://loki:${loki.server.http_listen_port}`);
    expect(datasources.find((d) => d.uid === 'tempo').url).toBe(`http://tempo:${tempo.server.http_listen_port}`);
  });

  it('link logs to traces and traces to logs through uids that exist', () => {
    expect(checkDatasourceLinks(datasources)).toEqual([]);
  });

  it('find the trace of a log record by the trace_id structured metadata', () => {
    const field = datasources.find((d) => d.uid === 'loki').jsonData.derivedFields[0];
    expect(field).toMatchObject({ matcherType: 'label', matcherRegex: LOKI_TRACE_ID, datasourceUid: 'tempo', url: '$${__value.raw}' });
  });

  it('find the logs of a span by trace_id with tags that are Loki index labels', () => {
    const t2l = datasources.find((d) => d.uid === 'tempo').jsonData.tracesToLogsV2;
    expect(t2l.customQuery).toBe(true);
    expect(t2l.query).toBe(`{$\${__tags}} | ${LOKI_TRACE_ID}="$\${__span.traceId}"`);
    for (const tag of t2l.tags as Tree[]) {
      expect(SDK_ATTRIBUTE_KEYS).toContain(tag.key);
      expect(INDEX_LABELS.has(tag.value)).toBe(true);
    }
    const asLogql = (t2l.query as string).replace('{$${__tags}}', `{${(t2l.tags as Tree[]).map((t) => `${t.value}="x"`).join(', ')}}`);
    expect(checkQueryNames([{ where: 'tracesToLogsV2', expr: asLogql }], SDK_LOKI_NAMES, INDEX_LABELS)).toEqual([]);
  });

  it('reject a derived field pointing at a uid that does not exist', () => {
    const broken = clone(datasources);
    broken[0].jsonData.derivedFields[0].datasourceUid = 'tempo-old';
    expect(checkDatasourceLinks(broken)).toEqual(['loki: derived field TraceID links to missing uid tempo-old']);
  });
});

describe('"ML models" dashboard', () => {
  const queries = dashboardQueries(dashboard);
  const exprs = queries.map((q) => q.expr);
  const uid = (name: string): string => toLokiName(name);

  it('is loaded by the provider from a directory that exists and is mounted', () => {
    const path: string = provider.providers[0].options.path;
    const mount = (compose.services.grafana.volumes as string[]).find((v) => path.startsWith(String(v.split(':')[1])));
    expect(mount).toBeDefined();
    const [hostDir, containerDir] = String(mount).split(':') as [string, string];
    expect(repoFileExists(`${hostDir}${path.slice(containerDir.length)}/ml-models.json`)).toBe(true);
  });

  it('refers only to provisioned datasource uids', () => {
    const uids = dashboardDatasourceUids(dashboard);
    expect(uids.length).toBeGreaterThan(queries.length);
    for (const u of uids) expect(datasources.map((d) => d.uid)).toContain(u);
  });

  it('uses only labels and fields the SDK emits, and only index labels in stream selectors', () => {
    expect(queries.length).toBeGreaterThanOrEqual(9);
    expect(checkQueryNames(queries, SDK_LOKI_NAMES, INDEX_LABELS, VALUE_CHECKS)).toEqual([]);
  });

  it('has variables model, version and server on the SDK labels', () => {
    const vars = Object.fromEntries((dashboard.templating.list as Tree[]).map((v) => [v.name, v]));
    expect(vars.model.query.label).toBe(uid(ATTR_ML_MODEL_NAME));
    expect(vars.version.query.label).toBe(uid(ATTR_ML_MODEL_VERSION));
    expect(vars.server.query.label).toBe(uid(RES_HOST_NAME));
  });

  it('knows the severity texts of the SDK levels', () => {
    expect([...SEVERITY_TEXTS].sort()).toEqual(['CRITICAL', 'DEBUG', 'ERROR', 'FATAL', 'INFO', 'WARN', 'WARNING']);
  });

  it('has the panels the issue asks for', () => {
    const by = (re: RegExp): string[] => exprs.filter((e) => re.test(e));
    const version = uid(ATTR_ML_MODEL_VERSION);
    const prediction = `${uid(ATTR_EVENT_NAME)}="${EVENT_ML_PREDICTION}"`;
    // log volume by level per version
    expect(by(new RegExp(`by \\(${version}, ${LOKI_SEVERITY_TEXT}\\)`))).toHaveLength(1);
    // predictions per minute per version
    expect(by(/\[1m\]/).filter((e) => e.includes(prediction) && e.includes(`by (${version})`))).toHaveLength(1);
    // error rate per version: ERROR and above by number, so both severity-text modes count
    const errors = `${LOKI_SEVERITY_NUMBER} >= ${toSeverityNumber(Level.ERROR)}`;
    expect(by(/ \/ /).filter((e) => e.includes(errors) && e.includes(prediction))).toHaveLength(1);
    // p50 / p95 latency from ml.prediction records
    const latency = by(new RegExp(`unwrap ${uid(ATTR_ML_PREDICTION_LATENCY_MS)}`));
    expect(latency.map((e) => e.slice(0, 24))).toEqual(['quantile_over_time(0.5, ', 'quantile_over_time(0.95,']);
    for (const e of latency) expect(e).toContain(prediction);
    // low-confidence rate
    expect(by(new RegExp(`${uid(ATTR_ML_PREDICTION_CONFIDENCE)} < \\$min_confidence`))).toHaveLength(1);
    // logs panel
    expect((dashboard.panels as Tree[]).filter((p) => p.type === 'logs')).toHaveLength(1);
  });

  it('rejects a query on a label the SDK does not emit, a non-index stream label and an unknown event', () => {
    const bad = [
      { where: 'a', expr: 'sum by (ml_model) (count_over_time({host_name="x"} [1m]))' },
      { where: 'b', expr: '{ml_prediction_id="1"}' },
      { where: 'c', expr: '{host_name="x"} | event_name="ml.predict"' },
    ];
    expect(checkQueryNames(bad, SDK_LOKI_NAMES, INDEX_LABELS, VALUE_CHECKS)).toEqual([
      'a: ml_model is not emitted by the SDK',
      'b: stream selector label ml_prediction_id is not a Loki index label',
      'c: event_name compared with unknown value ml.predict',
    ]);
  });
});
