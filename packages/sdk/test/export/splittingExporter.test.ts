import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { OTLPExporterError } from '@opentelemetry/otlp-exporter-base';
import fc from 'fast-check';
import { resetSetupWarnings } from '../../src/internal/setupWarning';
import { AbandonableExporter } from '../../src/export/abandonableExporter';
import { CountingExporter } from '../../src/export/countingExporter';
import { PartialExportError } from '../../src/export/partialExportError';
import { SplittingExporter } from '../../src/export/splittingExporter';

// The logic with an in-process receiver model; the real exporters against real receivers on
// loopback are in requestSizeLimit.test.ts.

/** A stand-in record: the splitter only moves records between arrays. */
type Rec = ReadableLogRecord & { n: number };
const records = (count: number, from = 0): Rec[] => Array.from({ length: count }, (_, i) => ({ n: from + i }) as Rec);
const numbers = (logs: ReadableLogRecord[]): number[] => logs.map((r) => (r as Rec).n);

/**
 * A receiver that takes requests of at most `maxRecords` records and answers larger ones
 * the way `answer` says (413 by default), synchronously unless `stall` holds the answers.
 * Single records listed in `oversized` are refused too.
 */
class LimitedReceiver implements LogRecordExporter {
  readonly requests: number[][] = [];
  readonly accepted: number[] = [];
  readonly stalled: Array<() => void> = [];
  constructor(
    public maxRecords: number,
    private readonly options: { oversized?: Set<number>; answer?: () => Error; stall?: boolean } = {},
  ) {}
  export(logs: ReadableLogRecord[], done: (result: ExportResult) => void): void {
    const ns = numbers(logs);
    this.requests.push(ns);
    const tooLarge = logs.length > this.maxRecords || ns.some((n) => this.options.oversized?.has(n));
    const answer = (): void => {
      if (tooLarge) done({ code: ExportResultCode.FAILED, error: this.options.answer?.() ?? new OTLPExporterError('Payload Too Large', 413, '') });
      else {
        this.accepted.push(...ns);
        done({ code: ExportResultCode.SUCCESS });
      }
    };
    if (this.options.stall) this.stalled.push(answer);
    else answer();
  }
  forceFlush(): Promise<void> { return Promise.resolve(); }
  shutdown(): Promise<void> { return Promise.resolve(); }
}

function exportOnce(exporter: LogRecordExporter, logs: ReadableLogRecord[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(logs, resolve));
}

