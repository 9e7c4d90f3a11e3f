#!/usr/bin/env node
// The compatibility matrix, run as a user would: for each Node version, a fresh project
// outside the repo installs the packed @mlotel/sdk and mlotel with @opentelemetry/sdk-node
// in both orders (npm picks the OTel JS line by the Node version), then runs the app in
// ./app (CJS and ESM flavours x NodeSDK before/after init()/alone/absent) against a real
// `mlotel collect`, and checks from the files what arrived, through which pipeline, with
// which trace ids. Prints a table; exits 1 if any check fails.
//
// On Node versions other than the repo's own (20), it also runs the SDK's jest suite against
// the OTel line npm resolves there (sdkSuite.mjs).
//
//   node test/compat/run.mjs [--node 20,22,24] [--keep] [--no-sdk-suite]
//
// Node binaries other than the running one: nodeBinaries.mjs.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyse, expectations } from './analyse.mjs';
import { nodeBinDir } from './nodeBinaries.mjs';
import { layOutSdkSuite } from './sdkSuite.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const args = process.argv.slice(2);
const versions = (valueOf('--node') ?? '20,22,24').split(',').map((v) => v.trim()).filter(Boolean);
const keep = args.includes('--keep');
const sdkSuite = !args.includes('--no-sdk-suite');
const ORDERS = ['sdk-first', 'init-first', 'sdk-only', 'mlotel-only'];
const FLAVOURS = ['cjs', 'esm'];

