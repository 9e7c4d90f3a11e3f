/**
 * Option parsing for the `mlotel` commands (node:util parseArgs, strict) with errors that
 * read well. parseArgs' own messages quote unevenly and, for a mistyped option, suggest
 * `-- "--x"` with a stray quote, so the arguments are checked here first, token by token,
 * and each problem becomes one line naming the option and the fix.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { quoteArg, UsageError } from '../usageError.js';
import { exampleValue, type CommandName } from './usage.js';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/** What a command accepts: its arguments, its options and whether it takes operands. */
export interface CommandArgsConfig {
  readonly args: string[];
  readonly options: OptionsConfig;
  readonly allowPositionals?: boolean;
}

/** The values and operands parseArgs gives for `T` in strict mode. */
type StrictParse<T extends CommandArgsConfig> = ReturnType<typeof parseArgs<T & { strict: true }>>;

/** Either a request for the command's help, or its parsed values and operands. */
export type ParsedCommandArgs<T extends CommandArgsConfig> = { help: true } | ({ help: false } & StrictParse<T>);

/** `-h` and `--help` are accepted by every command, anywhere before `--`. */
const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * Parses a command's arguments strictly. Returns `{ help: true }` when they ask for help
 * (`-h` or `--help` anywhere before `--`, whatever else is wrong), else the parsed values
 * and operands with `help: false`.
 * @throws UsageError for an unknown option, a missing value, a value given to a flag or an
 * operand the command does not take, naming the option and the fix.
 * @example parseCommandArgs('tail', { args: ['--level', 'WARNING'], options: { level: { type: 'string' } } })
 */
export function parseCommandArgs<T extends CommandArgsConfig>(command: CommandName, config: T): ParsedCommandArgs<T> {
  const options: OptionsConfig = { ...config.options, ...HELP_OPTION };
  const { tokens } = parseArgs({ args: config.args, options, strict: false, allowPositionals: true, tokens: true });
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help')) return { help: true };
  for (const token of tokens) {
    const problem = problemWith(token, command, config);
    if (problem) throw new UsageError(problem);
  }
  try {
    return { help: false, ...parseArgs({ ...config, strict: true as const }) };
  } catch (err) {
    // Unreachable while the checks above cover parseArgs' strict rules; kept so that a rule
    // added by a later Node still ends as a usage error, not a crash.
    throw new UsageError(`${(err as Error).message} (${listedBy(command)})`);
  }
}

function problemWith(token: Token, command: CommandName, config: CommandArgsConfig): string | undefined {
  if (token.kind === 'positional') {
    if (config.allowPositionals) return undefined;
    return `unexpected argument ${quoteArg(token.value)}: mlotel ${command} takes only options (${listedBy(command)})`;
  }
  if (token.kind !== 'option') return undefined;
  const option = Object.hasOwn(config.options, token.name) ? config.options[token.name] : undefined;
  if (option === undefined) return unknownOption(token.rawName, command, config.options);
  const flag = `--${token.name}`;
  if (option.type === 'boolean') {
    return token.value === undefined ? undefined : `${flag} takes no value: write ${flag} alone`;
  }
  // parseArgs takes the next argument as the value even when it looks like an option
  // (`--level --json`); in strict mode that is refused, so it is a missing value here too.
  const looksLikeOption = token.value !== undefined && !token.inlineValue && token.value.length > 1 && token.value.startsWith('-');
  if (token.value !== undefined && !looksLikeOption) return undefined;
  const example = exampleValue(command, token.name) ?? 'VALUE';
  const dashHint = looksLikeOption ? ` (a value that starts with a dash is written ${flag}=VALUE)` : '';
  return `${flag} needs a value, e.g. ${flag} ${example}${dashHint}`;
}

function unknownOption(rawName: string, command: CommandName, options: OptionsConfig): string {
  const guess = closestOption(rawName.replace(/^-+/, ''), options);
  const didYouMean = guess ? `, did you mean --${guess}?` : '';
  return `unknown option ${rawName}${didYouMean} (${listedBy(command)})`;
}

/** The known option sharing the longest prefix (3 characters at least) with `name`, if only one does. */
function closestOption(name: string, options: OptionsConfig): string | undefined {
  const shared = (known: string): number => {
    let n = 0;
    while (n < name.length && n < known.length && name[n] === known[n]) n++;
    return n;
  };
  const scored = Object.keys(options).map((known) => ({ known, n: shared(known) }));
  const best = Math.max(0, ...scored.map((s) => s.n));
  const winners = scored.filter((s) => s.n === best);
  return best >= 3 && winners.length === 1 ? winners[0]?.known : undefined;
}

function listedBy(command: CommandName): string {
  return `mlotel ${command} --help lists the options`;
}
