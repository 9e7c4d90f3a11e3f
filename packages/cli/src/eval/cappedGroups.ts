/**
 * Rows grouped by a key (model version, server), with a cap on the number of groups: keys
 * past it share the `(other)` group, so memory stays bounded when a key is unexpectedly
 * unique per row (a server name per short-lived pod, a version per build).
 */
import { OTHER_GROUP, UNKNOWN_GROUP } from './evalReport.js';
import type { EvalRow } from './evalRow.js';

/**
 * The model group of a row: `name@version`, just `name` without a version, `(unknown)` without a name.
 * @example modelGroupOf({ modelName: 'iris', modelVersion: 'v2', ... }) // 'iris@v2'
 */
export function modelGroupOf(row: Pick<EvalRow, 'modelName' | 'modelVersion'>): string {
  if (row.modelName === undefined) return UNKNOWN_GROUP;
  return row.modelVersion === undefined ? row.modelName : `${row.modelName}@${row.modelVersion}`;
}

/**
 * The server group of a row: its `server` (host.name), `(unknown)` without one.
 * @example serverGroupOf({ server: 'srv-1', ... }) // 'srv-1'
 */
export function serverGroupOf(row: Pick<EvalRow, 'server'>): string {
  return row.server ?? UNKNOWN_GROUP;
}

const NATURAL = new Intl.Collator('en', { numeric: true });

/**
 * The order groups are listed in: natural order (v2 before v10), `(other)` then `(unknown)` last.
 * @example ['v10', '(other)', 'v2'].sort(compareGroups) // ['v2', 'v10', '(other)']
 */
export function compareGroups(a: string, b: string): number {
  const tail = (g: string): number => (g === OTHER_GROUP ? 1 : g === UNKNOWN_GROUP ? 2 : 0);
  return tail(a) - tail(b) || NATURAL.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * A map from group key to accumulator holding at most `maxGroups` named groups plus `(other)`.
 * @example
 * const groups = new CappedGroups(2, () => ({ n: 0 }));
 * groups.get('a').n++; groups.get('b').n++; groups.get('c').n++; // 'c' lands in (other)
 */
export class CappedGroups<T> {
  private readonly groups = new Map<string, T>();
  private named = 0;

  constructor(
    private readonly maxGroups: number,
    private readonly create: () => T,
  ) {}

  /** The accumulator of `key`, created on first use, or the `(other)` one past the cap. */
  get(key: string): T {
    const found = this.groups.get(key);
    if (found !== undefined) return found;
    const named = key !== UNKNOWN_GROUP && key !== OTHER_GROUP;
    const target = named && this.named >= this.maxGroups ? OTHER_GROUP : key;
    if (target === key && named) this.named++;
    let group = this.groups.get(target);
    if (group === undefined) {
      group = this.create();
      this.groups.set(target, group);
    }
    return group;
  }

  /** The groups in {@link compareGroups} order. */
  entries(): Array<[string, T]> {
    return [...this.groups.entries()].sort(([a], [b]) => compareGroups(a, b));
  }
}
