import type { OtelLogger } from '../otelLogs.js';
import { Level } from '../levels.js';
import { processState } from './processState.js';
import { resolveOtelLogger, runtime } from './runtime.js';

/** The name of the root logger, which is also its instrumentation scope name. */
export const ROOT_LOGGER_NAME = 'root';

/**
 * One node per logger name, and one for every dotted prefix of a name (as the placeholders of
 * Python's `logging.Manager`), so each node knows its parent and children from creation on and
 * creating an intermediate logger later needs no fix-up. Holds the level set on that name and
 * the effective threshold every logger of that name compares against: a cached number,
 * recomputed for the changed node's subtree only when a level changes (rare) so that a log
 * call pays one comparison (frequent).
 * @internal
 */
export class LoggerNode {
  readonly name: string;
  /** Level set on this name; NOTSET (0) means "inherit" except on the root. */
  level: number;
  /** The level set here or inherited from the nearest ancestor that sets one. */
  effective: number;
  /** Effective level: records below it are dropped. Infinity when the SDK is disabled. */
  threshold: number;
  /** The node of the name up to its last dot (the root for a name without one). */
  readonly parent: LoggerNode | undefined;
  /** Nodes whose parent this is. */
  readonly children: LoggerNode[] = [];
  private otel: OtelLogger | undefined;
  private otelGeneration = -1;

  constructor(name: string, level: number, parent: LoggerNode | undefined) {
    this.name = name;
    this.level = level;
    this.parent = parent;
    this.effective = level !== Level.NOTSET || parent === undefined ? level : parent.effective;
    this.threshold = runtime.disabled ? Infinity : this.effective;
    parent?.children.push(this);
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

// One tree per process: levels set through one copy of mlotel (ESM or CJS) apply to the other.
const nodes = processState('loggerNodes', () => new Map<string, LoggerNode>([[ROOT_LOGGER_NAME, new LoggerNode(ROOT_LOGGER_NAME, Level.INFO, undefined)]]));
const root = nodes.get(ROOT_LOGGER_NAME) as LoggerNode;

/**
 * The node for a name, created on first use together with the nodes of its dotted prefixes
 * (a name's cost is its number of dots, paid once). @internal
 */
export function nodeFor(name: string): LoggerNode {
  const known = nodes.get(name);
  if (known !== undefined) return known;
  // Walk up to the nearest existing prefix, then create the missing ones top-down. Iterative:
  // a name with 100,000 dots must not overflow the call stack. A dot at position 0 (".a")
  // names no parent: such names hang off the root.
  const missing: string[] = [name];
  let parent = root;
  for (let prefix = name, dot = prefix.lastIndexOf('.'); dot > 0; dot = prefix.lastIndexOf('.')) {
    prefix = prefix.slice(0, dot);
    const existing = nodes.get(prefix);
    if (existing !== undefined) {
      parent = existing;
      break;
    }
    missing.push(prefix);
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    const node: LoggerNode = new LoggerNode(missing[i] as string, Level.NOTSET, parent);
    nodes.set(node.name, node);
    parent = node;
  }
  return parent;
}

/** The effective level of a node: its own if set, else the nearest ancestor's, else the root's. */
export function effectiveLevel(node: LoggerNode): number {
  return node.effective;
}

/** Sets a node's level and recomputes the thresholds of its subtree only. @internal */
export function setNodeLevel(node: LoggerNode, level: number): void {
  node.level = level;
  refreshSubtree(node);
}

/** Recomputes every cached threshold; call after enabling/disabling the SDK. @internal */
export function refreshThresholds(): void {
  refreshSubtree(root);
}

function refreshSubtree(start: LoggerNode): void {
  // An explicit stack: a name with thousands of dots must not overflow the call stack.
  const stack: LoggerNode[] = [start];
  const disabled = runtime.disabled;
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const parent = node.parent;
    node.effective = node.level !== Level.NOTSET || parent === undefined ? node.level : parent.effective;
    node.threshold = disabled ? Infinity : node.effective;
    for (const child of node.children) stack.push(child);
  }
}

/** Every node name known so far, dotted prefixes included (for tests and diagnostics). @internal */
export function knownLoggerNames(): string[] {
  return [...nodes.keys()];
}
