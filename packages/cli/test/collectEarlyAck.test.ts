/**
 * Large batches are answered 200 once decoded and queued, before their line is written
 * (the sender builds its next batch meanwhile). What must still hold: lines appear in the
 * order the batches were answered, whatever their size, and SIGTERM right after the last
 * answer still writes every answered batch before the receiver exits.
 */
import { request } from 'node:http';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import type { LogsData } from '../src/otlp/types';
import { startChildReceiver } from './support/childReceiver';

/**
 * A protobuf export of `count` records whose bodies are `${tag} ${i}` padded to ~200 bytes;
 * every `mlEvery`-th record is an `ml.prediction` event when given.
 */
function protobufBatch(tag: string, count: number, mlEvery = 0): Buffer {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'early-ack' }),
    processors: [new SimpleLogRecordProcessor({ exporter: memory })],
  });
  const logger = provider.getLogger('test');
  for (let i = 0; i < count; i++) {
    const eventName = mlEvery > 0 && i % mlEvery === 0 ? 'ml.prediction' : undefined;
    logger.emit({ body: `${tag} ${i} ${'x'.repeat(180)}`, severityNumber: SeverityNumber.INFO, attributes: { i }, eventName });
  }
  return Buffer.from(ProtobufLogsSerializer.serializeRequest(memory.getFinishedLogRecords()) as Uint8Array);
}

function post(url: string, body: Buffer): Promise<number> {
  return postForReply(url, body).then((reply) => reply.status);
}

function postForReply(url: string, body: Buffer): Promise<{ status: number; body: Buffer }> {
  return new Promise((done, fail) => {
    const req = request(`${url}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf', 'Content-Length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

/** The tag of each line's first record, in file order. */
function lineTags(lines: LogsData[]): string[] {
  return lines.map((l) => String(l.resourceLogs![0]!.scopeLogs![0]!.logRecords![0]!.body!.stringValue).split(' ')[0]!);
}

describe('mlotel collect answering large batches before writing them', () => {
  it('writes every answered batch, in answer order, before exiting on SIGTERM', async () => {
    const receiver = await startChildReceiver(['--quiet']);
    // Large (early answer) and small (answered after writing) batches interleaved.
    const sizes = [1000, 3, 1000, 1000, 3, 1000, 1000, 1000];
    const batches = sizes.map((n, i) => ({ tag: `b${i}`, n, body: protobufBatch(`b${i}`, n) }));
    expect(batches[0]!.body.length).toBeGreaterThan(64 * 1024);
    expect(batches[1]!.body.length).toBeLessThan(64 * 1024);
    for (const b of batches) expect(await post(receiver.url, b.body)).toBe(200);
    // No waiting: the receiver is stopped right after the last 200.
    expect(await receiver.stop()).toBe(0);

    const lines = receiver.lines('logs.jsonl') as LogsData[];
    expect(lineTags(lines)).toEqual(batches.map((b) => b.tag));
    lines.forEach((line, i) => expect(line.resourceLogs![0]!.scopeLogs![0]!.logRecords).toHaveLength(sizes[i]!));
    expect(receiver.stderr()).toMatch(/stopped \(8 batches, 6006 log records/);
  });

  it('flushes batches still queued for writing when SIGTERM arrives right after their 200s', async () => {
    const receiver = await startChildReceiver(['--quiet']);
    const batches = Array.from({ length: 12 }, (_, i) => ({ tag: `c${i}`, body: protobufBatch(`c${i}`, 2000) }));
    // All in flight at once, so several are answered while earlier ones still wait to be written.
    const statuses = await Promise.all(batches.map((b) => post(receiver.url, b.body)));
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(await receiver.stop()).toBe(0);

    const lines = receiver.lines('logs.jsonl') as LogsData[];
    expect(lineTags(lines).sort()).toEqual(batches.map((b) => b.tag).sort());
    expect(receiver.stderr()).toMatch(/stopped \(12 batches, 24000 log records/);
  });

  it('answers large bodies on the validating walk: malformed ones still get the decoder 400, ML events still reach ml-events.jsonl', async () => {
    const receiver = await startChildReceiver(['--quiet']);
    const good = protobufBatch('m0', 1000, 10);
    expect(good.length).toBeGreaterThan(64 * 1024);
    // A large body, well-formed protobuf, with one record whose trace id is 3 bytes: refused
    // by the decoder's id rule (two concatenated requests are one request with both lists).
    const shortTraceId = Buffer.from([0x4a, 0x03, 1, 2, 3]); // LogRecord field 9, 3 bytes
    const bad = Buffer.concat([protobufBatch('bad', 1000), lenPrefixed(0x0a, lenPrefixed(0x12, lenPrefixed(0x12, shortTraceId)))]);
    expect(bad.length).toBeGreaterThan(64 * 1024);

    expect(await post(receiver.url, good)).toBe(200);
    const refused = await postForReply(receiver.url, bad);
    expect(refused.status).toBe(400);
    expect(refused.body.toString('latin1')).toMatch(/LogRecord\.trace_id must be 16 bytes, got 3/);
    expect(await receiver.stop()).toBe(0);

    const logs = receiver.lines('logs.jsonl') as LogsData[];
    expect(lineTags(logs)).toEqual(['m0']);
    const ml = receiver.lines('ml-events.jsonl') as LogsData[];
    expect(ml).toHaveLength(1);
    expect(ml[0]!.resourceLogs![0]!.scopeLogs![0]!.logRecords).toHaveLength(100);
    expect(receiver.stderr()).toMatch(/stopped \(1 batches, 1000 log records, 0 spans, 1 rejected\)/);
  });
});

/** A length-delimited field: tag byte, one-or-more-byte varint length, payload. */
function lenPrefixed(tagByte: number, payload: Buffer): Buffer {
  const len: number[] = [];
  let n = payload.length;
  while (n >= 0x80) {
    len.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  len.push(n);
  return Buffer.concat([Buffer.from([tagByte, ...len]), payload]);
}
