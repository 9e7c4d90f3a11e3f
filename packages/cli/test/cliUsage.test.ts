/**
 * `mlotel --help`, `mlotel <command> --help` and the one-line errors for bad options, run
 * through the built bin as real child processes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { COMMAND_NAMES, commandUsage, mainUsage } from '../src/cli/usage';
import { BIN, requireBuiltCli } from './support/childReceiver';

const PACKAGE_DIR = resolve(__dirname, '..');

function mlotel(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  // stdin closed and a timeout, so a command that wrongly starts (collect) cannot hang the test.
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The checks every usage error must pass: one line, our prefix, no quoting artefacts. */
function expectCleanOneLiner(stderr: string, prefix: string): void {
  const lines = stderr.split('\n');
  expect(lines).toHaveLength(2); // the message, then the final newline
  const [line = ''] = lines;
  expect(line.startsWith(`${prefix}: `)).toBe(true);
  expect(line).not.toMatch(/'/); // parseArgs' own quoting style
  expect(line).not.toMatch(/""|\\"|"--/); // doubled, escaped, or options wrapped in quotes
  expect(line.split('"').length % 2).toBe(1); // quotes come in pairs
  expect(line).not.toMatch(/Error:|\bat \S+ \(|\[object /); // no error class, stack frame or object dump
}

beforeAll(() => requireBuiltCli());

describe('mlotel <command> --help', () => {
  it.each(COMMAND_NAMES.flatMap((command) => [[command, '--help'], [command, '-h']]))(
    'mlotel %s %s prints that command\'s usage on stdout and exits 0',
    (command, flag) => {
      const r = mlotel(command, flag);
      expect(r).toMatchObject({ status: 0, stderr: '' });
      expect(r.stdout.startsWith(`Usage:\n  mlotel ${command} `)).toBe(true);
      expect(r.stdout).toBe(commandUsage(command));
      expect(r.stdout).toMatch(/^ {2}-h, --help +print this help$/m);
    },
  );

  it.each(COMMAND_NAMES)('mlotel help %s prints the same usage as its --help', (command) => {
    expect(mlotel('help', command)).toMatchObject({ status: 0, stdout: commandUsage(command) });
  });

  it.each([
    ['tail', ['--bogus', '--help']],
    ['collect', ['--port', 'http', '-h']],
    ['dataset', ['--help']], // --out is required, but not to read the help
    ['tail', ['-fh']], // -h inside a group of short flags
  ])('mlotel %s %j prints the usage even with other mistakes on the line', (command, args) => {
    const r = mlotel(command, ...args);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(commandUsage(command as (typeof COMMAND_NAMES)[number]));
  });

  it('reads -h after -- as a file name, not as a request for help', () => {
    const r = mlotel('tail', '--', '-h');
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('Usage:');
  });

  it.each(COMMAND_NAMES)('documents in mlotel %s --help only options the command accepts', (command) => {
    const documented = [...commandUsage(command).matchAll(/^ {2}(?:-\w, )?(--[\w-]+)( [^ ]+)?/gm)]
      .map((m) => ({ option: m[1] ?? '', takesValue: m[2] !== undefined }))
      .filter(({ option }) => option !== '--help');
    expect(documented.length).toBeGreaterThan(2);
    for (const { option, takesValue } of documented) {
      // A known option passes, so the parser stops at the unknown one after it (and nothing starts).
      const r = mlotel(command, option, ...(takesValue ? ['x'] : []), '--not-an-option');
      expect(r.stderr).toMatch(/: unknown option --not-an-option /);
    }
  });
});

describe('mlotel --help', () => {
  it.each([[['--help']], [['-h']], [['help']], [[]]])('mlotel %j lists every command and exits 0', (args) => {
    const r = mlotel(...args);
    expect(r).toMatchObject({ status: 0, stderr: '', stdout: mainUsage() });
    for (const command of COMMAND_NAMES) expect(r.stdout).toContain(`\n  mlotel ${command} `);
    expect(r.stdout).toContain('mlotel <command> --help');
  });

  it('sends readers only to files that ship in the package', () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { files: string[] };
    const shipped = new Set(['README.md', 'LICENSE', 'package.json', ...pkg.files]); // npm always packs the first three
    const texts = [mainUsage(), ...COMMAND_NAMES.map(commandUsage)].join('\n');
    const named = [...texts.matchAll(/[\w./-]+\.md\b|\bdocs\/[\w./-]*/g)].map((m) => m[0]);
    expect(named.length).toBeGreaterThan(0);
    for (const file of named) {
      expect(shipped.has(file) || shipped.has(file.split('/')[0] ?? '')).toBe(true);
      expect(existsSync(join(PACKAGE_DIR, file))).toBe(true);
    }
  });
});

describe('bad options', () => {
  it.each([
    ['tail', ['--bogus'], /^unknown option --bogus \(mlotel tail --help lists the options\)$/],
    ['tail', ['-x'], /^unknown option -x /],
    ['tail', ['--folow'], /^unknown option --folow, did you mean --follow\? /],
    ['tail', ['--level'], /^--level needs a value, e.g. --level WARNING$/],
    ['tail', ['--level', '--json'], /^--level needs a value, e.g. --level WARNING \(a value that starts with a dash is written --level=VALUE\)$/],
    ['tail', ['--level', 'LOUD'], /^--level must be DEBUG, INFO, WARNING, ERROR or CRITICAL \(or 10, 20, 30, 40, 50\), got "LOUD"$/],
    ['tail', ['--level', 'two\nlines'], /got "two\\nlines"$/],
    ['tail', ['--since', 'yesterday'], /^--since must be a duration like 10m or 2h, or an ISO time like .*, got "yesterday"$/],
    ['tail', ['--json=yes'], /^--json takes no value: write --json alone$/],
    ['collect', ['--nope'], /^unknown option --nope \(mlotel collect --help lists the options\)$/],
    ['collect', ['--max-bytes', '1'], /^unknown option --max-bytes, did you mean --max-body\? /],
    ['collect', ['--port'], /^--port needs a value, e.g. --port 4318$/],
    ['collect', ['--port', 'http'], /^--port must be a number between 0 and 65535, got "http"$/],
    ['collect', ['--max-body', 'lots'], /^--max-body must be a size like 8MiB/],
    ['collect', ['--request-timeout', '10'], /^--request-timeout must be a duration like 30s/],
    ['collect', ['--quiet=1'], /^--quiet takes no value: write --quiet alone$/],
    ['collect', ['extra'], /^unexpected argument "extra": mlotel collect takes only options \(mlotel collect --help lists the options\)$/],
    ['dataset', [], /^--out is required, e.g. --out train.csv or --out train.jsonl$/],
    ['dataset', ['--out'], /^--out needs a value, e.g. --out train.csv$/],
    ['dataset', ['--labeled-only'], /^unknown option --labeled-only, did you mean --labelled-only\? /],
    ['dataset', ['--out', 'train.txt', '--in', '.'], /^--out must end in \.csv, \.jsonl or \.parquet \(or give --format csv\|jsonl\|parquet\), got "train.txt"$/],
    ['dataset', ['--out', 'train.csv', '--in', '.', '--report=yes'], /^--report takes no value: write --report alone$/],
    ['eval', [], /^give at least one --in file/],
    ['eval', ['--in', '.', '--task', 'ranking'], /^--task must be classification or regression, got "ranking"/],
    ['eval', ['--out', 'x.csv'], /^unknown option --out \(mlotel eval --help lists the options\)$/],
  ])('mlotel %s %j exits 2 with one clean line naming the option and the fix', (command, args, message) => {
    const r = mlotel(command, ...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expectCleanOneLiner(r.stderr, `mlotel ${command}`);
    expect(r.stderr.trimEnd().slice(`mlotel ${command}: `.length)).toMatch(message);
  });

  it.each([
    [['frobnicate'], /^mlotel: unknown command "frobnicate": the first argument is a command, collect, tail, dataset or eval \(mlotel --help lists them\)$/],
    [['--verbose'], /^mlotel: unknown option --verbose: the first argument is a command, /],
    [['help', 'nope'], /^mlotel: unknown command "nope": /],
  ])('mlotel %j exits 2 with one clean line listing the commands', (args, message) => {
    const r = mlotel(...args);
    expect(r.status).toBe(2);
    expectCleanOneLiner(r.stderr, 'mlotel');
    expect(r.stderr.trimEnd()).toMatch(message);
  });
});
