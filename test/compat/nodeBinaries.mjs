// Node binaries of other major versions than the machine's, from the npm registry's `node`
// package, cached outside the repo in $MLOTEL_NODE_CACHE (default ~/.cache/mlotel-node).
//
//   node test/compat/nodeBinaries.mjs 24   # prints the directory that holds node 24
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory holding a `node` binary of that major version, installed on first use. */
export function nodeBinDir(major) {
  if (process.versions.node.split('.')[0] === String(major)) return dirname(process.execPath);
  const cache = join(process.env.MLOTEL_NODE_CACHE ?? join(homedir(), '.cache', 'mlotel-node'), `node${major}`);
  const bin = join(cache, 'node_modules', 'node', 'bin');
  if (!existsSync(join(bin, 'node'))) {
    mkdirSync(cache, { recursive: true });
    writeFileSync(join(cache, 'package.json'), '{ "private": true }\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `node@${major}`], { cwd: cache, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const version = execFileSync(join(bin, 'node'), ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith(`v${major}.`)) throw new Error(`${bin}/node is ${version}, not Node ${major}: remove ${cache} and run again`);
  return bin;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${nodeBinDir(process.argv[2] ?? '24')}\n`);
}
