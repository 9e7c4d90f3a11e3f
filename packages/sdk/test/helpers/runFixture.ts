import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const DIST_INDEX = path.join(__dirname, '..', '..', 'dist', 'cjs', 'index.js');

/** What a fixture process printed and how it ended. */
export interface FixtureRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The JSON after `RESULT ` on the fixture's last such line. */
  result: any;
}

/** Runs `test/fixtures/<name>` with node against the built SDK and waits for it to exit. */
export function runFixture(name: string, args: unknown, env: NodeJS.ProcessEnv = {}): Promise<FixtureRun> {
  if (!existsSync(DIST_INDEX)) {
    throw new Error(`${DIST_INDEX} is missing: build the SDK first (npx tsc -b packages/sdk, or npm test which builds)`);
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, '..', 'fixtures', name), JSON.stringify(args)], {
      env: Object.assign({}, process.env, env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').reverse().find((l) => l.startsWith('RESULT '));
      resolve({ code, stdout, stderr, result: line === undefined ? undefined : JSON.parse(line.slice('RESULT '.length)) });
    });
  });
}
