import { ConfigError } from './errors.js';
import { describeValue } from './internal/describe.js';
import { processState } from './internal/processState.js';

/**
 * The Python `logging` levels. A level is a plain integer, so custom levels (registered with
 * {@link addLevelName}) sit between these. `WARN` and `FATAL` are aliases.
 * @example log.log(Level.WARNING, 'disk almost full')
 */
export const Level = Object.freeze({
  NOTSET: 0,
  DEBUG: 10,
  INFO: 20,
  WARNING: 30,
  WARN: 30,
  ERROR: 40,
  CRITICAL: 50,
  FATAL: 50,
} as const);

/** One of the numeric values of {@link Level}, or any custom integer level. */
export type LevelValue = number;

/** A level as users write it: a number (`20`), a name (`'info'`, `'WARN'`) or a numeric string (`'25'`). */
export type LevelInput = number | string;

/** The level names of the process, shared by every copy of mlotel loaded. */
interface LevelNames {
  /** Name -> level, upper-case keys. */
  byName: Map<string, number>;
  /** Level -> canonical name. */
  byLevel: Map<number, string>;
  /** Bumped on every addLevelName so severity-text caches know to rebuild. */
  version: number;
}

// Process state because levels are process-wide in Python too (`logging.addLevelName`).
const names = processState('levelNames', (): LevelNames => ({
  byName: new Map<string, number>([
    ['NOTSET', 0],
    ['DEBUG', 10],
    ['INFO', 20],
    ['WARNING', 30],
    ['WARN', 30],
    ['ERROR', 40],
    ['CRITICAL', 50],
    ['FATAL', 50],
  ]),
  byLevel: new Map<number, string>([
    [0, 'NOTSET'],
    [10, 'DEBUG'],
    [20, 'INFO'],
    [30, 'WARNING'],
    [40, 'ERROR'],
    [50, 'CRITICAL'],
  ]),
  version: 0,
}));
const levelByName = names.byName;
const nameByLevel = names.byLevel;

/** Highest level accepted at setup: well above CRITICAL (50), far below where numbers lose integer precision. */
const MAX_LEVEL = 1000;

/** Longest custom level name: it is sent as the severityText of every record at that level. */
const MAX_LEVEL_NAME_LENGTH = 64;

// 1 to 64 characters, none of them whitespace, ",", "=" (MLOTEL_LEVEL is "NAME,logger=NAME")
// or control/format/unassigned code points; not all digits (a numeric string parses as a number).
const LEVEL_NAME = new RegExp(`^[^\\s,=\\p{C}]{1,${MAX_LEVEL_NAME_LENGTH}}$`, 'u');

/** @internal Changes whenever a level name is added; lets caches of names invalidate cheaply. */
export function levelNamesVersion(): number {
  return names.version;
}

/**
 * Registers (or renames) a level, as Python's `logging.addLevelName`. The name then parses
 * case-insensitively and becomes the severityText of records at that level.
 * Throws {@link ConfigError} for a level that is not an integer from 0 to 1000, or
 * a name that is not 1 to 64 printable characters without spaces,
 * commas or `=` (so that `MLOTEL_LEVEL` can name it), or is all digits. Never throws anything
 * else, whatever it is given.
 * @example addLevelName(25, 'NOTICE'); log.log(25, 'model reloaded')
 */
export function addLevelName(level: number, name: string): void {
  if (typeof level !== 'number' || !Number.isInteger(level) || level < 0 || level > MAX_LEVEL) {
    throw new ConfigError('addLevelName', `level must be an integer from 0 to ${MAX_LEVEL}, got ${describeValue(level)}`);
  }
  if (typeof name !== 'string' || !LEVEL_NAME.test(name) || /^\d+$/.test(name)) {
    throw new ConfigError(
      'addLevelName',
      `name must be 1 to ${MAX_LEVEL_NAME_LENGTH} printable characters without spaces, commas or "=", and not only digits (e.g. 'NOTICE'), got ${describeValue(name)}`,
    );
  }
  levelByName.set(name.toUpperCase(), level);
  nameByLevel.set(level, name);
  names.version++;
}

/**
 * The name of a level: `'INFO'` for 20, the registered name of a custom level, else
 * `'Level N'` (as Python). Never throws.
 * @example getLevelName(30) // 'WARNING'; getLevelName(25) // 'Level 25'
 */
export function getLevelName(level: number): string {
  const name = nameByLevel.get(level);
  return name !== undefined ? name : `Level ${typeof level === 'number' ? level : describeValue(level)}`;
}

/**
 * Looks a level up without throwing: a known name (any case), a numeric string, or an
 * integer, from 0 to 1000. Returns `undefined` when it is none of these.
 * @internal
 */
export function lookupLevel(input: unknown): number | undefined {
  if (typeof input === 'number') {
    return Number.isInteger(input) && input >= 0 && input <= MAX_LEVEL ? input : undefined;
  }
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  if (/^\d+$/.test(text)) {
    const level = Number(text);
    return level <= MAX_LEVEL ? level : undefined;
  }
  return levelByName.get(text.toUpperCase());
}

/**
 * Parses a level as users write it: `'debug'`, `'WARN'`, `'25'` or `25`.
 * Throws {@link ConfigError} naming `option` (default `level`) and the known names when it
 * cannot; this runs at setup, never on the logging path.
 * @example parseLevel('warn') // 30
 */
export function parseLevel(input: LevelInput, option = 'level'): number {
  const level = lookupLevel(input);
  if (level === undefined) {
    const known = [...new Set(levelByName.keys())].join(', ');
    throw new ConfigError(
      option,
      `unknown level ${describeValue(input)}; use an integer from 0 to ${MAX_LEVEL} or one of ${known} (any case), or register it with addLevelName()`,
    );
  }
  return level;
}
