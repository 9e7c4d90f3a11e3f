import { createLoadPlan, DEFAULT_MIX, type LoadKind, type LoadMix } from './loadPlan.js';
import { createSeededRandom } from './seededRandom.js';

/** Options of {@link runLoad}. */
export interface LoadOptions {
  /** Base URLs of the demo servers (`http://127.0.0.1:8080`), used round-robin. */
  readonly targets: readonly string[];
  /** Number of `/predict` requests; `Infinity` runs until `signal` aborts. */
  readonly requests: number;
  /** Stop starting new requests after this long (bounded runs never hang). */
  readonly maxDurationMs?: number;
  /** Requests in flight at once (default 4). */
  readonly concurrency?: number;
  /** Requests per second across all workers; 0 or absent = as fast as the servers answer. */
  readonly rate?: number;
  /** Share of successful predictions that get feedback (default 0.85). */
  readonly feedbackShare?: number;
  /** Share of that feedback held back and sent late (default 0.25). */
  readonly lateShare?: number;
  readonly mix?: LoadMix;
  readonly seed?: number;
  /** Aborting stops new requests; late feedback already owed is still sent. */
  readonly signal?: AbortSignal;
  /** Per-request timeout (default 5000 ms). */
  readonly timeoutMs?: number;
}

/** What the load generator did, for its summary line and for `npm start`'s summary. */
export interface LoadReport {
  readonly requests: number;
  readonly byKind: Record<LoadKind, number>;
  readonly byStatus: Record<string, number>;
  /** Successful predictions per model version, from the responses. */
  readonly predictionsByVersion: Record<string, number>;
  readonly feedbackSent: number;
  readonly lateFeedbackSent: number;
  readonly feedbackFailed: number;
  /** Requests that got no HTTP answer (connection refused, timeout). */
  readonly networkErrors: number;
  readonly elapsedMs: number;
  /** True when the run ended on its duration bound before sending every request. */
  readonly stoppedByTime: boolean;
}

interface PendingFeedback {
  readonly target: string;
  readonly id: string;
  readonly actual: string;
}

/** Late feedback kept at most; past it the oldest is sent right away (bounded memory when running forever). */
const MAX_LATE_QUEUE = 200;

async function post(url: string, body: string, timeoutMs: number): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json };
}

