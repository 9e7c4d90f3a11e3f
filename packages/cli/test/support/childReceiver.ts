/**
 * Runs `mlotel collect` as a real child process (the built bin) on a free port and a temp
 * directory, for tests. Resolves once the receiver prints its listening line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve(__dirname, '../../bin/mlotel.js');
const MAIN = resolve(__dirname, '../../dist/cjs/main.js');

/** Fails with the fix when the CLI has not been built. */
export function requireBuiltCli(): void {
  if (!existsSync(MAIN)) throw new Error('packages/cli is not built: run `npx tsc -b packages/cli` (npm test builds it)');
}

export interface ChildReceiver {
  url: string;
  dir: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Sends SIGTERM (or `signal`) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Lines of a data file parsed as JSON (throws if any line is not valid JSON). */
  lines(file: string): unknown[];
}

export async function startChildReceiver(extraArgs: string[] = [], dir = mkdtempSync(join(tmpdir(), 'mlotel-cli-'))): Promise<ChildReceiver> {
  requireBuiltCli();
  const child = spawn(process.execPath, [BIN, 'collect', '--port', '0', '--dir', dir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = await new Promise<string>((done, fail) => {
    const onData = (): void => {
      const m = /mlotel collect: listening on (http:\/\/\S+) \(dir (.+)\)\n/.exec(err);
      if (m?.[1]) {
        child.stderr.off('data', onData);
        done(m[1]);
      }
    };
    child.stderr.on('data', onData);
    void exited.then((code) => fail(new Error(`receiver exited with ${code} before listening: ${err}`)));
  });
  return {
    url,
    dir,
    child,
    stdout: () => out,
    stderr: () => err,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
    lines(file) {
      const path = join(dir, file);
      if (!existsSync(path)) return [];
      return readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as unknown);
    },
  };
}

const DRIVER = resolve(__dirname, 'exportDriver.js');

/**
 * Runs a scenario of `exportDriver.js` (official SDK + exporters) against `url` in its own
 * process; resolves with the JSON it prints.
 */
export function runExportDriver<T>(scenario: string, url: string): Promise<T> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [DRIVER, scenario, url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code === 0) done(JSON.parse(out) as T);
      else fail(new Error(`exportDriver ${scenario} exited ${code}: ${err}`));
    });
  });
}
