import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import {
  ATTR_ML_MODEL_NAME,
  ATTR_ML_MODEL_VERSION,
  ATTR_ML_PREDICTION_CONFIDENCE,
  ATTR_ML_PREDICTION_ID,
  getLogger,
  type Logger,
} from '@mlotel/sdk';
import { chooseVersion } from './canary.js';
import { readJsonBody, sendJson } from './httpJson.js';
import { CLASS_NAMES, toFeatureVector } from './iris.js';
import type { IrisModel } from './irisModel.js';
import { CANARY_VERSION, PRIMARY_VERSION } from './modelLoader.js';
import { RecentPredictions } from './recentPredictions.js';
import { parseFeedbackRequest, parsePredictRequest } from './validation.js';

/** Logger names the service uses; `demo.scoring` is the one to set to DEBUG for intermediates. */
export const LOGGER_HTTP = 'demo.http';
/** Logger of predictions, their intermediate probabilities and low-confidence warnings. */
export const LOGGER_SCORING = 'demo.scoring';
/** Logger of the ground truth received on `/feedback`. */
export const LOGGER_FEEDBACK = 'demo.feedback';

/** Below this confidence a prediction also gets a WARNING record. */
export const DEFAULT_LOW_CONFIDENCE = 0.6;

/** Options of {@link createIrisService}. */
export interface IrisServiceOptions {
  /** Loaded model versions by version name. */
  readonly models: ReadonlyMap<string, IrisModel>;
  /** Share of `/predict` traffic sent to the canary version (0..1). */
  readonly canaryShare: number;
  /** Confidence under which a WARNING is logged (default 0.6). */
  readonly lowConfidence?: number;
  /** Source of the canary draw; tests pass a fixed one. */
  readonly random?: () => number;
}

// Stable HTTP semantic-convention keys (kept literal: semantic-conventions is not a demo dependency).
const HTTP_METHOD = 'http.request.method';
const HTTP_ROUTE = 'http.route';
const HTTP_STATUS = 'http.response.status_code';
const URL_PATH = 'url.path';
const ERROR_REASON = 'error.reason';

const ROUTES = new Set(['/predict', '/feedback', '/healthz']);

/**
 * Creates (does not start) the iris inference HTTP server:
 * - `POST /predict` `{ features }` -> `{ id, class, confidence, model, version }`; 400 + ERROR record for
 *   malformed input; a share of traffic goes to the canary version.
 * - `POST /feedback` `{ id, actual }` -> 202 and an `ml.feedback` event.
 * - `GET /healthz` -> 200 with the versions served.
 * Every request runs in a SERVER span, so every record it logs carries the trace id.
 * Setup only reads the options; request errors are answered (4xx/5xx), never thrown.
 * @example createIrisService({ models: loadModels().models, canaryShare: 0.3 }).listen(8080);
 */
