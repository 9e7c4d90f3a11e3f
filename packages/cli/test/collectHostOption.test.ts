/**
 * `--host` with an empty value (an unset shell variable: `--host "$HOST"`) is refused, not
 * taken as "all interfaces".
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector } from '../src/collect/collector';
import { BIN, requireBuiltCli } from './support/childReceiver';

describe('mlotel collect --host', () => {
  beforeAll(() => requireBuiltCli());

  it.each([
    [['--host', '']],
    [['--host=']],
    [['--host', '  ']],
  ])('exits 2 with one line naming --host and the fix for %j, without listening', (args) => {
    const dir = mkdtempSync(join(tmpdir(), 'mlotel-host-'));
    // A receiver that wrongly starts (and binds every interface) is killed after 10 s.
    const r = spawnSync(process.execPath, [BIN, 'collect', '--port', '0', '--dir', dir, ...args], {
      encoding: 'utf8',
      timeout: 10_000,
      killSignal: 'SIGKILL',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(r.stderr).not.toMatch(/listening on/);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^mlotel collect: --host must not be empty: give the address to bind, e\.g\. --host 127\.0\.0\.1 \(loopback\) or --host 0\.0\.0\.0 \(all interfaces\)\n$/);
  });

  it('is refused by startCollector too, before anything listens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlotel-host-'));
    await expect(startCollector({ host: '', port: 0, dir, quiet: true })).rejects.toThrow(/^host must not be empty/);
  });
});
