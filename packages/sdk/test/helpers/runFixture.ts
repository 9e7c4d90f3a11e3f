import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const DIST_INDEX = path.join(__dirname, '..', '..', 'dist', 'cjs', 'index.js');

/** How a fixture process ended, once it exited by itself. */
export interface FixtureExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The JSON after `RESULT ` on the fixture's last such line. */
  result: any;
}

/** A running fixture: `exited` settles on the child's own 'exit' (and the end of its output). */
export interface FixtureProcess {
  child: ChildProcess;
  exited: Promise<FixtureExit>;
}

/**
 * Starts `test/fixtures/<name>` with node against the built SDK and hands back the child, so a
 * test that times out waiting for the exit can still kill it.
 */
export function startFixture(name: string, args: unknown, env: NodeJS.ProcessEnv = {}): FixtureProcess {
  if (!existsSync(DIST_INDEX)) {
    throw new Error(`${DIST_INDEX} is missing: build the SDK first (npx tsc -b packages/sdk, or npm test which builds)`);
  }
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'fixtures', name), JSON.stringify(args)], {
    env: Object.assign({}, process.env, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  const outputEnded = Promise.all([child.stdout, child.stderr].map((stream) =>
    new Promise<void>((resolve) => { stream?.once('close', resolve); })));
  const exited = new Promise<FixtureExit>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      void outputEnded.then(() => {
        const line = stdout.split('\n').reverse().find((l) => l.startsWith('RESULT '));
        resolve({ code, signal, stdout, stderr, result: line === undefined ? undefined : JSON.parse(line.slice('RESULT '.length)) });
      });
    });
  });
  return { child, exited };
}

/** What a fixture process printed and how it ended. */
export type FixtureRun = FixtureExit;

/** Runs `test/fixtures/<name>` with node against the built SDK and waits for it to exit. */
export function runFixture(name: string, args: unknown, env: NodeJS.ProcessEnv = {}): Promise<FixtureRun> {
  return startFixture(name, args, env).exited;
}
