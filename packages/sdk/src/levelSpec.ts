import { ConfigError } from './errors.js';
import { parseLevel, type LevelInput } from './levels.js';
import { describeValue } from './internal/describe.js';

/** A parsed level specification: the root level (if given) and per-logger overrides. */
export interface LevelSpec {
  root: number | undefined;
  loggers: Map<string, number>;
}

/**
 * Parses a level specification such as `MLOTEL_LEVEL="INFO,demo.scoring=DEBUG"`: an optional
 * bare level for the root logger, then `logger.name=LEVEL` overrides, comma separated. A number
 * is a root level. Throws {@link ConfigError} naming `option` and the bad part.
 * @example parseLevelSpec('WARN,app.db=DEBUG') // { root: 30, loggers: Map { 'app.db' => 10 } }
 */
export function parseLevelSpec(input: LevelInput, option = 'level'): LevelSpec {
  const spec: LevelSpec = { root: undefined, loggers: new Map() };
  if (typeof input === 'number') {
    spec.root = parseLevel(input, option);
    return spec;
  }
  if (typeof input !== 'string') {
    throw new ConfigError(option, `expected a level or a spec like "INFO,my.logger=DEBUG", got ${typeof input}`);
  }
  for (const rawPart of input.split(',')) {
    const part = rawPart.trim();
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq === -1) {
      if (spec.root !== undefined) {
        throw new ConfigError(option, `two root levels in ${describeValue(input)}; give one bare level, then name=LEVEL pairs`);
      }
      spec.root = parseLevel(part, option);
      continue;
    }
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === '' || value === '') {
      throw new ConfigError(option, `${describeValue(part)} is not "logger.name=LEVEL" (in ${describeValue(input)})`);
    }
    spec.loggers.set(name, parseLevel(value, option));
  }
  if (spec.root === undefined && spec.loggers.size === 0) {
    throw new ConfigError(option, `empty level spec; use e.g. "INFO" or "INFO,my.logger=DEBUG"`);
  }
  return spec;
}
