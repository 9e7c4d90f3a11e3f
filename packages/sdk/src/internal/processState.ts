/**
 * State that must be one per process, however many copies of `@mlotel/sdk` are loaded: an
 * ESM app that imports the ESM build and a CommonJS library that requires the CJS build get
 * two module instances, and without this, two sets of levels, two `init()` states and two
 * `stats()` (the library's DEBUG records lost, its INFO records without the default model).
 *
 * Each stateful module asks for its part by key at load time: the first copy creates it, the
 * others reuse it. The store lives under a global symbol and carries a layout number; a copy
 * built with another layout keeps state of its own (its parts may have another shape), and
 * says so once on stderr.
 */

/** Bump whenever the shape of a shared part changes. */
// 2: the ML settings gained the dataset payload budget (issue 13).
const STATE_LAYOUT = 2;
const STATE_KEY = Symbol.for('mlotel.sdk.processState');

interface ProcessStore {
  readonly layout: number;
  readonly parts: Map<string, unknown>;
}

const store: ProcessStore = claimStore();

function claimStore(): ProcessStore {
  const global = globalThis as Record<symbol, unknown>;
  const existing = global[STATE_KEY] as ProcessStore | undefined;
  if (existing === undefined) {
    const created: ProcessStore = { layout: STATE_LAYOUT, parts: new Map() };
    Object.defineProperty(global, STATE_KEY, { value: created, enumerable: false, configurable: true, writable: false });
    return created;
  }
  if (existing.layout === STATE_LAYOUT && existing.parts instanceof Map) return existing;
  try {
    process.stderr.write(
      `mlotel: warning: two incompatible copies of @mlotel/sdk are loaded in this process (state layouts ${String(existing.layout)} and ${STATE_LAYOUT}); ` +
      'they do not share levels, init() or stats(). Make every package depend on the same @mlotel/sdk version (npm ls @mlotel/sdk shows them).\n',
    );
  } catch {
    // stderr closed: nothing else to tell.
  }
  return { layout: STATE_LAYOUT, parts: new Map() };
}

/**
 * This process's part named `key`, created by `create` if no copy of mlotel made it yet.
 * Call once per module, at load time, and keep the result: the hot path must not look it up.
 * @example const runtime = processState('runtime', () => ({ generation: 0 }));
 * @internal
 */
export function processState<T>(key: string, create: () => T): T {
  const parts = store.parts;
  if (parts.has(key)) return parts.get(key) as T;
  const part = create();
  parts.set(key, part);
  return part;
}
