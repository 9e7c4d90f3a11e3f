/**
 * `startCollector({ quiet: true })` over real loopback HTTP with protobuf logs, where the
 * receiver builds lines on its fast path: the file holds exactly the reference line, and ML
 * events still reach ml-events.jsonl.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { startCollector, type RunningCollector } from '../src/collect/collector';
import { decodeLogsProtobuf } from '../src/otlp/decodeProtobuf';

function protobufBody(records: Array<{ body: string; eventName?: string; attributes?: Record<string, string> }>): Buffer {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'svc' }),
    processors: [new SimpleLogRecordProcessor({ exporter: memory })],
  });
  const logger = provider.getLogger('quiet.test');
  for (const r of records) logger.emit({ severityNumber: SeverityNumber.INFO, ...r });
  return Buffer.from(ProtobufLogsSerializer.serializeRequest(memory.getFinishedLogRecords()) as Uint8Array);
}

async function post(url: string, body: Buffer): Promise<number> {
  const res = await fetch(`${url}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body });
  await res.arrayBuffer();
  return res.status;
}

describe('mlotel collect --quiet with protobuf logs', () => {
  let dir: string;
  let collector: RunningCollector;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlotel-quiet-'));
    collector = await startCollector({ port: 0, dir, quiet: true });
  });
  afterEach(async () => {
    await collector.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the reference line of each batch and routes its ML events', async () => {
    const plain = protobufBody([{ body: 'a "quoted"\n line' }, { body: 'é€' }]);
    const withMl = protobufBody([{ body: 'p', eventName: 'ml.prediction' }, { body: 'q' }, { body: 'f', attributes: { 'event.name': 'ml.feedback' } }]);
    expect(await post(collector.url, plain)).toBe(200);
    expect(await post(collector.url, withMl)).toBe(200);
    await collector.close();
    const logs = await readFile(join(dir, 'logs.jsonl'), 'utf8');
    expect(logs).toBe(`${JSON.stringify(decodeLogsProtobuf(plain))}\n${JSON.stringify(decodeLogsProtobuf(withMl))}\n`);
    const ml = (await readFile(join(dir, 'ml-events.jsonl'), 'utf8')).trim().split('\n');
    expect(ml).toHaveLength(1);
    const bodies = JSON.parse(ml[0]!).resourceLogs[0].scopeLogs[0].logRecords.map((r: { body: { stringValue: string } }) => r.body.stringValue);
    expect(bodies).toEqual(['p', 'f']);
    expect(collector.stats().logRecords).toBe(5);
  });

  it('answers a malformed body 400 with the reference decoder message', async () => {
    const body = Buffer.from([0x0a, 0x05, 0x12, 0x03, 0x12, 0x01, 0x4a]); // a log record field 9 (trace id) truncated
    let message = '';
    try {
      decodeLogsProtobuf(body);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).not.toBe('');
    const bad = await fetch(`${collector.url}/v1/logs`, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body });
    expect(bad.status).toBe(400);
    expect(Buffer.from(await bad.arrayBuffer()).toString('latin1')).toContain(message);
  });
});
