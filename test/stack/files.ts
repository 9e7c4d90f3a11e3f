/**
 * Reads the stack's configuration files for the validation tests. Paths are relative to the
 * repository root, the way docker-compose.yml names them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseDocument } from 'yaml';

/** The repository root (this file lives in test/stack/). */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/** Parsed YAML or JSON, walked by the checks with optional chaining. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Tree = any;

/** Absolute path of a repo-relative path such as `./collector-config/loki.yaml`. */
export function repoPath(relative: string): string {
  return join(REPO_ROOT, relative);
}

/** Whether a repo-relative path exists. */
export function repoFileExists(relative: string): boolean {
  return existsSync(repoPath(relative));
}

/** The text of a repo-relative file. */
export function readText(relative: string): string {
  return readFileSync(repoPath(relative), 'utf8');
}

/**
 * Parses a repo-relative YAML file, failing on any YAML error or warning (duplicate keys
 * included: the collector and Loki reject them too).
 */
export function readYaml(relative: string): Tree {
  const doc = parseDocument(readText(relative), { uniqueKeys: true });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) throw new Error(`${relative}: ${problems.map((p) => p.message).join('; ')}`);
  return doc.toJS();
}

/** Parses YAML text (for mutated copies in tests). */
export function parseYaml(text: string): Tree {
  return parse(text);
}

/** Parses a repo-relative JSON file. */
export function readJson(relative: string): Tree {
  return JSON.parse(readText(relative));
}

/** A deep copy, so a test can break a config without touching the shared parsed one. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
