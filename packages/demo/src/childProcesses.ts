import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A child process started by the demo, with a promise of its exit. */
export interface StartedChild {
  readonly name: string;
  readonly process: ChildProcess;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** The ready line's regular-expression match. */
  readonly ready: RegExpMatchArray;
  /** The whole ready line, as the child wrote it. */
  readonly readyLine: string;
  /** The last lines the child wrote (both streams), for error messages. */
  readonly recentOutput: () => string;
}

/** Options of {@link startChild}. */
export interface StartChildOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** A line matching this on `readyStream` means the child is ready. */
  readonly readyPattern: RegExp;
  readonly readyStream: 'stdout' | 'stderr';
  /** Give up (and kill the child) if it is not ready by then. */
  readonly timeoutMs: number;
  /** Called with each line the child writes after it is ready (e.g. to relay it). */
  readonly onLine?: (line: string) => void;
}

const KEEP_LINES = 20;

/**
 * Starts `node <script> ...args` and resolves once it writes a line matching `readyPattern`.
 * The child runs in its own process group so a terminal's Ctrl-C reaches only the demo, which
 * then stops the children in order (servers flush before the receiver closes).
 * Rejects, with the child's last output in the message, if it exits or times out first.
 * @example const c = await startChild('server-a', 'dist/cjs/server.js', [], { readyPattern: /listening on (\S+)/, readyStream: 'stdout', timeoutMs: 30000 });
 */
export function startChild(name: string, script: string, args: readonly string[], options: StartChildOptions): Promise<StartedChild> {
  const child = spawn(process.execPath, [script, ...args], {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const recent: string[] = [];
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (err) => resolve(`spawn error: ${err.message}`));
  });
  const recentOutput = (): string => recent.join('\n');
  return new Promise((resolve, reject) => {
    let ready = false;
    const timer = setTimeout(() => {
      if (ready) return;
      child.kill('SIGKILL');
      reject(new Error(`${name} was not ready within ${options.timeoutMs / 1000} s; its last output:\n${recentOutput()}`));
    }, options.timeoutMs);
    const watch = (stream: 'stdout' | 'stderr'): void => {
      const source = child[stream];
      if (!source) return;
      createInterface({ input: source, crlfDelay: Infinity }).on('line', (line) => {
        recent.push(line);
        if (recent.length > KEEP_LINES) recent.shift();
        if (ready) {
          options.onLine?.(line);
          return;
        }
        const match = stream === options.readyStream ? line.match(options.readyPattern) : null;
        if (match) {
          ready = true;
          clearTimeout(timer);
          resolve({ name, process: child, exited, ready: match, readyLine: line, recentOutput });
        }
      });
    };
    watch('stdout');
    watch('stderr');
    void exited.then((how) => {
      if (ready) return;
      clearTimeout(timer);
      reject(new Error(`${name} exited (${how}) before it was ready; its last output:\n${recentOutput()}`));
    });
  });
}

/**
 * Sends SIGTERM and waits for the child to exit; after `timeoutMs` it is killed (SIGKILL).
 * Resolves with how it exited and whether it had to be killed. Never rejects.
 * @example const { code, killed } = await stopChild(server, 10000);
 */
export async function stopChild(child: StartedChild, timeoutMs: number): Promise<{ code: number | string; killed: boolean }> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return { code: await child.exited, killed: false };
  child.process.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const first = await Promise.race([child.exited, timedOut]);
  clearTimeout(timer);
  if (first !== 'timeout') return { code: first, killed: false };
  child.process.kill('SIGKILL');
  return { code: await child.exited, killed: true };
}
