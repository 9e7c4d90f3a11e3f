import { diag } from '@opentelemetry/api';
import { processState } from './processState.js';

/** Keys already warned about, one set per process (every copy of mlotel shares it). */
const warned = processState('setupWarnings', () => new Set<string>());

/**
 * Tells the app, once per process and key, about a setup that works but not as the app may
 * think: records going to another pipeline than the one it set up, options with no effect.
 * Written on stderr (a setup mistake must not need a diag logger to be seen) and to the OTel
 * diag logger at warn level. Never throws.
 * @example warnSetupOnce('ignored-options', 'init() options endpoint, batch have no effect ...')
 * @internal
 */
export function warnSetupOnce(key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  const text = `mlotel: ${message}`;
  try {
    diag.warn(text);
  } catch {
    // diag is user-configurable; a broken diag logger must not reach the app.
  }
  try {
    process.stderr.write(`${text}\n`);
  } catch {
    // stderr closed: the diag logger had its chance.
  }
}

/** Forgets what was warned about, so a test can see a warning again. @internal */
export function resetSetupWarnings(): void {
  warned.clear();
}
