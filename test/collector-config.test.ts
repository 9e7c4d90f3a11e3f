/**
 * Static validation of collector-config/otel-collector.yaml and the vendor overlays. No Docker
 * engine exists here, so these tests prove what the collector would check at start-up (and what
 * this stack relies on) from the files alone; each rule is also shown to reject a broken copy.
 */
import { readdirSync } from 'node:fs';
import { ATTR_EVENT_NAME, ATTR_ML_MODEL_NAME, ATTR_ML_MODEL_VERSION, DATASET_EVENTS } from '@mlotel/sdk';
import {
  COLLECTOR_CONTRIB_VERSION,
  checkCollectorConfig,
  checkComponentTypes,
  checkConnectorsUsedOnBothSides,
  checkListenAddresses,
  checkLokiExporter,
  checkMemoryLimiterFirst,
  checkReferences,
  checkRoutingTables,
  componentType,
  envReferences,
  lokiExporters,
  mergeConfigs,
} from './stack/collectorChecks';
import { clone, readText, readYaml, repoPath, type Tree } from './stack/files';

const BASE = 'collector-config/otel-collector.yaml';
const cfg: Tree = readYaml(BASE);
const compose: Tree = readYaml('docker-compose.yml');
const vendorFiles = readdirSync(repoPath('collector-config/vendors')).filter((f) => /^[a-z-]+\.yaml$/.test(f));

