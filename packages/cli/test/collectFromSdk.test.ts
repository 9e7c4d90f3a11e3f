/**
 * `@mlotel/sdk` (init + getLogger, run from its built dist in a driver process) sending to
 * `mlotel collect` as a child process: logs.jsonl holds exactly what was logged.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LogsData } from '../src/otlp/types';
import { forEachLogRecord, stringAttribute, resourceAttribute } from '../src/read/otlpValues';
import { runExportDriver, startChildReceiver, type ChildReceiver } from './support/childReceiver';

const SDK_DIST = resolve(__dirname, '../../sdk/dist/cjs/index.js');

describe('mlotel collect fed by @mlotel/sdk', () => {
  let receiver: ChildReceiver;
  beforeAll(async () => {
    if (!existsSync(SDK_DIST)) throw new Error('packages/sdk is not built: run `npx tsc -b packages/sdk` (npm test builds it)');
    receiver = await startChildReceiver(['--quiet']);
  });
  afterAll(async () => {
    await receiver?.stop();
  });

  it('stores every record logged through init() and getLogger(), over protobuf and JSON', async () => {
    const { sent } = await runExportDriver<{ sent: string[] }>('sdk', receiver.url);
    const got: Array<{ body: unknown; sev?: number; text?: string; service?: string; server?: string; model?: string; version?: string; logger?: string }> = [];
    for (const batch of receiver.lines('logs.jsonl') as LogsData[]) {
      forEachLogRecord(batch, (e) =>
        got.push({
          body: e.record.body?.stringValue,
          sev: e.record.severityNumber,
          text: e.record.severityText,
          service: resourceAttribute(e.resource, 'service.name'),
          server: resourceAttribute(e.resource, 'host.name'),
          model: stringAttribute(e, 'ml.model.name'),
          version: stringAttribute(e, 'ml.model.version'),
          logger: e.scope.name,
        }),
      );
    }
    expect(got.map((g) => g.body)).toEqual(sent);
    expect(got.map((g) => g.sev)).toEqual([9, 13, 21, 9, 13, 21]);
    for (const g of got) {
      expect(g).toMatchObject({ service: 'sdk-test', server: 'srv-sdk', model: 'iris', version: 'v7', logger: 'sdk.it' });
    }
  });
});
