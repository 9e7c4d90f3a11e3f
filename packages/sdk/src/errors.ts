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
    const name = optionText(option);
    super(`mlotel: ${name}: ${message}`);
    this.name = 'ConfigError';
    this.option = name;
  }
}

/** The option name as text, even when a caller passed a Symbol or a hostile object as the name. */
function optionText(option: unknown): string {
  let text: string;
  try {
    text = typeof option === 'string' ? option : String(option);
  } catch {
    return 'option';
  }
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}
