/**
 * The few attribute keys and event names the CLI reads from records.
 *
 * The CLI must run without `@mlotel/sdk` installed, so it cannot import the SDK's `semconv`
 * module at run time; `test/semconv.test.ts` asserts every constant here equals the SDK's,
 * so the two cannot drift apart silently.
 */

/** Event name of a prediction record (body `{ input, output }`); one dataset row each. */
export const EVENT_ML_PREDICTION = 'ml.prediction';
/** Event name of a feedback record (body `{ actual }`); fills the dataset's `actual` column. */
export const EVENT_ML_FEEDBACK = 'ml.feedback';
/** Attribute mirroring the event name, for senders that do not set LogRecord.eventName. */
export const ATTR_EVENT_NAME = 'event.name';
/** Model name attribute: `--model` filter, dataset column `model`. */
export const ATTR_ML_MODEL_NAME = 'ml.model.name';
/** Model version attribute: `--model name@version` filter, dataset column `model_version`. */
export const ATTR_ML_MODEL_VERSION = 'ml.model.version';
/** Prediction id joining a prediction and its feedback: dataset column `prediction_id`. */
export const ATTR_ML_PREDICTION_ID = 'ml.prediction.id';
/** Prediction latency in ms: dataset column `latency_ms`. */
export const ATTR_ML_PREDICTION_LATENCY_MS = 'ml.prediction.latency_ms';
/** Model confidence 0..1: dataset column `confidence`. */
export const ATTR_ML_PREDICTION_CONFIDENCE = 'ml.prediction.confidence';
/**
 * Error class of a failed prediction (`handle.fail(err)`: an `ml.prediction` at ERROR with no
 * `output`): dataset column `error`, and what `tail` shows for the failure.
 */
export const ATTR_ERROR_TYPE = 'error.type';
/** Exception class; the `error` column's fallback when `error.type` is missing. */
export const ATTR_EXCEPTION_TYPE = 'exception.type';
/** Exception message: shown by `tail` next to the error type of a failed prediction. */
export const ATTR_EXCEPTION_MESSAGE = 'exception.message';
/** Resource attribute naming the server: `--server` filter, dataset column `server`. */
export const RES_HOST_NAME = 'host.name';
/** Resource attribute naming the service: shown on every readable line. */
export const RES_SERVICE_NAME = 'service.name';

/** The events the receiver copies to `ml-events.jsonl` (the collector's dataset route). */
export const DATASET_EVENTS: readonly string[] = [EVENT_ML_PREDICTION, EVENT_ML_FEEDBACK];

/** Lifecycle stage of the model (`canary`, `production`): dataset column `model_stage`. */
export const ATTR_ML_MODEL_STAGE = 'ml.model.stage';
/**
 * The prediction sampling rate of the process that wrote an `ml.prediction` (double, 1 when
 * not sampled): dataset columns `sample_rate` and `weight`, and the rate `sampledOutFeedback`
 * is decided with.
 */
export const ATTR_ML_SAMPLING_RATE = 'ml.sampling.rate';
/**
 * The body paths the SDK shaped (cut, summarised, redacted), an array of dotted strings:
 * dataset column `shaped`, the report's `shaped` counts, and what `strict` refuses.
 */
export const ATTR_ML_PAYLOAD_SHAPED = 'ml.payload.shaped';
