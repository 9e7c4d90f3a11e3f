/**
 * A real `mlotel collect` against amplification: an 8 MB body of millions of empty attributes
 * (2 bytes each in protobuf, 3 in JSON, but a `{"key":"","value":{}}` each in the line) is
 * refused with 413, writes nothing, keeps the receiver's peak memory bounded, and the next
 * valid export is served and written.
 */
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { startChildReceiver, type ChildReceiver } from './support/childReceiver';
import { lenField, varint } from './support/protobufWriter';

function post(url: string, body: Buffer, contentType: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request(`${url}/v1/logs`, { method: 'POST', headers: { 'Content-Type': contentType, 'Content-Length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('latin1') }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

/** ExportLogsServiceRequest > ResourceLogs > ScopeLogs > one LogRecord of `count` empty attributes (field 6, length 0). */
function emptyAttributesProtobuf(count: number): Buffer {
  const attributes = Buffer.alloc(count * 2);
  for (let i = 0; i < attributes.length; i += 2) attributes[i] = (6 << 3) | 2;
  return lenField(1, lenField(2, lenField(2, attributes)));
}

/** The same attack as JSON, as many `{}` attributes as fit in `maxBytes`. */
function emptyAttributesJson(maxBytes: number): Buffer {
  const head = '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[{}';
  const tail = ']}]}]}]}';
  const count = Math.floor((maxBytes - head.length - tail.length) / 3);
  return Buffer.from(`${head}${',{}'.repeat(count)}${tail}`);
}

function validBatch(message: string): Buffer {
  return Buffer.from(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ severityNumber: 9, body: { stringValue: message } }] }] }] }));
}

/** Peak resident set of a process (kernel's high-water mark), in bytes. */
function peakRss(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m?.[1]) throw new Error('no VmHWM in /proc status');
  return Number(m[1]) * 1024;
}

const MB = 1024 * 1024;

describe('mlotel collect under an amplification attack', () => {
  let receiver: ChildReceiver | undefined;
  afterEach(async () => {
    await receiver?.stop();
    receiver = undefined;
  });

  it.each([
    ['4 million empty protobuf attributes, --quiet (walk, fast path, decoder)', ['--quiet'], 'application/x-protobuf', () => emptyAttributesProtobuf(4_000_000)],
    ['4 million empty protobuf attributes, printing (decoder)', [], 'application/x-protobuf', () => emptyAttributesProtobuf(4_000_000)],
    ['2.8 million empty JSON attributes', ['--quiet'], 'application/json', () => emptyAttributesJson(8 * MB)],
  ])('answers 413 to %s, writes nothing, stays under 256 MB and serves the next export', async (_name, args, type, build) => {
    receiver = await startChildReceiver(args);
    const attack = build();
    expect(attack.length).toBeLessThanOrEqual(8 * MB);
    const reply = await post(receiver.url, attack, type);
    // Small bodies are answered once written, in order: by then any work the attack caused is done.
    const ok = await post(receiver.url, validBatch('after the attack'), 'application/json');
    const peak = peakRss(receiver.child.pid as number);
    expect(reply.status).toBe(413);
    expect(reply.body).toMatch(/more than 1048576 (elements|objects and arrays)/);
    expect(peak).toBeLessThan(256 * MB);
    expect(ok.status).toBe(200);
    const lines = receiver.lines('logs.jsonl');
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines[0])).toContain('after the attack');
  });
});
