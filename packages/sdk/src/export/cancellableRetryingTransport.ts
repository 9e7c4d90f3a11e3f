import { diag } from '@opentelemetry/api';
import type { Agent } from 'node:http';

/**
 * What an OTLP exporter transport of `@opentelemetry/otlp-exporter-base` resolves to (its
 * `ExportResponse`, not exported by the package): the same on the 0.2xx and 0.30x lines.
 */
type ExportResponse =
  | { status: 'success'; data?: Uint8Array }
  | { status: 'failure'; error: Error }
  | { status: 'retryable'; retryInMillis?: number; error?: Error };

/** The exporter transport interface of `@opentelemetry/otlp-exporter-base` (`IExporterTransport`). */
interface ExporterTransport {
  send(data: Uint8Array, timeoutMillis: number): Promise<ExportResponse>;
  shutdown(): void;
}

// OTel's retry policy (otlp-exporter-base's retrying-transport), kept as it is.
const MAX_ATTEMPTS = 5;
const INITIAL_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 5000;
const BACKOFF_MULTIPLIER = 1.5;
const JITTER = 0.2;

/**
 * OTel's retrying transport, with one thing added: {@link cancel}. OTel's own schedules its
 * retries on timers nobody can clear and sends on an agent nobody can reach, so after a
 * `shutdown()` that timed out, the retries of batches already counted as dropped held the
 * process for minutes (up to five attempts per batch, each waiting up to the export timeout,
 * batch after batch). Until cancelled it behaves exactly like OTel's: same attempts, backoff,
 * jitter, `Retry-After` and deadline, and its timers keep the process alive as OTel's do (a
 * retry pending at `beforeExit` still gets its chance). Cancelled, it clears its timers,
 * answers every pending and later send with a failure at once, and destroys the sockets of
 * the exporter's HTTP agent, in flight or kept alive.
 * @example
 * const transport = takeOverOtlpRetries(new OTLPLogExporter({ url }));
 * transport?.cancel(); // after shutdown() gave up waiting
 * @internal
 */
export class CancellableRetryingTransport implements ExporterTransport {
  private readonly inner: ExporterTransport;
  private readonly agents = new Set<Agent>();
  private readonly waits = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  private cancelled = false;
  private cancelledResponse: (response: ExportResponse) => void = () => undefined;
  /** Settles (never rejects) when {@link cancel} is called: what every pending send races. */
  private readonly whenCancelled: Promise<ExportResponse>;

  constructor(inner: ExporterTransport) {
    this.inner = inner;
    this.whenCancelled = new Promise((resolve) => { this.cancelledResponse = resolve; });
  }

  /** Keeps `agent` so {@link cancel} can destroy its sockets; one created after cancel() gets none. */
  track(agent: Agent): Agent {
    this.agents.add(agent);
    const createConnection = agent.createConnection as unknown as ((...args: unknown[]) => { destroy(error?: Error): void } | undefined) | undefined;
    if (typeof createConnection === 'function') {
      // A send that was already past our check when cancel() came (loading the agent or the
      // headers) may still open a socket: it is closed at once, never left open.
      (agent as { createConnection: unknown }).createConnection = (...args: unknown[]) => {
        const socket = createConnection.apply(agent, args);
        if (this.cancelled) socket?.destroy(cancelledError());
        return socket;
      };
    }
    if (this.cancelled) agent.destroy();
    return agent;
  }

  async send(data: Uint8Array, timeoutMillis: number): Promise<ExportResponse> {
    const deadline = Date.now() + timeoutMillis;
    let attempts = MAX_ATTEMPTS;
    let nextBackoff = INITIAL_BACKOFF_MS;
    let result = await this.attempt(data, timeoutMillis);
    while (result.status === 'retryable' && attempts > 0) {
      attempts--;
      const backoff = Math.max(Math.min(nextBackoff * (1 + jitter()), MAX_BACKOFF_MS), 0);
      nextBackoff *= BACKOFF_MULTIPLIER;
      const retryInMillis = result.retryInMillis ?? backoff;
      const remaining = deadline - Date.now();
      if (retryInMillis > remaining) {
        diag.info(`Export retry time ${Math.round(retryInMillis)}ms exceeds remaining timeout ${Math.round(remaining)}ms, not retrying further.`);
        return result;
      }
      diag.verbose(`Scheduling export retry in ${Math.round(retryInMillis)}ms`);
      await this.wait(retryInMillis);
      result = await this.attempt(data, remaining);
    }
    if (result.status === 'retryable') diag.info(`Export failed after maximum retry attempts (${MAX_ATTEMPTS}).`);
    else if (result.status === 'failure') diag.info(`Export failed with non-retryable error: ${String(result.error)}`);
    return result;
  }

