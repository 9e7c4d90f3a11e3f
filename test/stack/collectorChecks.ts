/**
 * Static checks of an OpenTelemetry Collector configuration: the rules the collector enforces at
 * start-up (component references, connector use) plus the ones this stack relies on (memory
 * limiter first, receivers on 0.0.0.0, Loki only behind /otlp in logs pipelines). Each check
 * returns a list of problems, empty when the configuration passes, so a test can show that a
 * broken copy is reported.
 */
import type { Tree } from './files';

/** The contrib image version these component lists were checked against. */
export const COLLECTOR_CONTRIB_VERSION = '0.159.0';

/**
 * Component types present in otel/opentelemetry-collector-contrib:0.159.0 that this project may
 * use (from the release's distribution manifest; `otlp_http`/`otlp_grpc` exporter names exist
 * since v0.144.0).
 */
export const KNOWN_COMPONENT_TYPES: Readonly<Record<Section, readonly string[]>> = {
  receivers: ['otlp'],
  processors: ['memory_limiter', 'batch', 'transform', 'filter', 'attributes', 'resource', 'groupbyattrs'],
  exporters: ['otlp_http', 'otlp_grpc', 'file', 'debug'],
  connectors: ['routing', 'forward'],
  extensions: ['health_check', 'basicauth', 'headers_setter', 'file_storage', 'zpages', 'pprof'],
};

/** Types that are gone from the contrib image or only deprecated aliases, with the reason. */
export const REJECTED_COMPONENT_TYPES: Readonly<Partial<Record<Section, Readonly<Record<string, string>>>>> = {
  exporters: {
    loki: 'removed from contrib in v0.131.0: use otlp_http to Loki /otlp',
    logging: 'removed: replaced by debug',
    otlphttp: 'deprecated alias since v0.144.0: use otlp_http',
    otlp: 'deprecated alias since v0.144.0: use otlp_grpc',
  },
  processors: { routing: 'removed from contrib in v0.120.1: use the routing connector' },
};

/** The component sections of a collector configuration. */
export type Section = 'receivers' | 'processors' | 'exporters' | 'connectors' | 'extensions';

/** The type part of a component id `type[/name]`. */
export function componentType(id: string): string {
  return id.split('/')[0] ?? id;
}

function pipelines(cfg: Tree): [string, Tree][] {
  return Object.entries(cfg?.service?.pipelines ?? {});
}

function ids(list: unknown): string[] {
  return Array.isArray(list) ? list.map(String) : [];
}

/** Every id a pipeline or the service names is defined in the right section. */
export function checkReferences(cfg: Tree): string[] {
  const problems: string[] = [];
  const has = (section: Section, id: string): boolean => Object.hasOwn(cfg?.[section] ?? {}, id);
  if (pipelines(cfg).length === 0) problems.push('service.pipelines is empty');
  for (const [name, p] of pipelines(cfg)) {
    if (ids(p.receivers).length === 0) problems.push(`${name}: no receivers`);
    if (ids(p.exporters).length === 0) problems.push(`${name}: no exporters`);
    for (const id of ids(p.receivers)) {
      if (!has('receivers', id) && !has('connectors', id)) problems.push(`${name}: receiver ${id} is not defined`);
    }
    for (const id of ids(p.processors)) {
      if (!has('processors', id)) problems.push(`${name}: processor ${id} is not defined`);
    }
    const procs = ids(p.processors);
    if (new Set(procs).size !== procs.length) problems.push(`${name}: a processor appears twice`);
    for (const id of ids(p.exporters)) {
      if (!has('exporters', id) && !has('connectors', id)) problems.push(`${name}: exporter ${id} is not defined`);
    }
  }
  for (const id of ids(cfg?.service?.extensions)) {
    if (!has('extensions', id)) problems.push(`service.extensions: ${id} is not defined`);
  }
  for (const id of Object.keys(cfg?.connectors ?? {})) {
    if (has('receivers', id) || has('exporters', id)) problems.push(`connector ${id} is also a receiver or exporter id`);
  }
  return problems;
}

/** Each connector is an exporter of some pipeline and a receiver of another. */
export function checkConnectorsUsedOnBothSides(cfg: Tree): string[] {
  const problems: string[] = [];
  for (const id of Object.keys(cfg?.connectors ?? {})) {
    const asExporter = pipelines(cfg).filter(([, p]) => ids(p.exporters).includes(id));
    const asReceiver = pipelines(cfg).filter(([, p]) => ids(p.receivers).includes(id));
    if (asExporter.length === 0) problems.push(`connector ${id} is not an exporter of any pipeline`);
    if (asReceiver.length === 0) problems.push(`connector ${id} is not a receiver of any pipeline`);
  }
  return problems;
}

/** The pipelines a routing connector names exist and receive from that connector. */
export function checkRoutingTables(cfg: Tree): string[] {
  const problems: string[] = [];
  for (const [id, conn] of Object.entries<Tree>(cfg?.connectors ?? {})) {
    if (componentType(id) !== 'routing') continue;
    const table: Tree[] = Array.isArray(conn?.table) ? conn.table : [];
    if (table.length === 0) problems.push(`${id}: table is empty`);
    if ('match_once' in (conn ?? {})) problems.push(`${id}: match_once was removed in v0.120.0`);
    const named = [...ids(conn?.default_pipelines), ...table.flatMap((route) => ids(route?.pipelines))];
    for (const route of table) {
      if (!route?.condition && !route?.statement) problems.push(`${id}: a route has neither condition nor statement`);
      if (ids(route?.pipelines).length === 0) problems.push(`${id}: a route names no pipelines`);
    }
    for (const name of named) {
      const p = cfg?.service?.pipelines?.[name];
      if (!p) problems.push(`${id}: routes to pipeline ${name}, which does not exist`);
      else if (!ids(p.receivers).includes(id)) problems.push(`${id}: pipeline ${name} does not receive from it`);
    }
  }
  return problems;
}

