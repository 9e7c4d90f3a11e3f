import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, requireBuiltCli } from './support/childReceiver';

// A receiver whose stderr reader went away (a pipe closed, a log shipper restarted) used to
// spin a core forever: the EPIPE on stderr became an uncaught exception whose report failed
// the same way. It must keep working and stop cleanly on SIGTERM.
it('mlotel collect stops on SIGTERM after its stderr pipe was closed', async () => {
  requireBuiltCli();
  const dir = mkdtempSync(join(tmpdir(), 'mlotel-stderr-'));
  const child = spawn(process.execPath, [BIN, 'collect', '--port', '0', '--dir', dir, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
  await new Promise<void>((done) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('utf8');
      if (text.includes('listening on')) {
        child.stderr.off('data', onData);
        done();
      }
    };
    child.stderr.on('data', onData);
  });
  child.stderr.destroy();
  child.kill('SIGTERM');
  try {
    expect(await exited).toEqual({ code: 0, signal: null });
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}, 20_000);
