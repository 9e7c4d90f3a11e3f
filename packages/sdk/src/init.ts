import { ConfigError } from './errors.js';
import { resolveConfig, type InitOptions, type ResolvedConfig } from './config.js';
import { getLogger } from './logger.js';
import { modelAttributes } from './modelContext.js';
import type { LoggerProviderLike } from './otelLogs.js';
import { buildResource } from './resource.js';
import { startTracing, type TracingSetup } from './tracing.js';
import { appProviderNotice, identityAttributes } from './export/appProvider.js';
import { globalsRegisteredSince, snapshotGlobals } from './export/globalsWatch.js';
import { buildLoggerProvider, type BuiltPipeline, type PipelineHooks } from './export/pipeline.js';
import { registeredLoggerProvider, registerGlobalLoggerProvider } from './internal/globalLogs.js';
import { refreshThresholds } from './internal/hierarchy.js';
import { processState } from './internal/processState.js';
import { newCounters, runtime, type Counters } from './internal/runtime.js';
import { warnSetupOnce } from './internal/setupWarning.js';
import type { Stats } from './stats.js';
import { withTimeout } from './internal/timeout.js';
import { DEFAULT_ML_SETTINGS } from './ml/mlSettings.js';

/** What {@link init} returns. */
export interface Mlotel {
  /** Exports what is queued. Never rejects; returns within `flushTimeoutMillis` even when the collector is down. */
  forceFlush(): Promise<void>;
  /**
   * Flushes and closes the pipeline (and tracing). Idempotent, never rejects, bounded by
   * `flushTimeoutMillis`. Once it has resolved, nothing of mlotel's log pipeline keeps the
   * process alive: exports and retries still running (the collector is slow, down or refusing)
   * are abandoned, their records counted as `dropped`.
   */
  shutdown(): Promise<void>;
  /**
   * `shutdown()`, then `process.exit(code)`: the way to end a process on purpose without losing
   * what it logged last (`process.exit()` alone runs no `beforeExit`, so queued records, often
   * the CRITICAL that says why, are lost). Waits at most `flushTimeoutMillis`, also with the
   * collector down; never rejects, and never resolves, since the process ends. Without `code`,
   * `process.exitCode` applies, as with `process.exit()`.
   * @example
   * try { model = await loadModel(path); }
   * catch (err) { log.critical('cannot load the model', { path, err }); await mlotel.exit(1); }
   */
  exit(code?: number): Promise<never>;
  /**
   * A snapshot of the counters. After `shutdown()` has returned they are final: records of
   * mlotel's own pipeline it could not send in time are counted as `dropped`, so
   * `emitted === exported + failedExports + dropped`, and nothing changes them any more.
   */
  stats(): Stats;
}

/**
 * The pipeline of the current init(), so a second init() can refuse and shutdown() can undo
 * it: one per process, whichever copy of mlotel (ESM or CJS) called init().
 */
const setupState = processState('init', (): { active: { shutdown(): Promise<void> } | undefined } => ({ active: undefined }));

/** Where the docs say how to order mlotel with other OpenTelemetry setup. */
const ORDER_DOCS = 'docs/sdk.md, "With other OpenTelemetry setup"';

/**
 * Sets mlotel up: resource (service, server, environment), levels, the default model, and a
 * LoggerProvider with a BatchLogRecordProcessor and the OTLP/HTTP exporter (or the app's own
 * provider), plus tracing if asked. Every option falls back to the standard OTel environment
 * variable. Throws {@link ConfigError} for a bad option or variable, or when already
 * initialised; nothing later throws. With `OTEL_SDK_DISABLED=true` every logger is a no-op.
 *
 * A LoggerProvider the app registered globally before (NodeSDK's, through either OTel JS API
 * line) is used instead of building one. Otherwise mlotel's own is registered globally one
 * turn of the event loop later, so an SDK started right after `init()` still gets the records;
 * either way mlotel says once, on stderr and through the OTel diag logger, when records do not
 * go where the app set up, or options have no effect.
 * @example
 * const mlotel = init({ serviceName: 'iris-api', model: { name: 'iris', version: 'v1' } });
 * getLogger('demo').info('ready');
 * process.on('SIGTERM', () => { void mlotel.exit(0); });
 */
