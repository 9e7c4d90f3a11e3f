import { SeverityNumber } from '@opentelemetry/api-logs';
import { toSeverityNumber, toSeverityText } from '../src/severity';

describe('toSeverityNumber()', () => {
  // OpenTelemetry Python's std_to_otel, row by row (see docs/sdk.md "Levels").
  const table: Array<[number, keyof typeof SeverityNumber]> = [
    [0, 'UNSPECIFIED'], [1, 'UNSPECIFIED'], [5, 'UNSPECIFIED'], [9, 'UNSPECIFIED'],
    [10, 'DEBUG'], [11, 'DEBUG2'], [12, 'DEBUG3'], [13, 'DEBUG4'], [15, 'DEBUG4'], [19, 'DEBUG4'],
    [20, 'INFO'], [21, 'INFO2'], [22, 'INFO3'], [23, 'INFO4'], [25, 'INFO4'], [29, 'INFO4'],
    [30, 'WARN'], [31, 'WARN2'], [32, 'WARN3'], [33, 'WARN4'], [39, 'WARN4'],
    [40, 'ERROR'], [41, 'ERROR2'], [42, 'ERROR3'], [43, 'ERROR4'], [49, 'ERROR4'],
    [50, 'FATAL'], [51, 'FATAL2'], [52, 'FATAL3'], [53, 'FATAL4'], [54, 'FATAL4'], [100, 'FATAL4'], [1e9, 'FATAL4'],
  ];
  it.each(table)('maps %p to %s', (level, name) => {
    expect(toSeverityNumber(level)).toBe(SeverityNumber[name]);
  });

  it.each([[-1], [10.5], [NaN], [Infinity], [-Infinity]])('maps %p (not a level) to UNSPECIFIED', (level) => {
    expect(toSeverityNumber(level)).toBe(SeverityNumber.UNSPECIFIED);
  });

  it('maps non-numbers to UNSPECIFIED without throwing', () => {
    expect(toSeverityNumber('20' as unknown as number)).toBe(SeverityNumber.UNSPECIFIED);
    expect(toSeverityNumber(undefined as unknown as number)).toBe(SeverityNumber.UNSPECIFIED);
  });
});

describe('toSeverityText()', () => {
  it.each([
    ['WARNING', 'level', 'WARNING'], ['CRITICAL', 'level', 'CRITICAL'],
    ['WARNING', 'otel', 'WARN'], ['CRITICAL', 'otel', 'FATAL'],
    ['INFO', 'otel', 'INFO'], ['NOTICE', 'otel', 'NOTICE'],
  ] as const)('writes %s in %s mode as %s', (name, mode, text) => {
    expect(toSeverityText(name, mode)).toBe(text);
  });
});
