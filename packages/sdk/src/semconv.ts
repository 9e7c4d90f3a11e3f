/**
 * Every attribute key and event name that mlotel writes, in one place.
 *
 * Each constant says what a backend makes of it. Loki's OTLP endpoint turns resource
 * attributes listed in its `otlp_config` into index labels and everything else (log
 * attributes, scope name, trace and span ids) into structured metadata; in both cases the
 * name is sanitised with dots and other non-alphanumerics becoming `_` (see {@link toLokiName}).
 * The collector configuration, the Grafana dashboards and the CLI's dataset builder all
 * read these names, and their tests import this module rather than copying the strings.
 */

// --- Model context: on every record of a model-bound logger (record attributes) ---

/** Model name. Record attribute; the collector lifts it to a resource attribute so Loki indexes it as the label `ml_model_name`. Dataset column `model`. */
export const ATTR_ML_MODEL_NAME = 'ml.model.name';
/** Model version. Record attribute; lifted to a resource attribute by the collector, Loki index label `ml_model_version`. Dataset column `model_version`. */
export const ATTR_ML_MODEL_VERSION = 'ml.model.version';
/** Optional lifecycle stage (`canary`, `production`, ...). Loki structured metadata `ml_model_stage`. */
export const ATTR_ML_MODEL_STAGE = 'ml.model.stage';
/** Optional framework (`ml-random-forest`, `onnx`, ...). Loki structured metadata `ml_model_framework`. */
export const ATTR_ML_MODEL_FRAMEWORK = 'ml.model.framework';

// --- Prediction events ---

/** Prediction id joining a prediction, its intermediate records and its feedback. Loki structured metadata `ml_prediction_id`; dataset column `prediction_id`. */
export const ATTR_ML_PREDICTION_ID = 'ml.prediction.id';
/** Prediction latency in milliseconds (double). Loki structured metadata `ml_prediction_latency_ms`; dataset column `latency_ms`. */
export const ATTR_ML_PREDICTION_LATENCY_MS = 'ml.prediction.latency_ms';
/** Model confidence for the prediction, 0..1 (double). Loki structured metadata `ml_prediction_confidence`; dataset column `confidence`. */
export const ATTR_ML_PREDICTION_CONFIDENCE = 'ml.prediction.confidence';
/** Name of an intermediate result (`probabilities`, `embedding`, ...). Loki structured metadata `ml_intermediate_name`. */
export const ATTR_ML_INTERMEDIATE_NAME = 'ml.intermediate.name';
/**
 * The prediction sampling rate (0..1) of the process that logged an `ml.prediction` record
 * (success or failure): `init({ sampling: { predictions } })`, else `MLOTEL_SAMPLING_PREDICTIONS`,
 * else 1. A number (OTel JS sends 1 and 0 as integers, other rates as doubles). The dataset builder
 * makes it the row's `sample_rate` (1 for a failed prediction: errors are always kept) and
 * weight `1/rate`, and uses it to tell feedback of sampled-out predictions from orphans. Loki
 * structured metadata `ml_sampling_rate`.
 */
export const ATTR_ML_SAMPLING_RATE = 'ml.sampling.rate';
/**
 * The body paths that payload shaping changed in an ML event record (array of strings, dotted
 * from the body root, e.g. `["input.text", "input.embedding", "input"]`; array indexes are
 * segments too): a string cut, keys or items cut, a numeric array as `$summary`, bytes as
 * `$bytes`, a depth marker, `$truncated`, a redaction, `'[omitted]'`. At most 32 entries, the
 * 32nd being `"…"` when there were more. Absent when nothing was shaped. The dataset builder
 * reports shaped rows and columns from it (column `shaped`; `--strict` rejects them). Loki
 * structured metadata `ml_payload_shaped` (JSON text).
 */
export const ATTR_ML_PAYLOAD_SHAPED = 'ml.payload.shaped';

