import { hrTimeToMilliseconds, ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import {
  ATTR_EVENT_NAME,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_STACKTRACE,
  ATTR_EXCEPTION_TYPE,
  ATTR_ML_MODEL_NAME,
  ATTR_ML_MODEL_VERSION,
} from '../semconv.js';

/** Where the console exporter writes: stdout by default, any writable with `write` in tests. */
export interface ConsoleDestination {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Options of {@link HumanConsoleExporter}. */
export interface ConsoleExporterOptions {
  /** Default `process.stdout`. */
  destination?: ConsoleDestination;
  /** Default: only when the destination is a TTY and `NO_COLOR` is not set. */
  colour?: boolean;
}

const RESET = '\u001b[0m';
const DIM = '\u001b[2m';
const CYAN = '\u001b[36m';
// By OTel severity range: TRACE/UNSPECIFIED, DEBUG, INFO, WARN, ERROR, FATAL.
const LEVEL_COLOUR = ['\u001b[2m', '\u001b[34m', '\u001b[32m', '\u001b[33m', '\u001b[31m', '\u001b[1;35m'];

// Shown in their own place on the line, so not repeated among the attributes.
const SHOWN_ELSEWHERE = new Set([ATTR_ML_MODEL_NAME, ATTR_ML_MODEL_VERSION, ATTR_EVENT_NAME, ATTR_EXCEPTION_STACKTRACE]);

/**
 * An exporter for humans: one line per record,
 * `time LEVEL logger model@version message key=value ... trace=<id>`, coloured by level only
 * on a TTY. The exception stacktrace is left out to keep one line per record (type and
 * message stay). Never throws.
 * @example new HumanConsoleExporter({ destination: process.stderr })
 */
export class HumanConsoleExporter implements LogRecordExporter {
  private readonly destination: ConsoleDestination;
  private readonly colour: boolean;

  constructor(options: ConsoleExporterOptions = {}) {
    this.destination = options.destination ?? process.stdout;
    this.colour = options.colour ?? (this.destination.isTTY === true && !process.env.NO_COLOR);
  }

  export(logs: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    try {
      let text = '';
      for (const record of logs) text += formatLine(record, this.colour) + '\n';
      this.destination.write(text);
      resultCallback({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      resultCallback({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * One console line for a record (without the newline).
 * @example formatLine(record, false) // '2026-01-01T00:00:00.000Z INFO     demo.scoring iris@v1 scored rows=3'
 */
export function formatLine(record: ReadableLogRecord, colour: boolean): string {
  const time = new Date(hrTimeToMilliseconds(record.hrTime)).toISOString();
  const level = (record.severityText ?? 'UNSPECIFIED').padEnd(8);
  const severity = record.severityNumber ?? 0;
  const band = severity > 0 ? Math.min(5, Math.floor((severity - 1) / 4)) : 0;
  const attributes = record.attributes;
  let line = colour ? `${DIM}${time}${RESET} ${LEVEL_COLOUR[band]}${level}${RESET} ${CYAN}${record.instrumentationScope.name}${RESET}`
    : `${time} ${level} ${record.instrumentationScope.name}`;
  const model = attributes[ATTR_ML_MODEL_NAME];
  if (model !== undefined) {
    const version = attributes[ATTR_ML_MODEL_VERSION];
    line += ` ${String(model)}${version !== undefined ? `@${String(version)}` : ''}`;
  }
  if (record.eventName) line += ` [${record.eventName}]`;
  const body = record.body;
  if (body !== undefined && body !== '') line += ' ' + (typeof body === 'string' ? oneLine(body) : toText(body));
  for (const key of Object.keys(attributes)) {
    if (SHOWN_ELSEWHERE.has(key)) continue;
    const value = attributes[key];
    const text = key === ATTR_EXCEPTION_TYPE || key === ATTR_EXCEPTION_MESSAGE || typeof value === 'string' ? quoteIfNeeded(String(value)) : toText(value);
    line += colour ? ` ${DIM}${key}=${RESET}${text}` : ` ${key}=${text}`;
  }
  const trace = record.spanContext;
  if (trace !== undefined) line += colour ? ` ${DIM}trace=${trace.traceId} span=${trace.spanId}${RESET}` : ` trace=${trace.traceId} span=${trace.spanId}`;
  return line;
}

function toText(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_key, item: unknown) => (item instanceof Uint8Array ? `<${item.length} bytes>` : item));
    return text === undefined ? String(value) : text;
  } catch {
    return String(value);
  }
}

function oneLine(text: string): string {
  return text.includes('\n') ? text.replace(/\r?\n/g, '\\n') : text;
}

function quoteIfNeeded(text: string): string {
  return /[\s"=]/.test(text) || text === '' ? JSON.stringify(text) : text;
}
