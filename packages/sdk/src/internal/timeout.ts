import { reportInternalError } from './runtime.js';

/**
 * Waits for `work` at most `ms`, then resolves anyway; never rejects. A failure or a timeout
 * (the OTel SDK's own TimeoutError included) is reported to the diag logger under `what`.
 * The timer is unref'd so it never keeps the process alive.
 * @internal
 */
export function withTimeout(work: Promise<unknown>, ms: number, what: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      reportInternalError(`${what} (timed out after ${ms} ms)`, new Error('the collector did not answer in time'));
      resolve();
    }, ms);
    timer.unref();
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reportInternalError(what, error);
        resolve();
      },
    );
  });
}
