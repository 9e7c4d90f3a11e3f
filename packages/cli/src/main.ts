/**
 * Entry point of the `mlotel` binary: dispatches to a command and turns errors into exit
 * codes (2 for usage mistakes, with the fix in the message; 1 for anything else).
 */
import { collectCommand, datasetCommand, evalCommand, tailCommand } from './cli/commands.js';
import { COMMAND_NAMES, commandUsage, isCommandName, mainUsage, type CommandName } from './cli/usage.js';
import { quoteArg, UsageError } from './usageError.js';
import { VERSION } from './version.js';

const COMMANDS: Readonly<Record<CommandName, (args: string[]) => Promise<number>>> = {
  collect: collectCommand,
  tail: tailCommand,
  dataset: datasetCommand,
  eval: evalCommand,
};

function print(text: string): number {
  process.stdout.write(text);
  return 0;
}

function notACommand(word: string): UsageError {
  const known = `${COMMAND_NAMES.slice(0, -1).join(', ')} or ${COMMAND_NAMES[COMMAND_NAMES.length - 1]}`;
  const what = word.startsWith('-') ? `unknown option ${word}` : `unknown command ${quoteArg(word)}`;
  return new UsageError(`${what}: the first argument is a command, ${known} (mlotel --help lists them)`);
}

async function run(command: string | undefined, rest: string[]): Promise<number> {
  if (isCommandName(command)) return COMMANDS[command](rest);
  switch (command) {
    case undefined:
    case '--help':
    case '-h':
      return print(mainUsage());
    case 'help': {
      // `mlotel help tail` is `mlotel tail --help`.
      const [topic] = rest;
      if (topic === undefined) return print(mainUsage());
      if (isCommandName(topic)) return print(commandUsage(topic));
      throw notACommand(topic);
    }
    case '--version':
    case '-v':
      return print(`${VERSION}\n`);
    default:
      throw notACommand(command);
  }
}

/**
 * Runs the CLI with `argv` (without node and script) and sets `process.exitCode`.
 * Never rejects.
 * @example main(['tail', '--level', 'WARNING'])
 */
export async function main(argv: string[]): Promise<void> {
  // `mlotel tail | head` closes our stdout early: that is a normal way to stop, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
  });
  const [command, ...rest] = argv;
  // Messages name the command that refused its arguments: `mlotel tail: unknown option --x ...`.
  const prefix = isCommandName(command) ? `mlotel ${command}` : 'mlotel';
  try {
    process.exitCode = await run(command, rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${prefix}: ${err.message}\n`);
      process.exitCode = 2;
    } else {
      const e = err as NodeJS.ErrnoException;
      const hint = e.code === 'EADDRINUSE' ? ' (another process uses that port: pick another with --port, or --port 0)' : '';
      process.stderr.write(`${prefix}: ${e.message ?? String(err)}${hint}\n`);
      process.exitCode = 1;
    }
  }
}
