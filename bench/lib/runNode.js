'use strict';
// Runs a bench script in a fresh node process and returns the JSON on its `RESULT ` line.
const { spawn } = require('node:child_process');

function runNode(script, args, nodeArgs = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').reverse().find((l) => l.startsWith('RESULT '));
      if (!line) reject(new Error(`${script} exited (${code}) without a result: ${stderr}`));
      else resolve(JSON.parse(line.slice('RESULT '.length)));
    });
  });
}

module.exports = { runNode };