export function createIrisService(options: IrisServiceOptions): Server {
  const tracer = trace.getTracer('mlotel-demo');
  const httpLog = getLogger(LOGGER_HTTP);
  const scoring = getLogger(LOGGER_SCORING);
  const feedbackLog = getLogger(LOGGER_FEEDBACK);
  const random = options.random ?? Math.random;
  const lowConfidence = options.lowConfidence ?? DEFAULT_LOW_CONFIDENCE;
  const available = new Set(options.models.keys());
  const recent = new RecentPredictions();
  const modelLoggers = new Map<string, { scoring: Logger; feedback: Logger }>();
  for (const model of options.models.values()) {
    const context = { name: model.name, version: model.version, stage: model.version === CANARY_VERSION ? 'canary' : 'production' };
    modelLoggers.set(model.version, { scoring: scoring.withModel(context), feedback: feedbackLog.withModel(context) });
  }

  function refuse(res: ServerResponse, span: Span, route: string, status: number, reason: string): number {
    httpLog.error(`refused ${route}: ${reason}`, { [HTTP_ROUTE]: route, [HTTP_STATUS]: status, [ERROR_REASON]: reason });
    span.setAttribute(ERROR_REASON, reason);
    return sendJson(res, status, { error: reason });
  }

  async function predict(req: IncomingMessage, res: ServerResponse, span: Span): Promise<number> {
    const body = await readJsonBody(req);
    if (!body.ok) return refuse(res, span, '/predict', body.status, body.reason);
    const parsed = parsePredictRequest(body.value);
    if (!parsed.ok) return refuse(res, span, '/predict', 400, parsed.reason);
    const version = chooseVersion({ share: options.canaryShare, primary: PRIMARY_VERSION, canary: CANARY_VERSION, available }, random());
    const model = version === undefined ? undefined : options.models.get(version);
    const logs = version === undefined ? undefined : modelLoggers.get(version);
    if (!model || !logs) return refuse(res, span, '/predict', 503, 'no model version is loaded');
    span.setAttributes({ [ATTR_ML_MODEL_NAME]: model.name, [ATTR_ML_MODEL_VERSION]: model.version });
    const prediction = logs.scoring.startPrediction({ input: parsed.value });
    let scores;
    try {
      scores = model.predict(toFeatureVector(parsed.value));
    } catch (err) {
      prediction.fail(err instanceof Error ? err : new Error(String(err)));
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'model failed' });
      return sendJson(res, 500, { error: 'the model failed on this input', id: prediction.id });
    }
    prediction.intermediate('probabilities', Object.fromEntries(CLASS_NAMES.map((name, i) => [name, scores.probabilities[i] ?? 0])));
    prediction.end({ output: scores.className, confidence: scores.confidence });
    if (scores.confidence < lowConfidence) {
      logs.scoring.warning(`low confidence ${scores.confidence.toFixed(2)} for ${scores.className}`, {
        [ATTR_ML_PREDICTION_ID]: prediction.id,
        [ATTR_ML_PREDICTION_CONFIDENCE]: scores.confidence,
      });
    }
    recent.remember(prediction.id, model.version);
    return sendJson(res, 200, {
      id: prediction.id,
      class: scores.className,
      confidence: scores.confidence,
      model: model.name,
      version: model.version,
    });
  }

  async function feedback(req: IncomingMessage, res: ServerResponse, span: Span): Promise<number> {
    const body = await readJsonBody(req);
    if (!body.ok) return refuse(res, span, '/feedback', body.status, body.reason);
    const parsed = parseFeedbackRequest(body.value);
    if (!parsed.ok) return refuse(res, span, '/feedback', 400, parsed.reason);
    const version = recent.versionOf(parsed.value.predictionId);
    const logs = version === undefined ? undefined : modelLoggers.get(version);
    // Feedback for a forgotten prediction is still worth keeping: the dataset joins on the id.
    (logs ? logs.feedback : feedbackLog).feedback({ predictionId: parsed.value.predictionId, actual: parsed.value.actual });
    return sendJson(res, 202, { id: parsed.value.predictionId, accepted: true });
  }

  async function route(req: IncomingMessage, res: ServerResponse, span: Span, path: string): Promise<number> {
    const method = req.method ?? 'GET';
    if (path === '/healthz' && method === 'GET') {
      return sendJson(res, 200, { status: 'ok', models: [...available].sort(), canaryShare: options.canaryShare });
    }
    if (path === '/predict' && method === 'POST') return predict(req, res, span);
    if (path === '/feedback' && method === 'POST') return feedback(req, res, span);
    req.resume();
    if (ROUTES.has(path)) return sendJson(res, 405, { error: `${method} is not allowed on ${path}` });
    return sendJson(res, 404, { error: `no route ${path}; try POST /predict, POST /feedback, GET /healthz` });
  }

  return createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const routeName = ROUTES.has(path) ? path : undefined;
    const attributes: Record<string, string> = { [HTTP_METHOD]: method, [URL_PATH]: path };
    if (routeName) attributes[HTTP_ROUTE] = routeName;
    tracer.startActiveSpan(routeName ? `${method} ${routeName}` : method, { kind: SpanKind.SERVER, attributes }, (span) => {
      route(req, res, span, path)
        .catch((err: unknown) => {
          httpLog.exception(`unexpected failure on ${path}`, err instanceof Error ? err : new Error(String(err)));
          span.setStatus({ code: SpanStatusCode.ERROR, message: 'unexpected failure' });
          return res.headersSent ? 500 : sendJson(res, 500, { error: 'internal error' });
        })
        .then((status) => {
          span.setAttribute(HTTP_STATUS, status);
          if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        })
        .catch(() => span.end());
    });
  });
}
