import { formatEvalReport } from 'mlotel';
import type { BuiltDataset } from './datasetStep.js';
import type { FilesSummary } from './runSummary.js';

const LEVEL_ORDER = ['TRACE', 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL', 'UNSPECIFIED'];

function counts(map: Record<string, number>, order?: readonly string[]): string {
  const keys = Object.keys(map).sort((a, b) => {
    if (!order) return a.localeCompare(b);
    return order.indexOf(a) - order.indexOf(b);
  });
  return keys.length === 0 ? 'none' : keys.map((k) => `${k} ${map[k]}`).join('  ');
}

/** Everything the summary prints. */
export interface SummaryParts {
  readonly loadLine: string;
  /** Where the receiver's files are, as the user should type it (relative when under the cwd). */
  readonly dataDir?: string;
  readonly cleared?: boolean;
  readonly files?: FilesSummary;
  readonly dataset?: BuiltDataset;
  readonly datasetFile?: string;
  /** Why the dataset could not be built, if it could not. */
  readonly datasetError?: string;
  /** Set when records went to an external collector instead of the embedded receiver. */
  readonly externalEndpoint?: string;
  readonly lookFurther: readonly string[];
}

/**
 * Renders the end-of-run summary `npm start` prints: what the load generator did, what the
 * receiver's files hold (records per level, model and server; predictions, feedback, spans), the
 * dataset and its evaluation (`mlotel eval`'s summary table: per model version and server, the
 * labelled share, label delay, latency, error rate and accuracy), and commands to dig further.
 * @example process.stdout.write(formatSummary(parts));
 */
export function formatSummary(parts: SummaryParts): string {
  const out: string[] = ['', 'mlotel demo: summary', `  load generator  ${parts.loadLine}`];
  if (parts.externalEndpoint) {
    out.push(
      `  records sent to ${parts.externalEndpoint} (OTEL_EXPORTER_OTLP_ENDPOINT), not to the embedded receiver,`,
      '                  so there are no local files to summarise: look in that collector\'s backends (e.g. Grafana).',
    );
  }
  const f = parts.files;
  if (f && parts.dataDir) {
    out.push(
      `  files           ${parts.dataDir}/ (logs.jsonl, traces.jsonl, ml-events.jsonl)${parts.cleared ? ', cleared at start so they hold this run only' : ''}`,
      `  log records     ${f.logRecords}`,
      `    by level      ${counts(f.byLevel, LEVEL_ORDER)}`,
      `    by server     ${counts(f.byServer)}`,
      `    by model      ${counts(f.byModel)}`,
      `  predictions     ${f.predictions} (${counts(Object.fromEntries(Object.entries(f.predictionsByVersion).map(([v, n]) => [`iris@${v}`, n])))})`,
      `  feedback        ${f.feedback}`,
      `  traces          ${f.spans} spans in ${f.traces} traces; ${f.predictionsWithSpan} of ${f.predictions} predictions carry the trace id of a stored span`,
    );
    if (f.skippedLines > 0) out.push(`  skipped         ${f.skippedLines} unreadable lines`);
  }
  if (parts.dataset && parts.datasetFile) {
    const d = parts.dataset;
    out.push(
      `  dataset         ${parts.datasetFile} (built by mlotel dataset): ${d.rows} rows, ${d.labelled} labelled by feedback, ` +
        `${d.rows - d.labelled} unlabelled, ${d.orphanFeedback} orphan feedback` + (d.malformedLines ? `, ${d.malformedLines} malformed lines skipped` : ''),
    );
    out.push('', formatEvalReport(d.evaluation, { details: false, indent: '    ' }).trimEnd());
  } else if (parts.datasetError) {
    out.push(`  dataset         not built: ${parts.datasetError}`);
  }
  if (parts.lookFurther.length > 0) {
    out.push('', 'Look further:', ...parts.lookFurther.map((line) => `  ${line}`));
  }
  return `${out.join('\n')}\n`;
}
