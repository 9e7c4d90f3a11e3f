import { createNoopMeter } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { processorObserver } from '../../src/export/processorObserver';
import { QueueGate } from '../../src/export/queueGate';
import { init } from '../../src/init';
import { runtime } from '../../src/internal/runtime';
import { getLogger } from '../../src/logger';
import { resetOtelGlobals } from '../helpers/memoryPipeline';
import { startOtlpSink, type OtlpSink } from '../helpers/otlpSink';

// The gate against the real sdk-logs BatchLogRecordProcessor: what it refuses must be exactly
// what the processor would have dropped, and a refused record must never be built.

/** Stands in for a collector that has not answered yet: holds each export until `answer()`. */
class HeldExporter implements LogRecordExporter {
  readonly exported: unknown[] = [];
  private readonly pending: Array<() => void> = [];
  private released = false;
  export(logs: ReadableLogRecord[], done: (result: ExportResult) => void): void {
    this.pending.push(() => {
      for (const record of logs) this.exported.push(record.attributes.seq);
      done({ code: ExportResultCode.SUCCESS });
    });
    if (this.released) this.answer();
  }
  /** Answers what is held and every later export at once. */
  release(): void {
    this.released = true;
    this.answer();
  }
  answer(): void {
    for (const finish of this.pending.splice(0)) finish();
  }
  forceFlush(): Promise<void> { return Promise.resolve(); }
  shutdown(): Promise<void> { return Promise.resolve(); }
}

const open: Array<{ provider: LoggerProvider; exporter: HeldExporter }> = [];
afterEach(async () => {
  // Answer what is held, so no export timer outlives the test.
  for (const { provider, exporter } of open.splice(0)) {
    exporter.release();
    await provider.shutdown();
  }
});

function batchPipeline(): {
  provider: LoggerProvider;
  exporter: HeldExporter;
  gate: QueueGate;
  queueSize: () => number;
  processorDrops: () => number;
} {
  let drops = 0;
  const observer = processorObserver((n) => { drops += n; });
  const exporter = new HeldExporter();
  const processor = new BatchLogRecordProcessor({ exporter, maxExportBatchSize: 16, maxQueueSize: 64, scheduledDelayMillis: 60_000, selfObsMeterProvider: observer.meterProvider });
  const { capacity, queueSize } = observer.observation;
  if (queueSize === undefined || capacity === undefined) throw new Error('the processor reported no queue gauge');
  const provider = new LoggerProvider({ processors: [processor] });
  open.push({ provider, exporter });
  return { provider, exporter, gate: new QueueGate(capacity, queueSize), queueSize, processorDrops: () => drops };
}

describe('processorObserver', () => {
  it("reads the batch processor's capacity and its queue length as records arrive and leave", () => {
    const { provider, exporter, queueSize } = batchPipeline();
    const logger = provider.getLogger('gate');
    expect(queueSize()).toBe(0);
    for (let seq = 0; seq < 10; seq++) logger.emit({ body: 'r', attributes: { seq } });
    expect(queueSize()).toBe(10);
    // The 16th record starts an export of the first 16: they leave the queue.
    for (let seq = 10; seq < 20; seq++) logger.emit({ body: 'r', attributes: { seq } });
    expect(queueSize()).toBe(4);
    expect(exporter.exported).toEqual([]);
  });
  it("leaves OTel's shared no-op instruments alone: other processors' gauges are not mistaken for the queue", () => {
    const observer = processorObserver(() => undefined);
    new BatchLogRecordProcessor({ exporter: new HeldExporter(), maxQueueSize: 64, selfObsMeterProvider: observer.meterProvider });
    const ours = observer.observation.queueSize;
    const shared = createNoopMeter().createObservableUpDownCounter('otel.sdk.processor.span.queue.size');
    expect(shared).toBe(createNoopMeter().createObservableUpDownCounter('other'));
    shared.addCallback((result) => result.observe(999));
    expect(observer.observation.queueSize).toBe(ours);
    expect(observer.observation.queueSize?.()).toBe(0);
  });
});

describe('processorObserver beside other processors', () => {
  it("counts only its own processor's drops and reads only its queue, while another processor in the process fills up and drops", () => {
    let drops = 0;
    const observer = processorObserver((n) => { drops += n; });
    const ourExporter = new HeldExporter();
    const otherExporter = new HeldExporter();
    const ours = new BatchLogRecordProcessor({ exporter: ourExporter, maxExportBatchSize: 16, maxQueueSize: 64, scheduledDelayMillis: 60_000, selfObsMeterProvider: observer.meterProvider });
    // No selfObsMeterProvider: this one reports to OTel's shared no-op meter.
    const other = new BatchLogRecordProcessor({ exporter: otherExporter, maxExportBatchSize: 8, maxQueueSize: 8, scheduledDelayMillis: 60_000 });
    const ourProvider = new LoggerProvider({ processors: [ours] });
    const otherProvider = new LoggerProvider({ processors: [other] });
    open.push({ provider: ourProvider, exporter: ourExporter }, { provider: otherProvider, exporter: otherExporter });
    for (let seq = 0; seq < 5; seq++) ourProvider.getLogger('ours').emit({ body: 'r', attributes: { seq } });
    for (let seq = 0; seq < 100; seq++) otherProvider.getLogger('other').emit({ body: 'r', attributes: { seq } });
    expect(drops).toBe(0);
    expect(observer.observation.queueSize?.()).toBe(5);
    expect(observer.observation.capacity).toBe(64);
  });
});