describe('otel-collector.yaml', () => {
  it('passes every static check (references, connectors, memory_limiter, types, listen addresses, Loki exporter)', () => {
    expect(checkCollectorConfig(cfg)).toEqual([]);
  });

  it('is written for the contrib version docker-compose.yml runs', () => {
    expect(compose.services['otel-collector'].image).toBe(`otel/opentelemetry-collector-contrib:${COLLECTOR_CONTRIB_VERSION}`);
    expect(readText(BASE)).toContain(`opentelemetry-collector-contrib:${COLLECTOR_CONTRIB_VERSION}`);
  });

  it('has a comment on every pipeline', () => {
    const lines = readText(BASE).split('\n');
    for (const name of Object.keys(cfg.service.pipelines)) {
      const at = lines.findIndex((l) => l.trim() === `${name}:`);
      expect(at).toBeGreaterThan(0);
      expect(lines[at - 1]?.trim().startsWith('#')).toBe(true);
    }
  });

  it('receives OTLP on gRPC 4317 and HTTP 4318', () => {
    expect(cfg.receivers.otlp.protocols.grpc.endpoint).toBe('0.0.0.0:4317');
    expect(cfg.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
  });

  it('runs the health_check extension', () => {
    expect(cfg.service.extensions).toContain('health_check');
  });

  it('copies the LogRecord event_name into the SDK event-name attribute before routing', () => {
    const logsIn = Object.entries<Tree>(cfg.service.pipelines).find(([name, p]) => name.startsWith('logs') && p.receivers.includes('otlp'));
    expect(logsIn).toBeDefined();
    const transforms = (logsIn?.[1].processors as string[]).filter((id) => componentType(id) === 'transform');
    const statements = transforms.flatMap((id) => cfg.processors[id].log_statements as string[]).join('\n');
    expect(statements).toContain(`log.attributes["${ATTR_EVENT_NAME}"]`);
    expect(statements).toMatch(/\blog\.event_name\b/);
  });

  it('routes exactly the SDK dataset events to the file exporter, and everything to Loki', () => {
    const routing = cfg.connectors['routing/ml'];
    const route = routing.table[0];
    for (const event of DATASET_EVENTS) expect(route.condition).toContain(`attributes["${ATTR_EVENT_NAME}"] == "${event}"`);
    const datasetPipelines = (route.pipelines as string[]).filter((name) =>
      cfg.service.pipelines[name].exporters.some((id: string) => componentType(id) === 'file'));
    expect(datasetPipelines).toHaveLength(1);
    const lokiPipelines = (name: string): boolean =>
      cfg.service.pipelines[name].exporters.some((id: string) => lokiExporters(cfg).includes(id));
    expect((route.pipelines as string[]).some(lokiPipelines)).toBe(true);
    expect((routing.default_pipelines as string[]).every(lokiPipelines)).toBe(true);
  });

  it('writes the dataset as appended JSON lines', () => {
    const files = Object.entries<Tree>(cfg.exporters).filter(([id]) => componentType(id) === 'file');
    expect(files).toHaveLength(1);
    const [, file] = files[0] as [string, Tree];
    expect(file.format).toBe('json');
    expect(file.append).toBe(true);
    expect(file.rotation).toBeUndefined();
    expect(file.compression).toBeUndefined();
  });

  it('lifts model name and version to resource attributes on the way to Loki only', () => {
    const keys = cfg.processors['groupbyattrs/model'].keys as string[];
    expect(keys).toEqual(expect.arrayContaining([ATTR_ML_MODEL_NAME, ATTR_ML_MODEL_VERSION]));
    const wrong = Object.entries<Tree>(cfg.service.pipelines)
      .filter(([, p]) => {
        const lifts = (p.processors ?? []).includes('groupbyattrs/model');
        const toLoki = p.exporters.some((id: string) => lokiExporters(cfg).includes(id));
        const toFile = p.exporters.some((id: string) => componentType(id) === 'file');
        return (toFile && lifts) || (toLoki && !lifts);
      })
      .map(([name]) => name);
    expect(wrong).toEqual([]);
  });

  it('sends traces to Tempo over plaintext gRPC on the port Tempo listens on', () => {
    const tempo: Tree = readYaml('collector-config/tempo.yaml');
    const port = String(tempo.distributor.receivers.otlp.protocols.grpc.endpoint).split(':')[1];
    expect(cfg.exporters['otlp_grpc/tempo']).toEqual({ endpoint: `tempo:${port}`, tls: { insecure: true } });
    expect(cfg.service.pipelines.traces.exporters).toEqual(['otlp_grpc/tempo']);
  });

  it('reaches Loki on the service name and port of docker-compose.yml and loki.yaml', () => {
    const loki: Tree = readYaml('collector-config/loki.yaml');
    expect(Object.keys(compose.services)).toContain('loki');
    expect(cfg.exporters['otlp_http/loki'].endpoint).toBe(`http://loki:${loki.server.http_listen_port}/otlp`);
  });
});

describe('collector checks reject broken copies', () => {
  const broken = (mutate: (c: Tree) => void): Tree => {
    const copy = clone(cfg);
    mutate(copy);
    return copy;
  };

  it('reports a processor a pipeline names but nobody defines', () => {
    const c = broken((x) => x.service.pipelines.traces.processors.push('batch/missing'));
    expect(checkReferences(c)).toContain('traces: processor batch/missing is not defined');
  });

  it('reports an exporter defined nowhere', () => {
    const c = broken((x) => { x.service.pipelines.traces.exporters = ['otlp_grpc/nowhere']; });
    expect(checkReferences(c)).toContain('traces: exporter otlp_grpc/nowhere is not defined');
  });

  it('reports a connector used only as a receiver', () => {
    const c = broken((x) => { x.service.pipelines['logs/in'].exporters = ['otlp_http/loki']; });
    expect(checkConnectorsUsedOnBothSides(c)).toEqual(['connector routing/ml is not an exporter of any pipeline']);
  });

  it('reports a routing table naming a pipeline that does not receive from the connector', () => {
    const c = broken((x) => { x.service.pipelines['logs/dataset'].receivers = ['otlp']; });
    expect(checkRoutingTables(c)).toContain('routing/ml: pipeline logs/dataset does not receive from it');
  });

  it('reports memory_limiter missing from the front of a receiver-fed pipeline', () => {
    const c = broken((x) => { x.service.pipelines.traces.processors = ['batch', 'memory_limiter']; });
    expect(checkMemoryLimiterFirst(c)).toEqual(['traces: memory_limiter is not the first processor']);
  });

  it.each([
    ['exporters', 'loki', 'removed from contrib'],
    ['exporters', 'otlphttp/loki', 'deprecated alias'],
    ['processors', 'routing', 'removed from contrib'],
    ['exporters', 'kafkaa', 'is not in contrib'],
  ])('reports %s.%s (%s)', (section, id, message) => {
    const c = broken((x) => { x[section][id] = {}; });
    expect(checkComponentTypes(c).join('\n')).toContain(message);
  });

  it('reports a receiver bound to localhost', () => {
    const c = broken((x) => { x.receivers.otlp.protocols.http.endpoint = 'localhost:4318'; });
    expect(checkListenAddresses(c)).toEqual(['receivers.otlp.http: endpoint "localhost:4318" is not 0.0.0.0:<port>']);
  });

  it('reports a Loki endpoint without /otlp and the Loki exporter in a traces pipeline', () => {
    const c = broken((x) => {
      x.exporters['otlp_http/loki'].endpoint = 'http://loki:3100/loki/api/v1/push';
      x.service.pipelines.traces.exporters.push('otlp_http/loki');
    });
    expect(checkLokiExporter(c)).toEqual([
      'otlp_http/loki: endpoint http://loki:3100/loki/api/v1/push does not end in /otlp',
      'otlp_http/loki: used in non-logs pipeline traces',
    ]);
  });
});

describe('vendor overlays', () => {
  const docs = readText('docs/production.md');

  it('exist for Grafana Cloud, Datadog and Honeycomb', () => {
    expect(vendorFiles.sort()).toEqual(['datadog.yaml', 'grafana-cloud.yaml', 'honeycomb.yaml']);
  });

  describe.each(vendorFiles)('%s', (file) => {
    const path = `collector-config/vendors/${file}`;
    const overlay: Tree = readYaml(path);
    const merged = mergeConfigs(cfg, overlay);
    const added = Object.keys(overlay.exporters ?? {});

    it('merged over the base file passes every static check', () => {
      expect(checkCollectorConfig(merged)).toEqual([]);
    });

    it('adds an otlp_http exporter whose endpoint and credential header come from ${env:...}', () => {
      expect(added.length).toBeGreaterThan(0);
      for (const id of added) {
        const exporter = overlay.exporters[id];
        expect(componentType(id)).toBe('otlp_http');
        expect(String(exporter.endpoint ?? exporter.logs_endpoint)).toMatch(/\$\{env:[A-Z_]+(:-https:\/\/[^}]+)?\}/);
        expect(Object.values<string>(exporter.headers ?? {}).some((value) => /\$\{env:[A-Z_]+\}/.test(value))).toBe(true);
      }
    });

    it('keeps every exporter the base pipelines had, adding the vendor to at least the Loki logs pipeline', () => {
      for (const [name, p] of Object.entries<Tree>(cfg.service.pipelines)) {
        expect(merged.service.pipelines[name].exporters).toEqual(expect.arrayContaining(p.exporters));
      }
      expect(merged.service.pipelines['logs/loki'].exporters).toEqual(expect.arrayContaining(added));
    });

    it('uses only ${env:...} variables that docs/production.md documents', () => {
      const vars = envReferences(readText(path));
      expect(vars.length).toBeGreaterThan(0);
      for (const name of vars) expect(docs).toContain(`\`${name}\``);
    });

    it('uses no bare $VAR references (only ${env:...} is expanded)', () => {
      const withoutEnv = readText(path).replace(/\$\{env:[^}]*\}/g, '').split('\n').filter((l) => !l.trim().startsWith('#'));
      expect(withoutEnv.join('\n')).not.toMatch(/\$[A-Za-z{]/);
    });
  });

  it('envReferences finds plain and defaulted variables', () => {
    expect(envReferences('a: ${env:ONE}\nb: ${env:TWO:-https://x}\nc: $THREE')).toEqual(['ONE', 'TWO']);
  });
});
