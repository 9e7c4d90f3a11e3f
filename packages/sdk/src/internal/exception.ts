import { ATTR_EXCEPTION_MESSAGE, ATTR_EXCEPTION_STACKTRACE, ATTR_EXCEPTION_TYPE } from '../semconv.js';
import { LIMITS, truncateString } from './limits.js';
import { safeString, sanitizeValue } from './sanitize.js';

/** How many `cause` links are followed into the stacktrace. */
const MAX_CAUSES = 8;
/** Characters kept of exception.stacktrace (stacks with causes get long). */
const MAX_STACK_LENGTH = 32768;

/**
 * Writes the OTel exception attributes for a thrown value into `out`: `exception.type` (the
 * error's name, else its class, else `typeof`), `exception.message` (when non-empty) and
 * `exception.stacktrace` with the `cause` chain appended as "Caused by: ..." sections.
 * Accepts anything that can be thrown; never throws.
 * @example exceptionAttributes(new Error('boom', { cause: e }), attrs)
 * @internal
 */
export function exceptionAttributes(thrown: unknown, out: Record<string, unknown>): void {
  try {
    if (thrown !== null && typeof thrown === 'object') {
      const error = thrown as { name?: unknown; message?: unknown; stack?: unknown };
      out[ATTR_EXCEPTION_TYPE] = errorType(thrown);
      const message = safeString(() => error.message);
      if (message !== '') out[ATTR_EXCEPTION_MESSAGE] = clip(message, LIMITS.maxStringLength);
      const stack = stacktraceWithCauses(thrown);
      if (stack !== '') out[ATTR_EXCEPTION_STACKTRACE] = clip(stack, MAX_STACK_LENGTH);
      return;
    }
    out[ATTR_EXCEPTION_TYPE] = thrown === null ? 'null' : typeof thrown;
    if (thrown === undefined || thrown === null) return;
    const text = sanitizeValue(thrown);
    const message = typeof text === 'string' ? text : safeString(() => String(thrown));
    if (message !== '') out[ATTR_EXCEPTION_MESSAGE] = message;
  } catch {
    out[ATTR_EXCEPTION_TYPE] = 'unknown';
  }
}

/** Whether a value looks like an Error (real Errors, and error-shaped objects from other realms). */
export function isErrorLike(value: unknown): value is Error {
  if (value === null || typeof value !== 'object') return false;
  try {
    if (value instanceof Error) return true;
    const candidate = value as { message?: unknown; stack?: unknown };
    return typeof candidate.message === 'string' && typeof candidate.stack === 'string';
  } catch {
    return false;
  }
}

function errorType(error: object): string {
  const name = safeString(() => (error as { name?: unknown }).name);
  if (name !== '' && name !== 'Error') return name;
  const ctor = safeString(() => (error as { constructor?: { name?: unknown } }).constructor?.name);
  return ctor !== '' && ctor !== 'Object' ? ctor : name || 'Error';
}

function stacktraceWithCauses(error: object): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  for (let i = 0; i <= MAX_CAUSES && current !== undefined && current !== null; i++) {
    if (seen.has(current)) {
      parts.push('Caused by: [Circular]');
      break;
    }
    seen.add(current);
    const text = describe(current);
    parts.push(i === 0 ? text : `Caused by: ${text}`);
    current = typeof current === 'object' ? safeRead(current, 'cause') : undefined;
  }
  return parts.join('\n');
}

function describe(value: unknown): string {
  if (value !== null && typeof value === 'object') {
    const stack = safeString(() => (value as { stack?: unknown }).stack);
    if (stack !== '') return stack;
    const name = safeString(() => (value as { name?: unknown }).name);
    const message = safeString(() => (value as { message?: unknown }).message);
    if (name !== '' || message !== '') return message ? `${name || 'Error'}: ${message}` : name;
  }
  const text = sanitizeValue(value);
  return typeof text === 'string' ? text : safeString(() => JSON.stringify(text));
}

function safeRead(object: object, key: string): unknown {
  try {
    return (object as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : truncateString(text, max);
}
