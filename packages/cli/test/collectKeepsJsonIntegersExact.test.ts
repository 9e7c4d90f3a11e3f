/**
 * A real `mlotel collect` receiving OTLP JSON with 64-bit integers written as JSON numbers:
 * the line in logs.jsonl carries them digit for digit, and a `doubleValue` beyond the double
 * range is answered 400 and never written (as `null` or otherwise).
 */
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startChildReceiver, type ChildReceiver } from './support/childReceiver';

function post(url: string, path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request(`${url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

describe('mlotel collect with integers beyond 2^53 as JSON numbers', () => {
  let receiver: ChildReceiver;
  beforeAll(async () => {
    receiver = await startChildReceiver(['--quiet']);
  });
  afterAll(async () => {
    await receiver?.stop();
  });

  it('writes timeUnixNano, observedTimeUnixNano and intValue digit for digit', async () => {
    const body =
      '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":1714560000123456789,"observedTimeUnixNano":1714560000987654321,' +
      '"body":{"intValue":-9223372036854775807},"attributes":[{"key":"n","value":{"intValue":9007199254740993}}]}]}]}]}';
    expect((await post(receiver.url, '/v1/logs', body)).status).toBe(200);
    const text = readFileSync(join(receiver.dir, 'logs.jsonl'), 'utf8');
    expect(text).toContain('"timeUnixNano":"1714560000123456789"');
    expect(text).toContain('"observedTimeUnixNano":"1714560000987654321"');
    expect(text).toContain('"intValue":"-9223372036854775807"');
    expect(text).toContain('"intValue":"9007199254740993"');
  });

  it('writes span times digit for digit', async () => {
    const body = '{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"s","startTimeUnixNano":1714560000123456789,"endTimeUnixNano":1714560000987654321}]}]}]}';
    expect((await post(receiver.url, '/v1/traces', body)).status).toBe(200);
    const text = readFileSync(join(receiver.dir, 'traces.jsonl'), 'utf8');
    expect(text).toContain('"startTimeUnixNano":"1714560000123456789","endTimeUnixNano":"1714560000987654321"');
  });

  it('answers 400 to a doubleValue beyond the double range and writes nothing for it', async () => {
    const before = readFileSync(join(receiver.dir, 'logs.jsonl'), 'utf8');
    const reply = await post(receiver.url, '/v1/logs', '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"doubleValue":1e400}}]}]}]}');
    expect(reply.status).toBe(400);
    expect(reply.body).toMatch(/doubleValue: expected a number within the double range/);
    const after = readFileSync(join(receiver.dir, 'logs.jsonl'), 'utf8');
    expect(after).toBe(before);
    expect(after).not.toContain('null');
  });
});
