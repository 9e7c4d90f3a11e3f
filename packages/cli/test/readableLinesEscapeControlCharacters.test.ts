/**
 * Readable output (`mlotel collect`'s record lines and `mlotel tail`) shows control characters
 * of any field as escapes: a sender cannot forge extra lines or send escape sequences to the
 * terminal. `tail --json` stays JSON with the exact values.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createRecordPrinter } from '../src/collect/recordPrinter';
import { formatRecordLine } from '../src/format/recordLine';
import type { LogEntry } from '../src/read/otlpValues';
import type { LogsData } from '../src/otlp/types';
import { BIN, requireBuiltCli } from './support/childReceiver';

/** Every character a terminal may act on: C0, DEL, C1, line/paragraph separators, bidi controls. */
const DANGEROUS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function entry(text: string): LogEntry {
  return {
    resource: { attributes: [{ key: 'service.name', value: { stringValue: `svc${text}` } }] },
    scope: { name: `scope${text}` },
    record: {
      timeUnixNano: '1714560000000000000',
      severityText: `info${text}`,
      body: { stringValue: `body${text}` },
      traceId: `4bf9${text}`,
      eventName: `ml.prediction${text}`,
      attributes: [
        { key: 'ml.model.name', value: { stringValue: `iris${text}` } },
        { key: 'ml.model.version', value: { stringValue: `2${text}` } },
        { key: 'error.type', value: { stringValue: `TypeError${text}` } },
        { key: 'exception.message', value: { stringValue: `bad${text}` } },
      ],
    },
  };
}

const FORGED = '\n2024-05-01T12:00:00.000Z CRITICAL bank-api - - transfer approved\x1b]0;pwned\x07\x1b[2J\r\u2028\u202e';

describe('formatRecordLine', () => {
  // C0, DEL, C1, the Arabic letter mark, LRM/RLM, line/paragraph separators, bidi embeddings and isolates.
  it.each([
    ...['\\n', '\\r', '\\t', '\\x00', '\\x07', '\\x1b', '\\x7f', '\\x85', '\\x9b'],
    ...['\\u061c', '\\u200e', '\\u200f', '\\u2028', '\\u2029', '\\u202a', '\\u202e', '\\u2066', '\\u2069'],
  ])('shows the character written %s as that escape in every field', (escape) => {
    const char = JSON.parse(`"${escape.replace('\\x', '\\u00')}"`) as string;
    for (const colour of [false, true]) {
      const line = formatRecordLine(entry(char), { colour });
      // Colour codes are the printer's own: what is left must hold no control character.
      expect(line.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(DANGEROUS);
      // service, model, version, scope, severity, message (event, error type, message, body), trace
      const shown = line.split(escape).length - 1;
      expect(shown).toBeGreaterThanOrEqual(9);
    }
  });

  it('keeps printable text as it is', () => {
    const text = ' é 日本 🙂 C:\\path "q"';
    expect(formatRecordLine(entry(text), { colour: false })).toContain(`body${text}`);
  });
});

describe('collect record printer', () => {
  function printed(batch: LogsData, colour: boolean): string {
    const out = new PassThrough();
    let text = '';
    out.setEncoding('utf8').on('data', (d: string) => (text += d));
    createRecordPrinter(out, colour).print(batch);
    return text;
  }
  const batchOf = (e: LogEntry): LogsData => ({ resourceLogs: [{ resource: e.resource, scopeLogs: [{ scope: e.scope, logRecords: [e.record] }] }] });

  it('prints one line per record, whatever the fields hold', () => {
    const text = printed(batchOf(entry(FORGED)), false);
    expect(text.split('\n')).toHaveLength(2);
    expect(text.slice(0, -1)).not.toMatch(DANGEROUS);
  });

  it('sends the terminal only its own colour codes', () => {
    const escapes = (t: string) => t.split('\x1b').length - 1;
    expect(escapes(printed(batchOf(entry(FORGED)), true))).toBe(escapes(printed(batchOf(entry('plain')), true)));
  });
});

describe('mlotel tail', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlotel-escape-'));
  const file = join(dir, 'logs.jsonl');
  const e = entry(FORGED);
  beforeAll(() => {
    requireBuiltCli();
    writeFileSync(file, `${JSON.stringify({ resourceLogs: [{ resource: e.resource, scopeLogs: [{ scope: e.scope, logRecords: [e.record] }] }] })}\n`);
  });
  const tail = (...args: string[]) => spawnSync(process.execPath, [BIN, 'tail', ...args, file], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 });

  it('prints one readable line with the control characters escaped', () => {
    const r = tail();
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(2);
    expect(r.stdout.slice(0, -1)).not.toMatch(DANGEROUS);
    expect(r.stdout).toContain(' svc\\n2024-05-01T12:00:00.000Z CRITICAL bank-api - - transfer approved\\x1b]0;pwned\\x07\\x1b[2J\\r\\u2028\\u202e');
  });

  it('keeps --json output as JSON with the exact values', () => {
    const r = tail('--json');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toHaveLength(2);
    const flat = JSON.parse(r.stdout) as { service: string; logger: string; body: string; level: string };
    expect([flat.service, flat.logger, flat.body, flat.level]).toEqual([`svc${FORGED}`, `scope${FORGED}`, `body${FORGED}`, `info${FORGED}`]);
  });
});
