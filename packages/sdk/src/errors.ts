/**
 * Thrown by setup calls (`init`, `setLevel`, `parseLevel`, option parsing) when a value cannot
 * be used. The message names the option, the value and how to fix it. Logging calls never
 * throw this, or anything else.
 * @example
 * try { init({ level: 'LOUD' }) } catch (e) { if (e instanceof ConfigError) console.error(e.message) }
 */
export class ConfigError extends Error {
  /** The option or environment variable that held the bad value, e.g. `level` or `MLOTEL_LEVEL`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super(`mlotel: ${option}: ${message}`);
    this.name = 'ConfigError';
    this.option = option;
  }
}
