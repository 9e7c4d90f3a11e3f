/**
 * Batches the writer converts at their turn (large protobuf logs bodies answered before
 * conversion): written in queue order with the batches around them, and a conversion that
 * throws rejects only its own batch, with a ConversionError the receiver counts apart from
 * write errors, while the batches after it are still written.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppendFile } from '../src/collect/appendFile';
import { BatchWriter, ConversionError } from '../src/collect/batchWriter';
import type { LogsData } from '../src/otlp/types';

const batch = (tag: string): LogsData => ({ resourceLogs: [{ resource: {}, scopeLogs: [{ scope: {}, logRecords: [{ body: { stringValue: tag } }] }] }] });

async function openWriter() {
  const dir = mkdtempSync(join(tmpdir(), 'mlotel-writer-'));
  const files = {
    logs: await AppendFile.open(join(dir, 'logs.jsonl')),
    traces: await AppendFile.open(join(dir, 'traces.jsonl')),
    ml: await AppendFile.open(join(dir, 'ml-events.jsonl')),
  };
  const counts = { logRecords: 0, spans: 0, unwrittenRecords: 0 };
  const close = () => Promise.all([files.logs.close(), files.traces.close(), files.ml.close()]);
  const tags = () =>
    readFileSync(join(dir, 'logs.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as LogsData).resourceLogs![0]!.scopeLogs![0]!.logRecords![0]!.body!.stringValue);
  return { writer: new BatchWriter(files, counts, undefined), counts, close, tags };
}

describe('BatchWriter deferred conversion', () => {
  it('converts deferred batches at their turn and writes them in queue order', async () => {
    const { writer, counts, close, tags } = await openWriter();
    const converted: string[] = [];
    const deferred = (tag: string) => () => {
      converted.push(tag);
      return { data: batch(tag) };
    };
    const line = Buffer.from(`${JSON.stringify(batch('line'))}\n`);
    const written = [
      writer.enqueueDeferred('logs', deferred('d1'), 100),
      writer.enqueue('logs', batch('decoded'), 100),
      writer.enqueueLogsLine(line, 1),
      writer.enqueueDeferred('logs', () => ({ line: Buffer.from(`${JSON.stringify(batch('d2'))}\n`), records: 1 }), 100),
    ];
    // Nothing is converted on the caller's turn: the answer leaves first.
    expect(converted).toEqual([]);
    expect(writer.waitingBytes).toBe(300 + line.length);
    await Promise.all(written);
    await writer.drained();
    await close();
    expect(tags()).toEqual(['d1', 'decoded', 'line', 'd2']);
    expect(counts.logRecords).toBe(4);
    expect(writer.waitingBytes).toBe(0);
  });

  it('rejects only the batch whose conversion throws, with a ConversionError, and writes the rest', async () => {
    const { writer, counts, close, tags } = await openWriter();
    const before = writer.enqueue('logs', batch('before'), 10);
    const failing = writer.enqueueDeferred(
      'logs',
      () => {
        throw new Error('boom');
      },
      10,
    );
    const after = writer.enqueueDeferred('logs', () => ({ data: batch('after') }), 10);
    await expect(failing).rejects.toBeInstanceOf(ConversionError);
    await expect(failing).rejects.toThrow(/could not convert an accepted batch: boom/);
    await before;
    await after;
    await writer.drained();
    await close();
    expect(tags()).toEqual(['before', 'after']);
    expect(counts.logRecords).toBe(2);
  });
});
