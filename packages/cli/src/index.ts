/**
 * `mlotel` as a library: the embedded receiver, the dataset builder, the tail query and
 * the OTLP decoders, for the demo, benchmarks and tests.
 */
export { VERSION } from './version.js';
export {
  startCollector,
  DEFAULT_MAX_BODY,
  LOGS_FILE,
  TRACES_FILE,
  ML_EVENTS_FILE,
} from './collect/collector.js';
export type { CollectorOptions, CollectorStats, RunningCollector } from './collect/collector.js';
export { buildDataset } from './dataset/buildDataset.js';
export type { DatasetOptions, DatasetReport, MalformedLine } from './dataset/buildDataset.js';
export { csvField, csvRow } from './dataset/csv.js';
export { flattenInput, SCHEMA_VERSION } from './dataset/datasetRow.js';
export type { DatasetRow } from './dataset/datasetRow.js';
export { DataError } from './dataset/dataError.js';
export type { DatasetFormat } from './dataset/outputFormat.js';
export type { ShapedReport } from './dataset/datasetReport.js';
export type { ColumnType } from './dataset/columnTypes.js';
export { runTail } from './tail/tail.js';
export type { TailOptions, TailSummary } from './tail/tail.js';
export { matchesFilter } from './tail/recordFilter.js';
export type { RecordFilter } from './tail/recordFilter.js';
export { toFlatRecord } from './tail/recordJson.js';
export type { FlatRecord } from './tail/recordJson.js';
export { formatRecordLine } from './format/recordLine.js';
export { parseLevel, levelNameOf } from './format/severity.js';
export { parseModelSpec } from './read/modelSpec.js';
export type { ModelSpec } from './read/modelSpec.js';
export { forEachLogRecord, toPlain } from './read/otlpValues.js';
export type { LogEntry } from './read/otlpValues.js';
export { decodeLogsProtobuf, decodeTracesProtobuf } from './otlp/decodeProtobuf.js';
export { decodeLogsJson, decodeTracesJson } from './otlp/decodeJson.js';
export { InvalidRequestError } from './otlp/types.js';
export type { LogsData, TracesData, LogRecord, Span, AnyValue, KeyValue } from './otlp/types.js';
export { UsageError } from './usageError.js';
export { Evaluation } from './eval/evaluation.js';
export { evaluateRows } from './eval/evaluateRows.js';
export { formatEvalReport } from './eval/formatEvalReport.js';
export type { FormatEvalOptions } from './eval/formatEvalReport.js';
export { EVAL_VERSION } from './eval/evalReport.js';
export type { EvalReport, GroupReport, ClassificationReport, ClassReport, RegressionReport, DurationQuantiles } from './eval/evalReport.js';
export { parseEvalTask } from './eval/evalOptions.js';
export type { EvalOptions, EvalTask } from './eval/evalOptions.js';
export { EVAL_COMMAND_USAGE, evalUsage } from './eval/evalUsage.js';
