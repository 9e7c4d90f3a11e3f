'use strict';
// `mlotel collect` as a child process on loopback, for the end-to-end bench.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const BIN = path.join(__dirname, '..', '..', 'packages', 'cli', 'bin', 'mlotel.js');
const NULL_SINK = path.join(__dirname, 'nullSink.js');

/**
 * Starts `mlotel collect --port 0 --dir <tmp> --quiet` (or, with `nullSink`, a server that
 * discards bodies), under `nodeArgs` if given; resolves with its URL once it listens.
 */
function startCollectorProcess({ nullSink = false, nodeArgs = [] } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlotel-bench-'));
  const args = nullSink ? [NULL_SINK] : [...nodeArgs, BIN, 'collect', '--port', '0', '--dir', dir, '--quiet'];
  // With node flags (e.g. --trace-deopt) the receiver's stdout is kept: V8 writes its traces there.
  const keepStdout = nullSink || nodeArgs.length > 0;
  const child = spawn(process.execPath, args, { stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', nullSink ? 'ignore' : 'pipe'] });
  const output = nullSink ? child.stdout : child.stderr;
  let stdoutText = '';
  if (!nullSink && keepStdout) child.stdout.on('data', (chunk) => { stdoutText += chunk.toString('utf8'); });
  return new Promise((resolve, reject) => {
    let stderr = '';
    let listening = false;
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`mlotel collect exited (${code}): ${stderr}`)));
    output.on('data', (chunk) => {
      stderr += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match && !listening) {
        listening = true;
        child.removeAllListeners('exit');
        resolve({
          url: match[1],
          dir,
          cpuMs: () => readCpuMs(child.pid),
          /** The receiver's stdout so far (only kept when started with node flags). */
          stdout: () => stdoutText,
          /**
           * Stops the receiver and resolves with the log records in logs.jsonl (undefined for
           * the null sink). Counted after the exit, not before: the receiver answers large
           * batches (>= 64 KiB) with 200 before it appends them, and writes every answered
           * batch on SIGTERM before it closes, so only the file after the exit is complete.
           */
          stop: () => new Promise((done, fail) => {
            child.once('exit', (code, signal) => {
              try {
                if (!nullSink && code !== 0) throw new Error(`mlotel collect exited with ${code ?? signal} on SIGTERM: ${stderr.slice(-2000)}`);
                done({ records: nullSink ? undefined : countLogRecords(path.join(dir, 'logs.jsonl')) });
              } catch (error) {
                fail(error);
              } finally {
                fs.rmSync(dir, { recursive: true, force: true });
              }
            });
            child.kill('SIGTERM');
          }),
        });
      }
    });
  });
}

function countLogRecords(file) {
  if (!fs.existsSync(file)) return 0;
  let n = 0;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    for (const rl of JSON.parse(line).resourceLogs || []) for (const sl of rl.scopeLogs || []) n += (sl.logRecords || []).length;
  }
  return n;
}

/** User+system CPU time of a process from /proc (Linux), ms. */
function readCpuMs(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

module.exports = { startCollectorProcess };
