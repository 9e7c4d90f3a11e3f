import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const SDK_DIST = path.join(ROOT, 'packages', 'sdk', 'dist', 'cjs', 'index.js');

/** What the SDK's stats() said: the SDK's own type, so the fault tests follow its fields. */
import type { Stats } from '@mlotel/sdk';
export type { Stats };

/** Every reply of the fixture carries these besides the step's own result. */
export interface Reply<T = any> {
  result: T;
  stats: Stats | undefined;
  rss: number;
  rssPeak: number;
  seen: { unhandledRejections: string[]; uncaughtExceptions: string[] };
}

/** Result of an `emit` step. */
export interface EmitResult {
  threw: number;
  firstThrow?: string;
  longestCallNs: number;
}

/** Result of a `flush` / `shutdown` step: how long it took and whether it rejected. */
export interface TimedResult {
  ms: number;
  rejected?: string;
  /** flushStorm only: how many of its forceFlush() promises rejected. */
  rejectedFlushes?: number;
}

/** A running `fixtures/<name>` process (an app using the built SDK), driven step by step over IPC. */
export interface AppProcess {
  send<T = any>(op: string, fields?: Record<string, unknown>): Promise<Reply<T>>;
  /** Resolves with the exit code and everything printed on stdout once the process has exited. */
  readonly exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
  kill(): void;
}

/** Starts the fixture and waits for it to be ready. Fails fast when the SDK is not built. */
export async function startApp(fixture = 'sdkProcess.js', args: string[] = []): Promise<AppProcess> {
  if (!existsSync(SDK_DIST)) {
    throw new Error(`${SDK_DIST} is missing: build first (npx tsc -b packages/sdk, or npm test, which builds)`);
  }
  const child: ChildProcess = fork(path.join(__dirname, '..', 'fixtures', fixture), args, {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: ['--expose-gc'],
    serialization: 'json',
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => { stdout += chunk.toString('utf8'); });
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString('utf8'); });
  const pending = new Map<number, (reply: Reply) => void>();
  let nextId = 1;
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (message: any) => {
      if (message && message.ready) resolve();
      else if (message && pending.has(message.id)) {
        const done = pending.get(message.id)!;
        pending.delete(message.id);
        done(message as Reply);
      }
    });
    void exited.then(({ code }) => reject(new Error(`fixture exited (${code}) before it was ready: ${stderr}`)));
  });
  return {
    send: (op, fields = {}) => new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, resolve as (reply: Reply) => void);
      void exited.then(({ code }) => {
        if (pending.delete(id)) reject(new Error(`fixture exited (${code}) during '${op}': ${stderr}`));
      });
      child.send({ id, op, ...fields });
    }),
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Batch settings that make the fault cases quick: small batches, a short timer. */
export function quickBatch(overrides: Record<string, number> = {}): Record<string, number> {
  return { maxExportBatchSize: 512, maxQueueSize: 32768, scheduledDelayMillis: 50, exportTimeoutMillis: 10_000, ...overrides };
}
