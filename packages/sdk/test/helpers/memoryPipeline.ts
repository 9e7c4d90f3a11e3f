import { context, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { init, type Mlotel } from '../../src/index';
import type { InitOptions } from '../../src/config';

/** A real sdk-logs pipeline that keeps records in memory, with mlotel initialised on it. */
export interface MemoryPipeline {
  mlotel: Mlotel;
  records(): ReadableLogRecord[];
  last(): ReadableLogRecord;
  clear(): void;
  close(): Promise<void>;
}

export function startMemoryPipeline(options: InitOptions = {}): MemoryPipeline {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
  const mlotel = init(Object.assign({}, options, { loggerProvider: provider }));
  return {
    mlotel,
    records: () => exporter.getFinishedLogRecords(),
    last: () => {
      const all = exporter.getFinishedLogRecords();
      const record = all[all.length - 1];
      if (record === undefined) throw new Error('no record was emitted');
      return record;
    },
    clear: () => exporter.reset(),
    close: async () => {
      await mlotel.shutdown();
      await provider.shutdown();
    },
  };
}

/** Clears the OTel globals a test file may have registered. */
export function resetOtelGlobals(): void {
  logs.disable();
  trace.disable();
  context.disable();
}
