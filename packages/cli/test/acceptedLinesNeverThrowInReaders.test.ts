/**
 * parseLogsLine() is the gate of `tail` and `dataset`: whatever JSON it lets through, every
 * reader function (readable line, --json record, filter, dataset row) must take without
 * throwing; whatever it refuses comes back as a reason, never as an exception.
 */
import fc from 'fast-check';
import { bodyField, predictionRow } from '../src/dataset/datasetRow';
import { formatRecordLine } from '../src/format/recordLine';
import { parseLogsLine } from '../src/read/logsLine';
import { forEachLogRecord } from '../src/read/otlpValues';
import { matchesFilter } from '../src/tail/recordFilter';
import { toFlatRecord } from '../src/tail/recordJson';

/** Values of the wrong type for any field. */
const wrong = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.boolean(),
  fc.constant({}),
  fc.constant([]),
  fc.constant('99999999999999999999999'),
  fc.constant(-1),
);
const or = <T>(right: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: right }, { weight: 1, arbitrary: wrong });

const KEYS = ['service.name', 'host.name', 'ml.model.name', 'ml.model.version', 'ml.prediction.id', 'ml.prediction.confidence', 'error.type', 'exception.message', 'event.name'];

const { value, kv } = fc.letrec((tie) => ({
  value: or(
    fc.oneof(
      { depthSize: 'small' },
      fc.record({ stringValue: or(fc.string()) }),
      fc.record({ boolValue: or(fc.boolean()) }),
      fc.record({ intValue: or(fc.bigInt().map(String)) }),
      fc.record({ doubleValue: or(fc.oneof(fc.double(), fc.constantFrom('NaN', 'Infinity', '1e400'))) }),
      fc.record({ bytesValue: or(fc.base64String()) }),
      fc.record({ arrayValue: or(fc.record({ values: or(fc.array(tie('value'), { maxLength: 3 })) }, { requiredKeys: [] })) }),
      fc.record({ kvlistValue: or(fc.record({ values: or(fc.array(tie('kv'), { maxLength: 3 })) }, { requiredKeys: [] })) }),
      fc.record({ kvlistValue: fc.record({ values: fc.constant([{ key: 'input', value: { kvlistValue: { values: [{ key: 'x', value: { intValue: '1' } }] } } }, { key: 'actual', value: { stringValue: 'a' } }]) }) }),
    ),
  ),
  kv: or(fc.record({ key: or(fc.oneof(fc.constantFrom(...KEYS), fc.string())), value: tie('value') }, { requiredKeys: ['key'] })),
}));

const nanos = or(fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String), fc.integer({ min: 0 })));
const record = fc.record(
  {
    timeUnixNano: nanos,
    observedTimeUnixNano: nanos,
    severityNumber: or(fc.integer({ min: 0, max: 30 })),
    severityText: or(fc.constantFrom('INFO', 'error', 'WARNING', '')),
    body: value,
    attributes: or(fc.array(kv, { maxLength: 4 })),
    traceId: or(fc.constantFrom('4bf92f3577b34da6a3ce929d0e0e4736', 'ABCDEF')),
    spanId: or(fc.constant('00f067aa0ba902b7')),
    eventName: or(fc.constantFrom('ml.prediction', 'ml.feedback', '')),
  },
  { requiredKeys: [] },
);
const batch = fc.record(
  {
    resourceLogs: or(
      fc.array(
        or(
          fc.record(
            {
              resource: or(fc.record({ attributes: or(fc.array(kv, { maxLength: 3 })) }, { requiredKeys: [] })),
              scopeLogs: or(
                fc.array(
                  or(
                    fc.record(
                      { scope: or(fc.record({ name: or(fc.string()), version: or(fc.string()) }, { requiredKeys: [] })), logRecords: or(fc.array(record, { maxLength: 3 })) },
                      { requiredKeys: [] },
                    ),
                  ),
                  { maxLength: 2 },
                ),
              ),
            },
            { requiredKeys: [] },
          ),
        ),
        { maxLength: 2 },
      ),
    ),
  },
  { requiredKeys: [] },
);

describe('parseLogsLine', () => {
  it('lets through only lines every reader can take, and refuses the rest with a reason', () => {
    let accepted = 0;
    fc.assert(
      fc.property(batch, (b) => {
        const parsed = parseLogsLine(JSON.stringify(b));
        if (typeof parsed === 'string') {
          expect(parsed).toMatch(/^(wrong shape|not a JSON object|not JSON): /);
          return;
        }
        accepted++;
        forEachLogRecord(parsed, (entry) => {
          formatRecordLine(entry, { colour: true });
          JSON.stringify(toFlatRecord(entry));
          matchesFilter(entry, { minSeverity: 9, model: { name: 'iris' }, server: 's', trace: 'ab', event: 'ml.prediction', sinceMs: 0 });
          JSON.stringify(predictionRow(entry));
          bodyField(entry, 'actual');
        });
      }),
      { numRuns: 2000 },
    );
    // The generator must reach the readers, not only the refusals.
    expect(accepted).toBeGreaterThan(100);
  });
});
