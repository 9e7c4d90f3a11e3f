import { ATTR_ML_MODEL_FRAMEWORK, ATTR_ML_MODEL_NAME, ATTR_ML_MODEL_STAGE, ATTR_ML_MODEL_VERSION } from './semconv.js';
import { sanitizeValue } from './internal/sanitize.js';

/**
 * The model a logger speaks for. `name` and `version` become `ml.model.name` and
 * `ml.model.version` on every record; `stage` and `framework` their `ml.model.*`
 * counterparts; any other key `k` becomes `ml.model.k`.
 * @example log.withModel({ name: 'iris', version: 'v2', stage: 'canary' })
 */
export interface ModelContext {
  name: string;
  version?: string;
  stage?: string;
  framework?: string;
  [extra: string]: unknown;
}

const KEY_FOR: Record<string, string> = {
  name: ATTR_ML_MODEL_NAME,
  version: ATTR_ML_MODEL_VERSION,
  stage: ATTR_ML_MODEL_STAGE,
  framework: ATTR_ML_MODEL_FRAMEWORK,
};

/** Prefix of every model attribute. */
export const MODEL_ATTRIBUTE_PREFIX = 'ml.model.';

/**
 * The record attributes for a model context. Never throws: a missing or non-string name
 * becomes its string form (or `unknown`), other values are sanitised.
 * @example modelAttributes({ name: 'iris', version: 'v1' }) // { 'ml.model.name': 'iris', 'ml.model.version': 'v1' }
 */
export function modelAttributes(model: ModelContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let keys: string[];
  try {
    keys = model !== null && typeof model === 'object' ? Object.keys(model) : [];
  } catch {
    keys = [];
  }
  for (const key of keys) {
    let value: unknown;
    try {
      value = (model as Record<string, unknown>)[key];
    } catch {
      continue;
    }
    if (value === undefined) continue;
    const clean = sanitizeValue(value);
    out[Object.hasOwn(KEY_FOR, key) ? (KEY_FOR[key] as string) : MODEL_ATTRIBUTE_PREFIX + key] =
      typeof clean === 'string' || typeof clean === 'number' || typeof clean === 'boolean' ? clean : JSON.stringify(clean);
  }
  const name = out[ATTR_ML_MODEL_NAME];
  if (name === undefined || name === '') out[ATTR_ML_MODEL_NAME] = 'unknown';
  else if (typeof name !== 'string') out[ATTR_ML_MODEL_NAME] = String(name);
  if (out[ATTR_ML_MODEL_VERSION] !== undefined && typeof out[ATTR_ML_MODEL_VERSION] !== 'string') {
    out[ATTR_ML_MODEL_VERSION] = String(out[ATTR_ML_MODEL_VERSION]);
  }
  return out;
}
