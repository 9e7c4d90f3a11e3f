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

/** A protobuf export of `count` records whose bodies are `${tag} ${i}` padded to ~200 bytes. */
function protobufBatch(tag: string, count: number): Buffer {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'early-ack' }),
    processors: [new SimpleLogRecordProcessor({ exporter: memory })],
  });
  const logger = provider.getLogger('test');
  for (let i = 0; i < count; i++) {
    logger.emit({ body: `${tag} ${i} ${'x'.repeat(180)}`, severityNumber: SeverityNumber.INFO, attributes: { i } });
  }
  return Buffer.from(ProtobufLogsSerializer.serializeRequest(memory.getFinishedLogRecords()) as Uint8Array);
}

function post(url: string, body: Buffer): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(`${url}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf', 'Content-Length': String(body.length) } }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
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
});