/**
 * Event name mirrored as an attribute, for backends that do not read the LogRecord
 * `eventName` field yet. Loki structured metadata `event_name`.
 */
export const ATTR_EVENT_NAME = 'event.name';

/** A prediction: body `{ input, output }`, INFO. Routed by the collector to the dataset file. */
export const EVENT_ML_PREDICTION = 'ml.prediction';
/** Late ground truth for a prediction: body `{ actual }`, INFO. Routed to the dataset file. */
export const EVENT_ML_FEEDBACK = 'ml.feedback';
/** An intermediate result of a prediction: body `{ name, value }`, DEBUG. */
export const EVENT_ML_INTERMEDIATE = 'ml.intermediate';
/** A model input logged on its own (before a prediction): body `{ input }`, DEBUG. */
export const EVENT_ML_INPUT = 'ml.input';

/** The events the collector routes to the retraining dataset file. */
export const DATASET_EVENTS: readonly string[] = [EVENT_ML_PREDICTION, EVENT_ML_FEEDBACK];

// --- Exceptions (OTel semantic conventions) ---

/**
 * Class of error an operation ended with (OTel general semantic convention). Set on the
 * `ml.prediction` record of a failed prediction (`handle.fail(err)`), with the same value as
 * `exception.type`: the flag a dataset builder or dashboard uses to tell failed predictions from
 * answered ones. Loki structured metadata `error_type`.
 */
export const ATTR_ERROR_TYPE = 'error.type';

/** Error class name or code. Loki structured metadata `exception_type`. */
export const ATTR_EXCEPTION_TYPE = 'exception.type';
/** Error message. Loki structured metadata `exception_message`. */
export const ATTR_EXCEPTION_MESSAGE = 'exception.message';
/** Stack trace, causes included. Loki structured metadata `exception_stacktrace`. */
export const ATTR_EXCEPTION_STACKTRACE = 'exception.stacktrace';

// --- Server identity: resource attributes (OTel semantic conventions) ---

/** Service name (`OTEL_SERVICE_NAME`). Loki index label `service_name`. */
export const RES_SERVICE_NAME = 'service.name';
/** Service version. Loki structured metadata `service_version`. */
export const RES_SERVICE_VERSION = 'service.version';
/** Stable random id per process unless set. Loki structured metadata `service_instance_id`. */
export const RES_SERVICE_INSTANCE_ID = 'service.instance.id';
/** The server (option `server`, else the hostname). Loki index label `host_name`; dataset column `server`. */
export const RES_HOST_NAME = 'host.name';
/** Deployment environment (option `environment`). Loki structured metadata `deployment_environment_name`. */
export const RES_DEPLOYMENT_ENVIRONMENT_NAME = 'deployment.environment.name';
/** Process id. Loki structured metadata `process_pid`. */
export const RES_PROCESS_PID = 'process.pid';

// --- Fields Loki derives from the OTLP record itself (not attributes we set) ---

/** Loki structured metadata holding the record's trace id. */
export const LOKI_TRACE_ID = 'trace_id';
/** Loki structured metadata holding the record's span id. */
export const LOKI_SPAN_ID = 'span_id';
/** Loki structured metadata holding the instrumentation scope name: the mlotel logger's name. */
export const LOKI_SCOPE_NAME = 'scope_name';
/** Loki structured metadata holding the severity text (`INFO`, `WARNING`, ...). */
export const LOKI_SEVERITY_TEXT = 'severity_text';
/** Loki structured metadata holding the severity number. */
export const LOKI_SEVERITY_NUMBER = 'severity_number';

/**
 * The name Loki gives an OTLP attribute: every character outside `[A-Za-z0-9_]` becomes `_`.
 * @example toLokiName('ml.model.name') // 'ml_model_name'
 */
export function toLokiName(key: string): string {
  return key.replace(/[^A-Za-z0-9_]/g, '_');
}