export function init(options: InitOptions = {}): Mlotel {
  return initWith(options, {});
}

/** {@link init} with hooks for tests (e.g. where console lines go). @internal */
export function initWith(options: InitOptions, hooks: PipelineHooks): Mlotel {
  if (setupState.active !== undefined) {
    throw new ConfigError('init', 'mlotel is already initialised; call shutdown() on the object the first init() returned before calling init() again');
  }
  const config = resolveConfig(options, process.env);
  if (config.disabled) return startDisabled();
  const resource = buildResource(config, process.env);
  applyLevels(config);

  const counters = newCounters();
  const appProvider = config.loggerProvider ?? registeredLoggerProvider();
  // mlotel's own pipeline; undefined when records go to the app's provider.
  const own = appProvider === undefined
    ? buildLoggerProvider(config, resource, counters, { ...hooks, onExportResult: () => checkLaterSdk() })
    : undefined;
  const provider: LoggerProviderLike = appProvider ?? (own as BuiltPipeline).provider;
  const owned = own?.provider;
  if (appProvider !== undefined) {
    const whose = config.loggerProvider !== undefined ? 'the LoggerProvider passed as loggerProvider' : 'the LoggerProvider the app registered globally (e.g. NodeSDK\'s)';
    const notice = appProviderNotice(config, whose);
    if (notice !== undefined) warnSetupOnce('app-provider-options', notice);
  }
  const tracing: TracingSetup | undefined = config.tracing ? startTracing(config, resource) : undefined;

  runtime.provider = provider;
  runtime.counters = counters;
  runtime.gate = own?.gate;
  runtime.pipelineCountsEmitted = own?.countsEmitted ?? false;
  runtime.severityTextMode = config.severityText;
  runtime.defaultModelAttributes = config.model !== undefined ? modelAttributes(config.model) : undefined;
  runtime.identityAttributes = appProvider !== undefined ? identityAttributes(config) : undefined;
  runtime.ml = config.ml;
  runtime.generation++;

  // mlotel's own provider takes the global slot at once, so other OTel log bridges (winston,
  // pino, LogTape) share it from their first record. An SDK started later cannot register its
  // LoggerProvider then; its other globals show that it started, and mlotel says so, checked
  // one turn of the event loop after init() (NodeSDK.start() on the next line), after each
  // export and at forceFlush()/shutdown(): never on the log path.
  const globalsAtInit = snapshotGlobals();
  let laterSdkReported = false;
  const checkLaterSdk = (): void => {
    if (laterSdkReported || owned === undefined) return;
    const registered = globalsRegisteredSince(globalsAtInit);
    if (registered.length === 0) return;
    laterSdkReported = true;
    warnSetupOnce(
      'sdk-after-init',
      `an OpenTelemetry SDK registered ${registered.join(' and ')} after init(). mlotel's LoggerProvider was registered first, ` +
      `so a LoggerProvider of that SDK (NodeSDK has one) could not be: mlotel's records, and those of other OTel log bridges, ` +
      `go to mlotel's own pipeline (${config.logsUrl}), not to that SDK. Start the SDK before init(): ${ORDER_DOCS}.`,
    );
  };
  let releaseGlobal: (() => void) | undefined;
  let firstCheck: NodeJS.Immediate | undefined;
  if (owned !== undefined) {
    releaseGlobal = registerGlobalLoggerProvider(provider);
    firstCheck = setImmediate(checkLaterSdk);
    firstCheck.unref();
  }

  const timeoutMs = config.flushTimeoutMillis;
  const flushProvider = (): Promise<void> => {
    const flushable = provider as { forceFlush?: () => Promise<void> };
    return typeof flushable.forceFlush === 'function' ? flushable.forceFlush() : Promise.resolve();
  };
  const forceFlush = (): Promise<void> => {
    checkLaterSdk();
    return withTimeout(Promise.all([attempt(flushProvider), attempt(() => tracing?.forceFlush())]), timeoutMs, 'forceFlush');
  };

  // beforeExit: the batch timer is unref'd, so without this the last records of a process
  // that simply runs out of work would be lost. Flush only when something new was emitted,
  // or the flush itself would make beforeExit fire forever.
  let flushedAt = 0;
  const onBeforeExit = (): void => {
    if (counters.emitted === flushedAt) return;
    flushedAt = counters.emitted;
    void forceFlush();
  };
  process.on('beforeExit', onBeforeExit);

  let shutdownPromise: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    if (shutdownPromise !== undefined) return shutdownPromise;
    checkLaterSdk();
    process.removeListener('beforeExit', onBeforeExit);
    if (firstCheck !== undefined) clearImmediate(firstCheck);
    if (setupState.active === setup) setupState.active = undefined;
    if (runtime.provider === provider) resetRuntime();
    // Records logged after this go nowhere: they must not grow the emitted count of stats().
    if (runtime.counters === counters) runtime.counters = newCounters();
    releaseGlobal?.();
    const closingOwn = owned;
    const closing = Promise.all([
      attempt(closingOwn !== undefined ? () => closingOwn.shutdown() : flushProvider),
      attempt(() => tracing?.shutdown()),
    ]);
    shutdownPromise = withTimeout(closing, timeoutMs, 'shutdown').then(() => {
      if (closingOwn !== undefined) finalStats = countUnsentAsDropped(counters);
      // What the collector did not take in time is counted as dropped now: its exports and
      // retries must not hold the process open for minutes after shutdown() returned.
      own?.abandon();
      tracing?.abandon();
    });
    return shutdownPromise;
  };
  // Set once shutdown() returned: export results that arrive after its timeout must not count
  // a record that was already counted as dropped.
  let finalStats: Stats | undefined;
  const setup = { shutdown };
  setupState.active = setup;
  return { forceFlush, shutdown, exit: exitAfter(shutdown), stats: () => snapshot(finalStats ?? counters) };
}

