import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/**
 * Mounts a tmpfs of `size` (e.g. '1m') at `path`, for tests of a real full disk. Needs root, as
 * on the project's machines and CI; returns false where it cannot, and the caller skips.
 */
export function mountTmpfs(path: string, size: string): boolean {
  mkdirSync(path, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Unmounts what {@link mountTmpfs} mounted. */
export function unmountTmpfs(path: string): void {
  execFileSync('umount', [path]);
}
