/**
 * Parses an OTLP/HTTP JSON body without losing 64-bit integers. `JSON.parse` turns every
 * number into a double, so an integer beyond 2^53 written as a JSON number (every present-day
 * `timeUnixNano` in nanoseconds, when a sender writes numbers rather than strings) comes out
 * rounded. Here such a literal is kept as its text, in a marker object that only the JSON
 * decoder reads (`int64` fields take its digits exactly, a `doubleValue` takes its value as
 * a double, any other field refuses it as the wrong type). Bodies without such a literal,
 * nearly all of them, go straight to `JSON.parse`.
 */
import { MAX_JSON_CONTAINERS, tooManyJsonContainers } from './limits.js';
import { InvalidRequestError } from './types.js';

/** The marker's only key; a NUL-prefixed name no OTLP field has. */
const EXACT_INTEGER_KEY = '\u0000mlotel.exactInteger';
const MARKER_HEAD = `{${JSON.stringify(EXACT_INTEGER_KEY)}:"`;

/**
 * A cheap first look: a run of 16+ digits right after `:`, `,` or `[` may be a number
 * literal beyond 2^53. Matches inside strings too; the exact scan sorts those out.
 */
const MAYBE_LARGE_INTEGER = /[:,[]\s*-?\d{16}/;

const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER);

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Whether the digits `text[start, end)` (no leading zero) exceed 2^53 - 1. */
function beyondSafe(text: string, start: number, end: number): boolean {
  const n = end - start;
  if (n !== MAX_SAFE_DIGITS.length) return n > MAX_SAFE_DIGITS.length;
  return text.slice(start, end) > MAX_SAFE_DIGITS;
}

/**
 * `{` and `[` anywhere in `text`, counted up to `limit + 1`: an upper bound of the objects and
 * arrays (strings may hold brackets too), found by the native `indexOf`.
 */
function bracketsAtMost(text: string, limit: number): number {
  let n = 0;
  for (let i = text.indexOf('{'); i >= 0 && n <= limit; i = text.indexOf('{', i + 1)) n++;
  for (let i = text.indexOf('['); i >= 0 && n <= limit; i = text.indexOf('[', i + 1)) n++;
  return n;
}

/** What {@link scan} finds outside strings. */
interface Scan {
  /** Objects and arrays. */
  containers: number;
  /**
   * Offsets `[start, end)` (flat pairs) of the integer literals beyond 2^53 - 1. Only
   * well-formed integers are listed (no fraction or exponent, no leading zero), so rewriting
   * them cannot make invalid JSON valid.
   */
  spans: number[];
}

function scan(text: string): Scan {
  const spans: number[] = [];
  let containers = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
      i++;
    } else if (c === 0x7b || c === 0x5b) {
      containers++;
      i++;
    } else if (c === 0x2d || isDigit(c)) {
      const start = i;
      if (c === 0x2d) i++;
      const digits = i;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      const end = i;
      // A fraction or an exponent makes it a double: JSON.parse's value is the right one.
      let integer = true;
      for (let d = text.charCodeAt(i); d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === 0x2d || isDigit(d); d = text.charCodeAt(++i)) {
        integer = false;
      }
      if (integer && end - digits >= 16 && text.charCodeAt(digits) !== 0x30 && beyondSafe(text, digits, end)) spans.push(start, end);
    } else i++;
  }
  return { containers, spans };
}

/**
 * Parses an OTLP JSON body (UTF-8) like `JSON.parse`, except that integer literals beyond
 * 2^53 keep their exact digits (see {@link exactIntegerText}; the JSON decoders read them),
 * and that a body of more than {@link MAX_JSON_CONTAINERS} objects and arrays is refused
 * before anything is built.
 * @throws InvalidRequestError `malformed JSON: ...` when the body is not JSON; a 413
 *   `BodyError` over {@link MAX_JSON_CONTAINERS}.
 * @example decodeLogsJson(parseOtlpJson(Buffer.from('{"resourceLogs":[]}')))
 */
export function parseOtlpJson(body: Buffer | string): unknown {
  let text = typeof body === 'string' ? body : body.toString('utf8');
  const crowded = bracketsAtMost(text, MAX_JSON_CONTAINERS) > MAX_JSON_CONTAINERS;
  if (crowded || MAYBE_LARGE_INTEGER.test(text)) {
    const { containers, spans } = scan(text);
    if (containers > MAX_JSON_CONTAINERS) throw tooManyJsonContainers();
    if (spans.length > 0) {
      const parts: string[] = [];
      let at = 0;
      for (let k = 0; k < spans.length; k += 2) {
        const start = spans[k] as number;
        const end = spans[k + 1] as number;
        parts.push(text.slice(at, start), MARKER_HEAD, text.slice(start, end), '"}');
        at = end;
      }
      parts.push(text.slice(at));
      text = parts.join('');
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InvalidRequestError(`malformed JSON: ${(err as Error).message}`);
  }
}

/**
 * The digits of an integer literal beyond 2^53 that {@link parseOtlpJson} kept, when `v` is
 * its marker; `undefined` for anything else.
 * @example exactIntegerText((parseOtlpJson('[18446744073709551615]') as unknown[])[0]) // '18446744073709551615'
 */
export function exactIntegerText(v: object): string | undefined {
  const text = (v as Record<string, unknown>)[EXACT_INTEGER_KEY];
  return typeof text === 'string' ? text : undefined;
}
