/**
 * A one-line progress bar on a TTY (stderr), redrawn at most every 200 ms, and at once when
 * the label changes (a new pass), so every pass shows, however short.
 */
import type { Writable } from 'node:stream';

/** A progress display; `done()` clears it. */
export interface Progress {
  update(fraction: number, label: string): void;
  done(): void;
}

const WIDTH = 30;

/**
 * A bar on `out`, or a no-op when `enabled` is false.
 * @example const p = createProgress(process.stderr, process.stderr.isTTY); p.update(0.5, 'pass 2/2'); p.done();
 */
export function createProgress(out: Writable, enabled: boolean): Progress {
  if (!enabled) return { update: () => undefined, done: () => undefined };
  let last = 0;
  let lastLabel: string | undefined;
  let drawn = false;
  return {
    update(fraction, label) {
      const now = Date.now();
      if (now - last < 200 && label === lastLabel) return;
      last = now;
      lastLabel = label;
      const f = Math.max(0, Math.min(1, fraction));
      const filled = Math.round(f * WIDTH);
      out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(f * 100).toFixed(0).padStart(3)}% ${label}\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) out.write('\r\x1b[2K');
    },
  };
}