let stderr: jest.SpyInstance;
beforeEach(() => {
  resetSetupWarnings();
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => stderr.mockRestore());

describe('SplittingExporter', () => {
  it('passes a batch through as one export while no request was refused', async () => {
    const seen: ReadableLogRecord[][] = [];
    const receiver: LogRecordExporter = {
      export: (logs, done) => { seen.push(logs); done({ code: ExportResultCode.SUCCESS }); },
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const exporter = new SplittingExporter(receiver, { deadlineMillis: 10_000 });
    const batch = records(2048);
    const result = await exportOnce(exporter, batch);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(batch);
    expect(exporter.recordsPerRequest).toBe(Infinity);
  });

  it('splits a refused batch in halves until the receiver takes them, and delivers every record once, in order', async () => {
    const receiver = new LimitedReceiver(700);
    const exporter = new SplittingExporter(receiver, { deadlineMillis: 10_000 });
    const result = await exportOnce(exporter, records(2048));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(receiver.accepted).toEqual(numbers(records(2048)));
    expect(receiver.requests.map((r) => r.length)).toEqual([2048, 1024, 512, 512, 512, 512]);
    expect(exporter.recordsPerRequest).toBe(512);
  });

  it('sends the next batches in requests of the remembered size, without another refusal', async () => {
    const receiver = new LimitedReceiver(700);
    const exporter = new SplittingExporter(receiver, { deadlineMillis: 10_000 });
    await exportOnce(exporter, records(2048));
    receiver.requests.length = 0;
    const result = await exportOnce(exporter, records(2048, 2048));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(receiver.requests.map((r) => r.length)).toEqual([512, 512, 512, 512]);
    expect(receiver.accepted.slice(2048)).toEqual(numbers(records(2048, 2048)));
  });

  it('grows the ceiling by a quarter after 16 accepted requests of its size, and halves it again on a refusal', async () => {
    const receiver = new LimitedReceiver(100);
    const exporter = new SplittingExporter(receiver, { deadlineMillis: 10_000 });
    await exportOnce(exporter, records(128)); // refused, then 64 + 64
    expect(exporter.recordsPerRequest).toBe(64);
    // 16 accepted requests of 64 (the two halves above count) grow it to 80, 16 of 80 to 100,
    // 16 of 100 to 125, which the receiver refuses: 63 then.
    const sizes: number[] = [];
    const codes = new Set<ExportResultCode>();
    for (let i = 0; i < 60 && exporter.recordsPerRequest !== 63; i++) {
      codes.add((await exportOnce(exporter, records(exporter.recordsPerRequest))).code);
      sizes.push(exporter.recordsPerRequest);
    }
    expect([...new Set(sizes)]).toEqual([64, 80, 100, 125, 63]);
    expect(receiver.requests.filter((r) => r.length > 100)).toHaveLength(2); // the first batch and the 125
    expect([...codes]).toEqual([ExportResultCode.SUCCESS]);
  });

  it.each([
    ['413 (mlotel collect, proxies)', () => new OTLPExporterError('Payload Too Large', 413, '{"code":8,"message":"body exceeds the limit"}')],
    ["the Collector's 400 \"request body too large\"", () => new OTLPExporterError('Bad Request', 400, '{"code":3,"message":"http: request body too large"}')],
  ])('splits on %s', async (_name, answer) => {
    const receiver = new LimitedReceiver(300, { answer });
    const result = await exportOnce(new SplittingExporter(receiver, { deadlineMillis: 10_000 }), records(1000));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(receiver.accepted).toEqual(numbers(records(1000)));
  });

  it('does not split on another 400: the batch fails as it did', async () => {
    const receiver = new LimitedReceiver(300, { answer: () => new OTLPExporterError('Bad Request', 400, '{"code":3,"message":"unmarshal error"}') });
    const result = await exportOnce(new SplittingExporter(receiver, { deadlineMillis: 10_000 }), records(1000));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(receiver.requests).toHaveLength(1);
  });

  it('fails a single record the receiver refuses alone, delivers the others, and says so once on stderr', async () => {
    const receiver = new LimitedReceiver(600, { oversized: new Set([5, 900]) });
    const exporter = new SplittingExporter(receiver, { deadlineMillis: 10_000 });
    const result = await exportOnce(exporter, records(1000));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error).toBeInstanceOf(PartialExportError);
    expect(result.error).toMatchObject({ exported: 998, failed: 2 });
    expect(receiver.accepted).toEqual(numbers(records(1000)).filter((n) => n !== 5 && n !== 900));
    const warnings = stderr.mock.calls.map((c) => String(c[0])).filter((line) => line.includes('alone is larger than the receiver accepts'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('--max-body');
  });

  it('fails a batch of one record refused as too large without splitting anything', async () => {
    const receiver = new LimitedReceiver(10, { oversized: new Set([0]) });
    const result = await exportOnce(new SplittingExporter(receiver, { deadlineMillis: 10_000 }), records(1));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error).toBeInstanceOf(OTLPExporterError);
    expect(receiver.requests).toEqual([[0]]);
  });

  it('fails the parts left without sending them when a part fails for another reason', async () => {
    const receiver = new LimitedReceiver(300);
    let calls = 0;
    const flaky: LogRecordExporter = {
      export: (logs, done) => {
        calls++;
        if (calls === 4) done({ code: ExportResultCode.FAILED, error: new Error('connect ECONNREFUSED') });
        else receiver.export(logs, done);
      },
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const counted = { exported: 0, failed: 0 };
    const exporter = new CountingExporter(new SplittingExporter(flaky, { deadlineMillis: 10_000 }), (ok, n) => { counted[ok ? 'exported' : 'failed'] += n; });
    const result = await exportOnce(exporter, records(1000));
    // 1000 refused, 500 refused, 250 accepted, then the failure on the next 250: 500 left unsent.
    expect(calls).toBe(4);
    expect(receiver.accepted).toEqual(numbers(records(250)));
    expect(result.error).toBeInstanceOf(PartialExportError);
    expect((result.error as Error).message).toContain('ECONNREFUSED');
    expect(counted).toEqual({ exported: 250, failed: 750 });
  });

  it('sends no part once the deadline has passed: those left fail', async () => {
    let now = 0;
    const receiver = new LimitedReceiver(100);
    const timed: LogRecordExporter = {
      export: (logs, done) => { now += 400; receiver.export(logs, done); },
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const exporter = new SplittingExporter(timed, { deadlineMillis: 1000, now: () => now });
    const result = await exportOnce(exporter, records(200)); // refused (t=400), splitting starts at 400
    // 100 at 400 -> 800, 100 at 800 -> 1200: both start within 1000 ms of the split
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const late = await exportOnce(exporter, records(500, 200)); // 5 parts of 100, starting at 1200
    // parts start at 1200, 1600, 2000, then 2400 is past 1200 + 1000: 2 of 5 parts left
    expect(receiver.accepted.slice(200)).toEqual(numbers(records(300, 200)));
    expect(late.error).toBeInstanceOf(PartialExportError);
    expect(late.error).toMatchObject({ exported: 300, failed: 200 });
    expect((late.error as Error).message).toContain('export timeout of 1000 ms');
  });

  it('fails the part in flight and those left at once when the exporter underneath is abandoned', async () => {
    const receiver = new LimitedReceiver(100, { stall: true });
    const abandonable = new AbandonableExporter(receiver);
    const counted = { exported: 0, failed: 0 };
    const exporter = new CountingExporter(new SplittingExporter(abandonable, { deadlineMillis: 10_000 }), (ok, n) => { counted[ok ? 'exported' : 'failed'] += n; });
    const result = exportOnce(exporter, records(400));
    receiver.stalled.shift()?.(); // 400 refused
    await flushMicrotasks();
    receiver.stalled.shift()?.(); // 200 refused
    await flushMicrotasks();
    receiver.stalled.shift()?.(); // first 100 accepted
    await flushMicrotasks();
    expect(receiver.stalled).toHaveLength(1); // the second 100, in flight
    abandonable.abandon();
    expect((await result).code).toBe(ExportResultCode.FAILED);
    expect(counted).toEqual({ exported: 100, failed: 300 });
    expect(receiver.requests.map((r) => r.length)).toEqual([400, 200, 100, 100]);
  });

  it('forceFlush() and shutdown() wait for a batch being split', async () => {
    const receiver = new LimitedReceiver(100, { stall: true });
    const exporter = new SplittingExporter(receiver, { deadlineMillis: 10_000 });
    let delivered = false;
    exporter.export(records(200), () => { delivered = true; });
    receiver.stalled.shift()?.(); // refused: now split
    let flushed = false;
    const flushing = exporter.forceFlush().then(() => { flushed = true; });
    const closing = exporter.shutdown();
    await flushMicrotasks();
    expect(flushed).toBe(false);
    receiver.stalled.shift()?.();
    await flushMicrotasks();
    receiver.stalled.shift()?.();
    await Promise.all([flushing, closing]);
    expect(delivered).toBe(true);
  });

  it('answers a failure, never a throw, when the exporter underneath throws', async () => {
    const throwing: LogRecordExporter = {
      export: () => { throw new Error('boom'); },
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const result = await exportOnce(new SplittingExporter(throwing, { deadlineMillis: 10_000 }), records(3));
    expect(result).toMatchObject({ code: ExportResultCode.FAILED, error: new Error('boom') });
  });

  it('delivers every record that fits exactly once, in order, and counts the rest failed, whatever the limit', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 3000 }),
      fc.integer({ min: 1, max: 3000 }),
      fc.uniqueArray(fc.integer({ min: 0, max: 2999 }), { maxLength: 5 }),
      async (count, limit, oversizedList) => {
        const oversized = new Set(oversizedList.filter((n) => n < count));
        const receiver = new LimitedReceiver(limit, { oversized });
        const counted = { exported: 0, failed: 0 };
        const exporter = new CountingExporter(new SplittingExporter(receiver, { deadlineMillis: 10_000 }), (ok, n) => { counted[ok ? 'exported' : 'failed'] += n; });
        const result = await exportOnce(exporter, records(count));
        expect(receiver.accepted).toEqual(numbers(records(count)).filter((n) => !oversized.has(n)));
        expect(counted).toEqual({ exported: count - oversized.size, failed: oversized.size });
        expect(result.code).toBe(oversized.size === 0 ? ExportResultCode.SUCCESS : ExportResultCode.FAILED);
      },
    ), { numRuns: 200 });
  });
});

/** Lets the splitter's awaits run (each part is one awaited promise). */
async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
