import { ConfigError } from '../errors.js';

/** Longest string quoted in a setup error message; the rest is cut with an ellipsis. */
const MAX_QUOTED = 80;

/**
 * Describes any value for a setup error message: a quoted (and cut) string, a number, `10n`,
 * `Symbol(x)`, `null`, `a function`, `an array`, `an object`. Never throws, whatever it is given
 * (revoked Proxies, throwing `toString`/`toJSON`, circular objects): building the message of a
 * {@link ConfigError} must not itself fail (docs/reliability.md, F2).
 * @example describeValue(Symbol('x')) // 'Symbol(x)'; describeValue(10n) // '10n'
 * @internal
 */
export function describeValue(value: unknown): string {
  try {
    switch (typeof value) {
      case 'string':
        return JSON.stringify(value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}...` : value) + (value.length > MAX_QUOTED ? ` (${value.length} characters)` : '');
      case 'number':
      case 'boolean':
      case 'undefined':
        return String(value);
      case 'bigint':
        return `${BigInt.prototype.toString.call(value)}n`;
      case 'symbol':
        return `Symbol(${Symbol.prototype.toString.call(value).slice(7, -1).slice(0, MAX_QUOTED)})`;
      case 'function':
        return 'a function';
      default:
        if (value === null) return 'null';
        // Array.isArray throws for a revoked Proxy: caught below.
        return Array.isArray(value) ? 'an array' : 'an object';
    }
  } catch {
    return 'an unreadable value';
  }
}

/**
 * Runs a setup step that reads a user value, turning anything it throws other than a
 * {@link ConfigError} (a getter or Proxy trap that throws, a revoked Proxy) into a ConfigError
 * naming `option` and `fix`. Setup calls only: never on the log path.
 * @example readSetupValue('payload', 'pass a plain object like { mode: "summary" }', () => resolve(user))
 * @internal
 */
export function readSetupValue<T>(option: string, fix: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(option, `could not be read (${errorText(error)}); ${fix}`);
  }
}

function errorText(error: unknown): string {
  try {
    if (error instanceof Error) return `${String(error.name)}: ${String(error.message)}`.slice(0, 200);
  } catch {
    // a hostile Error subclass: fall through to the generic description
  }
  return `threw ${describeValue(error)}`;
}
