import { ExportResultCode } from '@opentelemetry/core';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { HumanConsoleExporter, formatLine } from '../../src/export/consoleExporter';

function recordOf(emit: (logger: ReturnType<LoggerProvider['getLogger']>) => void): ReadableLogRecord {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
  emit(provider.getLogger('demo.scoring'));
  const record = exporter.getFinishedLogRecords()[0];
  if (record === undefined) throw new Error('nothing emitted');
  return record;
}

describe('formatLine()', () => {
  const record = recordOf((logger) => logger.emit({
    timestamp: new Date(0), severityNumber: 13, severityText: 'WARNING', body: 'slow\nmodel',
    attributes: { 'ml.model.name': 'iris', 'ml.model.version': 'v2', ms: 900, route: '/predict x', nested: { a: [1] }, 'exception.stacktrace': 'long' },
  }));

  it('writes time, level, logger, model@version, message and attributes on one line', () => {
    expect(formatLine(record, false)).toBe(
      '1970-01-01T00:00:00.000Z WARNING  demo.scoring iris@v2 slow\\nmodel ms=900 route="/predict x" nested={"a":[1]}');
  });

  it('colours only when asked', () => {
    expect(formatLine(record, false)).not.toContain('\u001b[');
    expect(formatLine(record, true)).toContain('\u001b[33m');
  });
});

describe('HumanConsoleExporter', () => {
  it('writes one line per record and never colours a non-TTY destination', () => {
    let written = '';
    const exporter = new HumanConsoleExporter({ destination: { write: (text: string) => { written += text; }, isTTY: false } });
    const record = recordOf((logger) => logger.emit({ severityNumber: 9, severityText: 'INFO', body: 'a' }));
    let code: ExportResultCode | undefined;
    exporter.export([record, record], (result) => { code = result.code; });
    expect(code).toBe(ExportResultCode.SUCCESS);
    expect(written.split('\n')).toHaveLength(3);
    expect(written).not.toContain('\u001b[');
  });

  it('reports a failing destination as a failed export instead of throwing', () => {
    const exporter = new HumanConsoleExporter({ destination: { write: () => { throw new Error('EPIPE'); } } });
    let code: ExportResultCode | undefined;
    exporter.export([recordOf((logger) => logger.emit({ body: 'x' }))], (result) => { code = result.code; });
    expect(code).toBe(ExportResultCode.FAILED);
  });
});
