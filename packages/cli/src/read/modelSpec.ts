/**
 * The `name[@version]` model selector shared by `tail --model` and `dataset --model`.
 */
import { quoteArg, UsageError } from '../usageError.js';

/** A model name with an optional version. */
export interface ModelSpec {
  name: string;
  version?: string;
}

/**
 * Parses `name` or `name@version` (the last `@` splits, so names may contain `@`).
 * @throws UsageError when the name is empty.
 * @example parseModelSpec('iris@2') // { name: 'iris', version: '2' }
 */
export function parseModelSpec(value: string): ModelSpec {
  const at = value.lastIndexOf('@');
  const name = (at > 0 ? value.slice(0, at) : value).trim();
  const version = at > 0 ? value.slice(at + 1).trim() : undefined;
  if (!name) throw new UsageError(`--model must be name or name@version, got ${quoteArg(value)}`);
  return version ? { name, version } : { name };
}

/** True when a record's model matches the selector. */
export function modelMatches(spec: ModelSpec, name: string | undefined, version: string | undefined): boolean {
  return name === spec.name && (spec.version === undefined || version === spec.version);
}
