/**
 * Internal: the body paths that shaping changed (a string cut, keys or items cut, a `$summary`,
 * `$bytes`, a depth marker, `$truncated`, a redaction, `'[omitted]'`), for the
 * `ml.payload.shaped` attribute. Not exported from the package.
 */
import { cutForStorage } from './payloadTree.js';

/** Most paths a record lists; when more were shaped, the last of them is {@link MORE_SHAPED}. */
export const MAX_SHAPED_PATHS = 32;
/** Stands for "and more paths" as the last entry of a full list. */
export const MORE_SHAPED = '…';
/**
 * Longest path listed, in UTF-16 code units; a longer one keeps its first 255 and ends with `'…'`.
 * Keys may be up to `maxStringLength` long and 8 deep: without a cap, 32 paths of a hostile body
 * could make the attribute megabytes. Real paths (`input.customer.age_bucket`) are far shorter.
 */
export const MAX_SHAPED_PATH_LENGTH = 256;

/** `path` as it is listed: cut to {@link MAX_SHAPED_PATH_LENGTH} with a trailing `'…'`. */
export function cappedPath(path: string): string {
  return path.length > MAX_SHAPED_PATH_LENGTH ? cutForStorage(path, MAX_SHAPED_PATH_LENGTH - 1) + MORE_SHAPED : path;
}

/** A path segment: an object key (as written in the shaped body) or an array index. */
export type PathSegment = string | number;

/**
 * Distinct paths in the order they were added, dotted from the body root (`input.text`,
 * `input.rows.3`; `''` is the root itself). Holds at most {@link MAX_SHAPED_PATHS}; once one more
 * distinct path arrives it stops building paths and only remembers that there were more.
 */
export class ShapedPaths {
  private readonly paths: string[] = [];
  private more = false;

  /** Adds the path made of `segments[1..depth]` (index 0 is unused: depth 0 is the root). */
  addAt(segments: readonly PathSegment[], depth: number): void {
    if (this.more) return;
    let path = depth >= 1 ? String(segments[1]) : '';
    for (let d = 2; d <= depth && path.length <= MAX_SHAPED_PATH_LENGTH; d++) path += '.' + String(segments[d]);
    this.add(path);
  }

  add(path: string): void {
    path = cappedPath(path);
    if (this.more || this.paths.includes(path)) return;
    if (this.paths.length === MAX_SHAPED_PATHS) this.more = true;
    else this.paths.push(path);
  }

  /** Adds every path of `other`, and its "more" flag. */
  addAll(other: ShapedPaths | undefined): void {
    if (other === undefined) return;
    for (const path of other.paths) this.add(path);
    if (other.more) this.more = true;
  }

  /** Says there were more shaped paths than listed (shaping elsewhere counted them). */
  markMore(): void {
    this.more = true;
  }

  get hasMore(): boolean {
    return this.more;
  }

  /** The listed paths, for looking paths up. */
  pathSet(): ReadonlySet<string> {
    return new Set(this.paths);
  }

  /** Appends the list as the attribute carries it: at most 32 entries, the 32nd `'…'` when there were more. */
  appendTo(target: string[]): void {
    const paths = this.paths;
    const n = this.more ? Math.min(paths.length, MAX_SHAPED_PATHS - 1) : paths.length;
    for (let i = 0; i < n; i++) target.push(paths[i]!);
    if (this.more) target.push(MORE_SHAPED);
  }
}
