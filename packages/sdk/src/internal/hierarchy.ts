import type { Logger as OtelLogger } from '@opentelemetry/api-logs';
import { Level } from '../levels.js';
import { resolveOtelLogger, runtime } from './runtime.js';

/** The name of the root logger, which is also its instrumentation scope name. */
export const ROOT_LOGGER_NAME = 'root';

/**
 * One node per logger name. Holds the level set on that name and the effective threshold
 * every logger of that name compares against: a cached number, recomputed for all nodes
 * whenever any level changes (rare) so that a log call pays one comparison (frequent).
 * @internal
 */
export class LoggerNode {
  readonly name: string;
  /** Level set on this name; NOTSET (0) means "inherit" except on the root. */
  level: number;
  /** Effective level: records below it are dropped. Infinity when the SDK is disabled. */
  threshold: number;
  private otel: OtelLogger | undefined;
  private otelGeneration = -1;

  constructor(name: string, level: number) {
    this.name = name;
    this.level = level;
    this.threshold = level;
  }

  /** The OTel logger for this scope, re-resolved after init()/shutdown(). */
  otelLogger(): OtelLogger {
    if (this.otelGeneration !== runtime.generation || this.otel === undefined) {
      this.otel = resolveOtelLogger(this.name);
      this.otelGeneration = runtime.generation;
    }
    return this.otel;
  }
}

const nodes = new Map<string, LoggerNode>();
const root = new LoggerNode(ROOT_LOGGER_NAME, Level.INFO);
nodes.set(ROOT_LOGGER_NAME, root);

/** The node for a name, created (with its effective threshold) on first use. @internal */
export function nodeFor(name: string): LoggerNode {
  let node = nodes.get(name);
  if (node === undefined) {
    node = new LoggerNode(name, Level.NOTSET);
    nodes.set(name, node);
    node.threshold = effectiveThreshold(node);
  }
  return node;
}

/** The effective level of a node: its own if set, else the nearest ancestor's, else the root's. */
export function effectiveLevel(node: LoggerNode): number {
  if (node === root || node.level !== Level.NOTSET) return node.level;
  let name = node.name;
  for (let dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.')) {
    name = name.slice(0, dot);
    const ancestor = nodes.get(name);
    if (ancestor !== undefined && ancestor.level !== Level.NOTSET) return ancestor.level;
  }
  return root.level;
}

function effectiveThreshold(node: LoggerNode): number {
  return runtime.disabled ? Infinity : effectiveLevel(node);
}

/** Recomputes every cached threshold; call after any level change or enabling/disabling. @internal */
export function refreshThresholds(): void {
  for (const node of nodes.values()) node.threshold = effectiveThreshold(node);
}

/** Every node name known so far (for tests and diagnostics). @internal */
export function knownLoggerNames(): string[] {
  return [...nodes.keys()];
}
