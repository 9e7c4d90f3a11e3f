import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { AbandonableExporter } from '../../src/export/abandonableExporter';

/** An exporter whose exports, flushes and shutdown wait until the test answers them. */
class StalledExporter implements LogRecordExporter {
  readonly callbacks: Array<(result: ExportResult) => void> = [];
  export(_logs: ReadableLogRecord[], done: (result: ExportResult) => void): void {
    this.callbacks.push(done);
  }
  forceFlush(): Promise<void> { return new Promise(() => undefined); }
  shutdown(): Promise<void> { return new Promise(() => undefined); }
}

describe('AbandonableExporter', () => {
  it('passes a result through once, until abandoned', () => {
    const inner = new StalledExporter();
    const results: ExportResult[] = [];
    new AbandonableExporter(inner).export([], (result) => results.push(result));
    inner.callbacks[0]?.({ code: ExportResultCode.SUCCESS });
    inner.callbacks[0]?.({ code: ExportResultCode.FAILED });
    expect(results.map((r) => r.code)).toEqual([ExportResultCode.SUCCESS]);
  });

  it('fails a pending export at abandon() and ignores its late result', () => {
    const inner = new StalledExporter();
    const cancel = jest.fn();
    const exporter = new AbandonableExporter(inner, cancel);
    const results: ExportResult[] = [];
    exporter.export([], (result) => results.push(result));
    exporter.abandon();
    inner.callbacks[0]?.({ code: ExportResultCode.SUCCESS });
    expect(results.map((r) => r.code)).toEqual([ExportResultCode.FAILED]);
    expect(cancel).toHaveBeenCalledTimes(1);
  });

  it('fails later exports without calling the inner exporter, and lets forceFlush() and shutdown() return', async () => {
    const inner = new StalledExporter();
    const exporter = new AbandonableExporter(inner);
    const flushing = exporter.forceFlush();
    const closing = exporter.shutdown();
    exporter.abandon();
    await expect(Promise.all([flushing, closing, exporter.forceFlush(), exporter.shutdown()])).resolves.toBeDefined();
    const results: ExportResult[] = [];
    exporter.export([], (result) => results.push(result));
    expect(results.map((r) => r.code)).toEqual([ExportResultCode.FAILED]);
    expect(inner.callbacks).toHaveLength(0);
  });
});