/** Waits `ms`, or less if `signal` aborts; leaves no listener behind (it runs once per request). */
const delay = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Sends a mix of good, ambiguous (low-confidence) and malformed `/predict` requests to the
 * targets, then feedback for most successful predictions: some right away, some held back and
 * sent late (after the predictions, or once the late queue is full when running forever).
 * Never rejects: network errors are counted in the report.
 * @example const report = await runLoad({ targets: ['http://127.0.0.1:8080'], requests: 300 });
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const started = Date.now();
  const random = createSeededRandom(options.seed ?? 7);
  const plan = createLoadPlan(random, options.mix ?? DEFAULT_MIX);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  const timeoutMs = options.timeoutMs ?? 5000;
  const feedbackShare = options.feedbackShare ?? 0.85;
  const lateShare = options.lateShare ?? 0.25;
  const deadline = started + (options.maxDurationMs ?? Infinity);
  const interval = options.rate && options.rate > 0 ? 1000 / options.rate : 0;
  const byKind: Record<LoadKind, number> = { good: 0, ambiguous: 0, malformed: 0 };
  const byStatus: Record<string, number> = {};
  const predictionsByVersion: Record<string, number> = {};
  const late: PendingFeedback[] = [];
  let next = 0;
  let sent = 0;
  let feedbackSent = 0;
  let lateFeedbackSent = 0;
  let feedbackFailed = 0;
  let networkErrors = 0;
  let stoppedByTime = false;

  async function sendFeedback(item: PendingFeedback, isLate: boolean): Promise<void> {
    try {
      const res = await post(`${item.target}/feedback`, JSON.stringify({ id: item.id, actual: item.actual }), timeoutMs);
      if (res.status === 202) {
        feedbackSent++;
        if (isLate) lateFeedbackSent++;
      } else {
        feedbackFailed++;
      }
    } catch {
      feedbackFailed++;
    }
  }

  async function worker(): Promise<void> {
    for (;;) {
      if (options.signal?.aborted) return;
      if (next >= options.requests) return;
      if (Date.now() >= deadline) {
        stoppedByTime = true;
        return;
      }
      const index = next++;
      if (interval > 0) {
        const due = started + index * interval - Date.now();
        if (due > 0) await delay(due, options.signal);
        if (options.signal?.aborted) return;
      }
      const target = options.targets[index % options.targets.length] as string;
      const request = plan();
      const wantsFeedback = random() < feedbackShare;
      const isLate = random() < lateShare;
      byKind[request.kind]++;
      sent++;
      let res: { status: number; json: unknown };
      try {
        res = await post(`${target}/predict`, request.body, timeoutMs);
      } catch {
        networkErrors++;
        continue;
      }
      byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
      const answer = res.json as { id?: unknown; version?: unknown } | undefined;
      if (res.status !== 200 || typeof answer?.id !== 'string' || request.actual === undefined) continue;
      const version = typeof answer.version === 'string' ? answer.version : 'unknown';
      predictionsByVersion[version] = (predictionsByVersion[version] ?? 0) + 1;
      if (!wantsFeedback) continue;
      const item = { target, id: answer.id, actual: request.actual };
      if (!isLate) {
        await sendFeedback(item, false);
        continue;
      }
      late.push(item);
      if (late.length > MAX_LATE_QUEUE) await sendFeedback(late.shift() as PendingFeedback, true);
    }
  }

  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  // The late feedback arrives after all the predictions, as ground truth does in real life.
  while (late.length > 0) {
    const batch = late.splice(0, concurrency);
    await Promise.all(batch.map((item) => sendFeedback(item, true)));
  }
  return {
    requests: sent,
    byKind,
    byStatus,
    predictionsByVersion,
    feedbackSent,
    lateFeedbackSent,
    feedbackFailed,
    networkErrors,
    elapsedMs: Date.now() - started,
    stoppedByTime,
  };
}

/**
 * Polls `GET /healthz` on every target until each answers 200 or `timeoutMs` passes.
 * Returns the targets still not healthy (empty when all are up). Never rejects.
 * @example const down = await waitForTargets(['http://demo-a:8080'], 60_000); if (down.length) ...
 */
export async function waitForTargets(targets: readonly string[], timeoutMs: number, signal?: AbortSignal): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let pending = [...targets];
  while (pending.length > 0 && Date.now() < deadline && !signal?.aborted) {
    const results = await Promise.all(
      pending.map(async (target) => {
        try {
          const res = await fetch(`${target}/healthz`, { signal: AbortSignal.timeout(2000) });
          await res.arrayBuffer();
          return res.status === 200;
        } catch {
          return false;
        }
      }),
    );
    pending = pending.filter((_, i) => !results[i]);
    if (pending.length > 0) await delay(250, signal);
  }
  return pending;
}

/**
 * One human-readable line for a {@link LoadReport}.
 * @example formatLoadReport(report) // '300 requests (229 good, 43 ambiguous, 28 malformed) ...'
 */
export function formatLoadReport(report: LoadReport): string {
  const statuses = Object.entries(report.byStatus).map(([status, n]) => `${status}: ${n}`).join(', ');
  const versions = Object.entries(report.predictionsByVersion).sort().map(([v, n]) => `iris@${v} ${n}`).join(', ');
  return (
    `${report.requests} requests (${report.byKind.good} good, ${report.byKind.ambiguous} between classes, ` +
    `${report.byKind.malformed} malformed) in ${(report.elapsedMs / 1000).toFixed(1)} s; ` +
    `responses ${statuses || 'none'}; predictions ${versions || 'none'}; ` +
    `feedback sent ${report.feedbackSent} (${report.lateFeedbackSent} late)` +
    (report.feedbackFailed ? `, ${report.feedbackFailed} failed` : '') +
    (report.networkErrors ? `; ${report.networkErrors} requests got no answer` : '') +
    (report.stoppedByTime ? '; stopped at the time limit' : '')
  );
}