function startDisabled(): Mlotel {
  runtime.disabled = true;
  runtime.generation++;
  refreshThresholds();
  const counters = newCounters();
  let done = false;
  const setup = {
    shutdown(): Promise<void> {
      if (!done) {
        done = true;
        if (setupState.active === setup) setupState.active = undefined;
        runtime.disabled = false;
        runtime.generation++;
        refreshThresholds();
      }
      return Promise.resolve();
    },
  };
  setupState.active = setup;
  return { forceFlush: () => Promise.resolve(), shutdown: setup.shutdown, exit: exitAfter(setup.shutdown), stats: () => snapshot(counters) };
}

/** {@link Mlotel.exit}: `process.exit(code)` once `shutdown` has settled, whichever way. */
function exitAfter(shutdown: () => Promise<void>): (code?: number) => Promise<never> {
  return (code) => attempt(shutdown).then(() => process.exit(code), () => process.exit(code));
}

function applyLevels(config: ResolvedConfig): void {
  const levels = config.levels;
  if (levels === undefined) return;
  if (levels.root !== undefined) getLogger().setLevel(levels.root);
  for (const [name, level] of levels.loggers) getLogger(name).setLevel(level);
}

function resetRuntime(): void {
  runtime.provider = undefined;
  runtime.gate = undefined;
  runtime.pipelineCountsEmitted = false;
  runtime.severityTextMode = 'level';
  runtime.defaultModelAttributes = undefined;
  runtime.identityAttributes = undefined;
  runtime.ml = DEFAULT_ML_SETTINGS;
  runtime.generation++;
}

/**
 * The final counters of mlotel's own pipeline once shutdown() has returned (done or timed out):
 * records neither exported, failed nor dropped are still queued or in flight and will never
 * be reported, so they count as dropped.
 */
function countUnsentAsDropped(counters: Counters): Stats {
  const final = snapshot(counters);
  const unsent = final.emitted - final.exported - final.failedExports - final.dropped;
  if (unsent > 0) final.dropped += unsent;
  return final;
}

function snapshot(counters: Counters): Stats {
  return Object.assign({}, counters);
}

/** Runs `start` and returns its promise; a synchronous throw becomes a rejection for withTimeout to report. */
function attempt(start: () => Promise<unknown> | undefined): Promise<unknown> {
  try {
    return Promise.resolve(start());
  } catch (error) {
    return Promise.reject(error);
  }
}