describe('QueueGate', () => {
  it('admits exactly the records the processor takes, and the processor then drops none', () => {
    const gated = batchPipeline();
    const ungated = batchPipeline();
    const gatedLogger = gated.provider.getLogger('gate');
    const ungatedLogger = ungated.provider.getLogger('gate');
    let refused = 0;
    for (let seq = 0; seq < 1000; seq++) {
      if (gated.gate.admit()) gatedLogger.emit({ body: 'r', attributes: { seq } });
      else refused++;
      ungatedLogger.emit({ body: 'r', attributes: { seq } });
    }
    // One batch of 16 in flight (held) + a full queue of 64 either way.
    expect(ungated.processorDrops()).toBe(920);
    expect(refused).toBe(920);
    expect(gated.processorDrops()).toBe(0);
    expect(gated.queueSize()).toBe(64);
    expect(ungated.queueSize()).toBe(64);
  });

  it('admits again as soon as an export has made room', async () => {
    const { provider, exporter, gate, queueSize, processorDrops } = batchPipeline();
    const logger = provider.getLogger('gate');
    let seq = 0;
    while (gate.admit()) logger.emit({ body: 'r', attributes: { seq: seq++ } });
    expect(seq).toBe(80);
    // The processor calls the exporter a few promise callbacks after it took the batch; the
    // answer lets it take the next 16 off the queue, again in promise callbacks. A
    // setImmediate runs after all of them.
    const turn = (): Promise<unknown> => new Promise((resolve) => setImmediate(resolve));
    await turn();
    expect(queueSize()).toBe(64);
    exporter.answer();
    await turn();
    expect(exporter.exported).toHaveLength(16);
    expect(queueSize()).toBe(48);
    const free = 16;
    let admitted = 0;
    while (gate.admit()) {
      logger.emit({ body: 'r', attributes: { seq: seq++ } });
      admitted++;
    }
    expect(admitted).toBe(free);
    expect(processorDrops()).toBe(0);
  });

  it('admits when the queue reading is broken (NaN or a throwing gauge): the processor decides', () => {
    expect(new QueueGate(64, () => Number.NaN).admit()).toBe(true);
    const observer = processorObserver(() => undefined);
    const meter = observer.meterProvider.getMeter('x');
    meter.createObservableUpDownCounter('otel.sdk.processor.log.queue.size').addCallback(() => {
      throw new Error('broken gauge');
    });
    const read = observer.observation.queueSize;
    expect(read).toBeDefined();
    expect(new QueueGate(64, read as () => number).admit()).toBe(true);
  });
});

describe('init() with its own pipeline', () => {
  let sink: OtlpSink;
  beforeEach(async () => {
    resetOtelGlobals();
    getLogger().setLevel('INFO');
    sink = await startOtlpSink();
  });
  afterEach(async () => {
    await sink.close();
    resetOtelGlobals();
  });

  it('refuses records before building them once the queue is full, and counts them emitted and dropped', async () => {
    const mlotel = init({ endpoint: sink.url, batch: { maxExportBatchSize: 16, maxQueueSize: 64, scheduledDelayMillis: 60_000 }, flushTimeoutMillis: 2000 });
    const log = getLogger('gate.init');
    const otelLogger = runtime.provider?.getLogger('gate.init') as { emit: (...args: unknown[]) => void };
    const emit = jest.spyOn(Object.getPrototypeOf(otelLogger) as { emit: (...args: unknown[]) => void }, 'emit');
    try {
      // One synchronous burst: the first 16 records go out as a batch, 64 fill the queue.
      for (let i = 0; i < 1000; i++) log.info('burst', { i });
      log.prediction({ input: { x: 1 }, output: 'a' });
      log.exception('failed', new Error('boom'));
      const handle = log.startPrediction({ input: { x: 2 } });
      handle.end({ output: 'b' });
      log.startPrediction({ input: { x: 3 } }).fail(new Error('model down'));
      log.feedback({ predictionId: handle.id, actual: 'b' });
      expect(log._emitEvent(20, 'custom.event', 'body')).toBe(true);
      expect(emit).toHaveBeenCalledTimes(80);
      expect(mlotel.stats()).toMatchObject({ emitted: 1006, dropped: 926, internalErrors: 0 });
    } finally {
      emit.mockRestore();
      await mlotel.shutdown();
    }
    const final = mlotel.stats();
    expect(final.emitted).toBe(final.exported + final.failedExports + final.dropped);
    expect(runtime.gate).toBeUndefined();
  });

  it('counts records other code logs through its provider, so emitted == exported + failedExports + dropped still holds', async () => {
    const mlotel = init({ endpoint: sink.url, flushTimeoutMillis: 2000 });
    // What an OTel winston or pino transport does: log through the global provider mlotel registered.
    const foreign = logs.getLogger('foreign-bridge');
    for (let i = 0; i < 30; i++) foreign.emit({ body: 'from a bridge', attributes: { i } });
    for (let i = 0; i < 20; i++) getLogger('gate.mine').info('mine', { i });
    await mlotel.shutdown();
    const final = mlotel.stats();
    expect(final.emitted).toBe(50);
    expect(final.exported + final.failedExports + final.dropped).toBe(50);
  });

  it("counts its loggers' records itself when its pipeline has no exporter", async () => {
    const mlotel = init({ exporter: 'none' });
    expect(runtime.gate).toBeUndefined();
    getLogger('gate.none').info('kept nowhere');
    expect(mlotel.stats().emitted).toBe(1);
    await mlotel.shutdown();
  });

  it('has no gate when records also go to the console, or to an app-provided provider', async () => {
    const both = init({ exporter: 'otlp,console', endpoint: sink.url });
    expect(runtime.gate).toBeUndefined();
    await both.shutdown();
    const own = init({ loggerProvider: new LoggerProvider() });
    expect(runtime.gate).toBeUndefined();
    await own.shutdown();
    const plain = init({ endpoint: sink.url });
    expect(runtime.gate).toBeInstanceOf(QueueGate);
    await plain.shutdown();
  });
});