function valueOf(flag) {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

function envFor(binDir, extra = {}) {
  return { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH}`, npm_config_update_notifier: 'false', ...extra };
}

/** Runs a command to its end; its exit code and everything it printed (stdout, then stderr). */
function sh(cmd, cmdArgs, options) {
  const run = spawnSync(cmd, cmdArgs, { ...options, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  return { code: run.status ?? 1, out: `${run.stdout ?? ''}${run.stderr ?? ''}` };
}

function pack(dest) {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: repo, stdio: 'inherit' });
  execFileSync('npm', ['pack', '--silent', '-w', 'packages/sdk', '-w', 'packages/cli', '--pack-destination', dest], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
  const files = readdirSync(dest);
  return {
    sdk: join(dest, files.find((f) => f.startsWith('mlotel-sdk-'))),
    cli: join(dest, files.find((f) => /^mlotel-\d/.test(f))),
  };
}

const NPM_I = ['install', '--no-audit', '--no-fund', '--loglevel=error'];

/** A fresh project; installs mlotel and sdk-node in `order`; returns exit codes and versions. */
function install(dir, env, tarballs, mlotelFirst) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "name": "compat-app", "private": true }\n');
  const mlotel = [tarballs.sdk, tarballs.cli];
  const sdkNode = ['@opentelemetry/sdk-node'];
  const first = sh('npm', [...NPM_I, ...(mlotelFirst ? mlotel : sdkNode)], { cwd: dir, env });
  const second = sh('npm', [...NPM_I, ...(mlotelFirst ? sdkNode : mlotel)], { cwd: dir, env });
  const ls = sh('npm', ['ls', '--all'], { cwd: dir, env });
  return { first, second, ls };
}

/** The top-level versions of the OTel packages that decide the line, read from node_modules. */
function versionsIn(dir) {
  return ['api', 'api-logs', 'sdk-logs', 'sdk-node'].map((name) => {
    const file = join(dir, 'node_modules', '@opentelemetry', name, 'package.json');
    return `${name} ${existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : '-'}`;
  }).join(', ');
}

/** Starts `mlotel collect` on a free port; resolves with its URL and a stop function. */
function startReceiver(dir, dataDir, env) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(join(dir, 'node_modules', '.bin', 'mlotel'), ['collect', '--port', '0', '--dir', dataDir, '--quiet'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk) => {
      err += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(err);
      if (match) {
        resolvePromise({
          url: match[1],
          stop: () => new Promise((done) => { child.once('exit', done); child.kill('SIGTERM'); }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`mlotel collect exited ${code}: ${err}`)));
  });
}

function runApp(dir, flavour, order, url, env) {
  return new Promise((resolvePromise) => {
    const child = spawn('node', [flavour === 'esm' ? 'app.mjs' : 'app.cjs'], {
      cwd: dir,
      env: { ...env, ORDER: order, OTEL_EXPORTER_OTLP_ENDPOINT: url, OTEL_METRICS_EXPORTER: 'none', OTEL_LOG_LEVEL: 'none' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    child.once('exit', (code) => resolvePromise({ code, out, err }));
  });
}

const rows = [];
const suites = [];
const failures = [];
const work = mkdtempSync(join(tmpdir(), 'mlotel-compat-'));
const tarballs = pack(work);
for (const major of versions) {
  const binDir = nodeBinDir(major);
  const env = envFor(binDir);
  const installs = {};
  for (const mlotelFirst of [true, false]) {
    const name = mlotelFirst ? 'mlotel-first' : 'sdk-node-first';
    const dir = join(work, `node${major}-${name}`);
    const result = install(dir, env, tarballs, mlotelFirst);
    installs[name] = { dir, ...result };
    const ok = result.first.code === 0 && result.second.code === 0 && result.ls.code === 0;
    const line = `Node ${major}: npm i ${mlotelFirst ? '@mlotel/sdk, then @opentelemetry/sdk-node' : '@opentelemetry/sdk-node, then @mlotel/sdk'}: exit ${result.first.code}/${result.second.code}, npm ls exit ${result.ls.code}; ${versionsIn(dir)}`;
    console.log(line);
    if (!ok) failures.push(`${line}\n${result.first.out}${result.second.out}${result.ls.out.split('\n').filter((l) => /ERR|invalid|missing/.test(l)).join('\n')}`);
  }
  if (sdkSuite && major !== '20') {
    const suiteDir = join(work, `node${major}-sdk-suite`);
    layOutSdkSuite(repo, suiteDir, major);
    const installed = sh('npm', NPM_I, { cwd: suiteDir, env });
    const built = installed.code === 0 ? sh('npx', ['tsc', '-p', 'packages/sdk/tsconfig.json'], { cwd: suiteDir, env }) : installed;
    const typed = built.code === 0 ? sh('npx', ['tsc', '-p', 'tsconfig.check.json'], { cwd: suiteDir, env }) : built;
    const tests = typed.code === 0 ? sh('npx', ['jest', '--ci'], { cwd: suiteDir, env }) : typed;
    const summary = tests.out.split('\n').filter((l) => /^Tests:/.test(l)).pop() ?? 'no summary';
    const line = `Node ${major}: the SDK's sources and tests type-checked and its jest suite run on ${versionsIn(suiteDir)}: ${summary.replace(/\s+/g, ' ')}`;
    console.log(line);
    suites.push(line);
    if (tests.code !== 0) failures.push(`${line}\n${tests.out.split('\n').filter((l) => /●|✕|error/i.test(l)).slice(0, 40).join('\n')}`);
  }
  const dir = installs['sdk-node-first'].dir;
  const extra = sh('npm', [...NPM_I, '@opentelemetry/instrumentation-http'], { cwd: dir, env });
  if (extra.code !== 0) failures.push(`Node ${major}: npm i @opentelemetry/instrumentation-http failed:\n${extra.out}`);
  cpSync(join(here, 'app'), dir, { recursive: true });
  for (const order of ORDERS) {
    for (const flavour of FLAVOURS) {
      const dataDir = join(dir, `data-${order}-${flavour}`);
      const receiver = await startReceiver(dir, dataDir, env);
      const app = await runApp(dir, flavour, order, receiver.url, env);
      await receiver.stop();
      const row = analyse({ major, flavour, order, app, dataDir, projectDir: dir });
      rows.push(row);
      const problems = expectations(row);
      if (app.code !== 0) problems.push(`app exited ${app.code}: ${app.err}`);
      if (problems.length > 0) failures.push(`Node ${major} ${flavour} ${order}:\n  ${problems.join('\n  ')}\n  stderr: ${app.err.trim()}`);
    }
  }
}

const columns = ['node', 'api', 'flavour', 'order', 'mlotel records', 'via', 'with server span', 'lib DEBUG w/ model', 'plain API', 'stats.emitted', 'warnings'];
console.log(`\n| ${columns.join(' | ')} |\n|${columns.map(() => '---').join('|')}|`);
for (const r of rows) {
  console.log(`| ${[r.node, r.api, r.flavour, r.order, `${r.mlotelRecords}/${r.expectedMlotel}`, r.via, r.withServerSpan, r.libDebugWithModel, r.plain, r.emitted ?? '-', r.warnings].join(' | ')} |`);
}
if (!keep) rmSync(work, { recursive: true, force: true });
else console.log(`\nkept ${work}`);
// Checks: two installs per Node version, the SDK suites, and each row.
const checks = versions.length * 2 + suites.length + rows.length;
if (failures.length > 0) console.log(`\n${failures.length} failed:\n${failures.join('\n')}`);
console.log(`\ncompat: ${checks - failures.length} passed, ${failures.length} failed`);
process.exitCode = failures.length > 0 ? 1 : 0;
