export { ConfigError } from './errors.js';
export { Level, addLevelName, getLevelName, parseLevel } from './levels.js';
export type { LevelInput, LevelValue } from './levels.js';
export { parseLevelSpec } from './levelSpec.js';
export type { LevelSpec } from './levelSpec.js';
export { toSeverityNumber, toSeverityText } from './severity.js';
export type { SeverityTextMode } from './severity.js';
export { Logger, getLogger } from './logger.js';
export type { LogAttributesInput, FeedbackOptions } from './logger.js';
export { PredictionHandle } from './predictionHandle.js';
export type { PredictionOptions, StartPredictionOptions, EndPredictionOptions } from './predictionHandle.js';
export { modelAttributes } from './modelContext.js';
export type { ModelContext } from './modelContext.js';
export { init } from './init.js';
export type { Mlotel } from './init.js';
export type { Stats } from './stats.js';
export { DEFAULT_BATCH } from './config.js';
export type {
  InitOptions,
  BatchOptions,
  ExporterName,
  OtlpProtocol,
  Env,
} from './config.js';
export type { SamplingOptions } from './ml/mlSettings.js';
export {
  DEFAULT_PAYLOAD_OPTIONS,
  DEFAULT_DATASET_PAYLOAD_LIMITS,
  MIN_PAYLOAD_BYTES,
  MAX_PAYLOAD_BYTES,
  MIN_STRING_LENGTH,
  resolvePayloadOptions,
  resolvePayloadBudgets,
} from './ml/payloadOptions.js';
export type { PayloadOptions, PayloadMode, PayloadLimits, PayloadSettings, PayloadBudgets } from './ml/payloadOptions.js';
export { shapeBody, shapePayload, SHAPE_FAILED } from './ml/payload.js';
export type { TruncatedMarker } from './ml/payload.js';
export { createRedactor, isDefaultRedactKey, DEFAULT_REDACT_KEYS, REDACTED, HMAC_PREFIX } from './ml/redaction.js';
export type { RedactOption, Redactor, RedactScope } from './ml/redaction.js';
export { createPredictionSampler, hashPredictionId } from './ml/sampling.js';
export type { PredictionSampler } from './ml/sampling.js';
export { newPredictionId } from './ml/predictionId.js';
export { summarizeTensor, summarizeBytes } from './ml/tensorSummary.js';
export type { TensorSummary, BytesSummary } from './ml/tensorSummary.js';
export { buildResource, parseResourceAttributes } from './resource.js';
export type { ResourceIdentity } from './resource.js';
export { HumanConsoleExporter, formatLine } from './export/consoleExporter.js';
export type { ConsoleDestination, ConsoleExporterOptions } from './export/consoleExporter.js';
export {
  ATTR_ML_MODEL_NAME,
  ATTR_ML_MODEL_VERSION,
  ATTR_ML_MODEL_STAGE,
  ATTR_ML_MODEL_FRAMEWORK,
  ATTR_ML_PREDICTION_ID,
  ATTR_ML_PREDICTION_LATENCY_MS,
  ATTR_ML_PREDICTION_CONFIDENCE,
  ATTR_ML_INTERMEDIATE_NAME,
  ATTR_ML_SAMPLING_RATE,
  ATTR_ML_PAYLOAD_SHAPED,
  ATTR_EVENT_NAME,
  EVENT_ML_PREDICTION,
  EVENT_ML_FEEDBACK,
  EVENT_ML_INTERMEDIATE,
  EVENT_ML_INPUT,
  DATASET_EVENTS,
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_STACKTRACE,
  RES_SERVICE_NAME,
  RES_SERVICE_VERSION,
  RES_SERVICE_INSTANCE_ID,
  RES_HOST_NAME,
  RES_DEPLOYMENT_ENVIRONMENT_NAME,
  RES_PROCESS_PID,
  LOKI_TRACE_ID,
  LOKI_SPAN_ID,
  LOKI_SCOPE_NAME,
  LOKI_SEVERITY_TEXT,
  LOKI_SEVERITY_NUMBER,
  toLokiName,
} from './semconv.js';