  shutdown(): void {
    this.inner.shutdown();
  }

  /** Abandons every send, pending or later, and closes the agent's sockets. Idempotent, never throws. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    this.cancelledResponse({ status: 'failure', error: cancelledError() });
    for (const wait of this.waits) {
      clearTimeout(wait.timer);
      wait.wake();
    }
    this.waits.clear();
    for (const agent of this.agents) {
      try {
        agent.destroy();
      } catch {
        // An agent that cannot be destroyed has nothing more we can close.
      }
    }
  }

  private attempt(data: Uint8Array, timeoutMillis: number): Promise<ExportResponse> {
    if (this.cancelled) return this.whenCancelled;
    return Promise.race([this.inner.send(data, timeoutMillis), this.whenCancelled]);
  }

  private wait(ms: number): Promise<void> {
    if (this.cancelled) return Promise.resolve();
    return new Promise((resolve) => {
      const wait = {
        timer: setTimeout(() => {
          this.waits.delete(wait);
          resolve();
        }, ms),
        wake: resolve,
      };
      this.waits.add(wait);
    });
  }
}

/**
 * Puts a {@link CancellableRetryingTransport} in place of the retrying transport of an OTLP/HTTP
 * exporter of `@opentelemetry/exporter-logs-otlp-http` or `-proto` (0.2xx and 0.30x lines:
 * `exporter._delegate._transport`, whose `_transport` sends over HTTP and whose
 * `_parameters.agentFactory` makes the agent), and returns it. These are private fields, so
 * any other shape is left untouched and gives `undefined` (said once through the diag logger):
 * the exporter then works as before, and only its pending retries cannot be cancelled (without the agent factory, only its
 * sockets cannot be closed). Never throws.
 * @internal
 */
export function takeOverOtlpRetries(exporter: object): CancellableRetryingTransport | undefined {
  try {
    const delegate = field(exporter, '_delegate');
    const retrying = field(delegate, '_transport');
    const http = field(retrying, '_transport');
    if (delegate === undefined || !isTransport(retrying) || !isTransport(http)) return unknownLayout();
    const transport = new CancellableRetryingTransport(http);
    const parameters = field(http, '_parameters');
    const agentFactory = parameters?.agentFactory;
    if (parameters !== undefined && typeof agentFactory === 'function') {
      // The exporter's own factory still makes the agent (keep-alive, TLS files from OTEL_*
      // variables); we only keep hold of what it made.
      parameters.agentFactory = async (protocol: string): Promise<Agent> =>
        transport.track(await (agentFactory as (protocol: string) => Agent | Promise<Agent>)(protocol));
    }
    delegate._transport = transport;
    return transport;
  } catch {
    return unknownLayout();
  }
}

let unknownLayoutReported = false;

/** Says once, through the diag logger, that an exporter's retries stay OTel's own. */
function unknownLayout(): undefined {
  if (!unknownLayoutReported) {
    unknownLayoutReported = true;
    try {
      diag.warn('mlotel: this OTLP exporter has an internal layout mlotel does not know (a newer @opentelemetry/otlp-exporter-base?): its retries cannot be cancelled, so after shutdown() the process may stay alive while it retries batches already counted as dropped');
    } catch {
      // a broken diag logger must not reach the app
    }
  }
  return undefined;
}

function field(owner: unknown, name: string): Record<string, unknown> | undefined {
  if (typeof owner !== 'object' || owner === null) return undefined;
  const value = (owner as Record<string, unknown>)[name];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function isTransport(value: unknown): value is ExporterTransport {
  return typeof value === 'object' && value !== null
    && typeof (value as ExporterTransport).send === 'function'
    && typeof (value as ExporterTransport).shutdown === 'function';
}

/** A pseudo-random factor in [-JITTER, +JITTER], as OTel's. */
function jitter(): number {
  return Math.random() * (2 * JITTER) - JITTER;
}

function cancelledError(): Error {
  return new Error('mlotel has shut down: export abandoned');
}
