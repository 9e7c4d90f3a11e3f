/**
 * The one-line human view of a log record shared by `collect` (stdout) and `tail`:
 * `time level service model@version logger message trace`. Colour only when asked (a TTY).
 * Every field comes from the sender, so each has its control characters escaped: one record
 * is always one line, and only our own colour codes reach the terminal.
 */
import { ATTR_ERROR_TYPE, ATTR_EXCEPTION_MESSAGE, RES_SERVICE_NAME } from '../semconv.js';
import { eventNameOf, findAttribute, modelOf, stringAttribute, timeMsOf, toPlain, type LogEntry } from '../read/otlpValues.js';
import { escapeControlCharacters } from './controlCharacters.js';
import { effectiveSeverity, levelNameOf } from './severity.js';

const MAX_MESSAGE = 300;

const COLOURS: Record<string, string> = {
  TRACE: '\x1b[90m',
  DEBUG: '\x1b[36m',
  INFO: '\x1b[32m',
  WARNING: '\x1b[33m',
  ERROR: '\x1b[31m',
  CRITICAL: '\x1b[1;31m',
};
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

function messageOf(entry: LogEntry): string {
  const body = toPlain(entry.record.body);
  let text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const event = eventNameOf(entry.record);
  // A failed prediction's body is only its input: without the error the line would not say
  // what went wrong. Put it first, so truncating a long input cannot hide it.
  const failure = event ? failureText(entry) : undefined;
  if (failure) text = text ? `${failure} ${text}` : failure;
  if (event) text = text ? `[${event}] ${text}` : `[${event}]`;
  // Escape before cutting, so the cut counts what is shown.
  text = escapeControlCharacters(text);
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text;
}

/** `failed (TypeError: x is NaN)` for an event record with an `error.type`, else undefined. */
function failureText(entry: LogEntry): string | undefined {
  const type = toPlain(findAttribute(entry.record.attributes, ATTR_ERROR_TYPE));
  if (type === undefined || type === null || type === '') return undefined;
  const message = toPlain(findAttribute(entry.record.attributes, ATTR_EXCEPTION_MESSAGE));
  return message === undefined || message === null || message === '' ? `failed (${String(type)})` : `failed (${String(type)}: ${String(message)})`;
}

/**
 * Formats a record as one readable line. Missing parts are shown as `-`; control characters
 * in any field as escapes (`\n`, `\x1b`, `\u2028`), so the line never breaks or drives the terminal.
 * @example formatRecordLine(entry, { colour: false })
 * // '2024-05-01T12:00:00.000Z INFO     iris-api iris@2 app.predict [ml.prediction] {"input":...} trace=4bf92f35'
 * // a failed prediction: '... ERROR    iris-api iris@2 app.predict [ml.prediction] failed (TypeError: x is NaN) {"input":...}'
 */
export function formatRecordLine(entry: LogEntry, options: { colour: boolean }): string {
  const ms = timeMsOf(entry.record);
  const time = ms === undefined ? '-' : new Date(ms).toISOString();
  const sev = effectiveSeverity(entry.record.severityNumber, entry.record.severityText);
  const level = escapeControlCharacters((entry.record.severityText || levelNameOf(sev) || '-').toUpperCase());
  const service = escapeControlCharacters(stringAttribute(entry, RES_SERVICE_NAME) ?? '-');
  const { name, version } = modelOf(entry);
  const model = name ? escapeControlCharacters(version ? `${name}@${version}` : name) : '-';
  const logger = escapeControlCharacters(entry.scope.name || '-');
  const trace = entry.record.traceId ? ` trace=${escapeControlCharacters(entry.record.traceId.slice(0, 8))}` : '';
  const levelCol = level.padEnd(8);
  if (!options.colour) return `${time} ${levelCol} ${service} ${model} ${logger} ${messageOf(entry)}${trace}`;
  const c = COLOURS[levelNameOf(sev) ?? ''] ?? '';
  return `${DIM}${time}${RESET} ${c}${levelCol}${RESET} ${service} ${model} ${DIM}${logger}${RESET} ${messageOf(entry)}${DIM}${trace}${RESET}`;
}