/** In every pipeline fed by a real receiver (not only connectors), memory_limiter comes first. */
export function checkMemoryLimiterFirst(cfg: Tree): string[] {
  const connectors = new Set(Object.keys(cfg?.connectors ?? {}));
  return pipelines(cfg)
    .filter(([, p]) => ids(p.receivers).some((id) => !connectors.has(id)))
    .filter(([, p]) => componentType(ids(p.processors)[0] ?? '') !== 'memory_limiter')
    .map(([name]) => `${name}: memory_limiter is not the first processor`);
}

/** Every component type exists in the pinned contrib version and none is removed or deprecated. */
export function checkComponentTypes(cfg: Tree): string[] {
  const problems: string[] = [];
  for (const section of Object.keys(KNOWN_COMPONENT_TYPES) as Section[]) {
    for (const id of Object.keys(cfg?.[section] ?? {})) {
      const type = componentType(id);
      const rejected = REJECTED_COMPONENT_TYPES[section]?.[type];
      if (rejected) problems.push(`${section}.${id}: ${rejected}`);
      else if (!KNOWN_COMPONENT_TYPES[section].includes(type)) {
        problems.push(`${section}.${id}: type ${type} is not in contrib ${COLLECTOR_CONTRIB_VERSION}`);
      }
    }
  }
  return problems;
}

/** Receiver protocols and the health check listen on 0.0.0.0 (their default is localhost). */
export function checkListenAddresses(cfg: Tree): string[] {
  const problems: string[] = [];
  for (const [id, receiver] of Object.entries<Tree>(cfg?.receivers ?? {})) {
    for (const [protocol, settings] of Object.entries<Tree>(receiver?.protocols ?? {})) {
      const endpoint = String(settings?.endpoint ?? '');
      if (!endpoint.startsWith('0.0.0.0:')) problems.push(`receivers.${id}.${protocol}: endpoint "${endpoint}" is not 0.0.0.0:<port>`);
    }
  }
  for (const [id, ext] of Object.entries<Tree>(cfg?.extensions ?? {})) {
    if (componentType(id) !== 'health_check') continue;
    const endpoint = String(ext?.endpoint ?? '');
    if (!endpoint.startsWith('0.0.0.0:')) problems.push(`extensions.${id}: endpoint "${endpoint}" is not 0.0.0.0:<port>`);
  }
  return problems;
}

/** The exporter ids whose endpoint points at Loki (host `loki` or a `/otlp` path on port 3100). */
export function lokiExporters(cfg: Tree): string[] {
  return Object.entries<Tree>(cfg?.exporters ?? {})
    .filter(([, e]) => /^https?:\/\/loki[:/]/.test(String(e?.endpoint ?? '')) || /:3100\b/.test(String(e?.endpoint ?? '')))
    .map(([id]) => id);
}

/** The Loki exporter is otlp_http, its endpoint ends in /otlp, and it sits only in logs pipelines. */
export function checkLokiExporter(cfg: Tree): string[] {
  const problems: string[] = [];
  const loki = lokiExporters(cfg);
  if (loki.length === 0) problems.push('no exporter sends to Loki');
  for (const id of loki) {
    const endpoint = String(cfg.exporters[id].endpoint);
    if (componentType(id) !== 'otlp_http') problems.push(`${id}: Loki is reached with otlp_http, not ${componentType(id)}`);
    if (!/\/otlp$/.test(endpoint)) problems.push(`${id}: endpoint ${endpoint} does not end in /otlp`);
    for (const [name, p] of pipelines(cfg)) {
      if (ids(p.exporters).includes(id) && !/^logs(\/|$)/.test(name)) problems.push(`${id}: used in non-logs pipeline ${name}`);
    }
  }
  return problems;
}

/** All checks together: what a test asserts is empty for a real configuration. */
export function checkCollectorConfig(cfg: Tree): string[] {
  return [
    ...checkReferences(cfg),
    ...checkConnectorsUsedOnBothSides(cfg),
    ...checkRoutingTables(cfg),
    ...checkMemoryLimiterFirst(cfg),
    ...checkComponentTypes(cfg),
    ...checkListenAddresses(cfg),
    ...checkLokiExporter(cfg),
  ];
}

/**
 * Merges a later `--config` into an earlier one the way the collector's confmap does: maps are
 * merged key by key, anything else (lists included) is replaced by the later value.
 */
export function mergeConfigs(base: Tree, overlay: Tree): Tree {
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isMap(base) || !isMap(overlay)) return structuredClone(overlay);
  const out: Record<string, unknown> = structuredClone(base);
  for (const [key, value] of Object.entries(overlay)) {
    out[key] = key in out ? mergeConfigs(out[key], value) : structuredClone(value);
  }
  return out;
}

/** The variable names of every `${env:NAME}` / `${env:NAME:-default}` in a text. */
export function envReferences(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}/g)].map((m) => m[1] as string))];
}
