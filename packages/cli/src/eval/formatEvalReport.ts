/**
 * The text form of an {@link EvalReport}, as `mlotel eval` prints it: a heading, one summary
 * table (a line per model version, per server, and for all rows), then for classification
 * each group's per-class precision and recall and its confusion matrix.
 */
import type { ClassificationReport, EvalReport, GroupReport } from './evalReport.js';
import { formatCount, formatDuration, formatMeasure, formatScore, formatShare, MISSING } from './reportNumbers.js';
import { ANSI_STYLE, PLAIN_STYLE, renderTable, type TableStyle } from './textTable.js';

/** Classes up to which the text shows a confusion matrix (wider ones are in `--json`). */
export const TEXT_MATRIX_MAX_CLASSES = 12;

/** Options of {@link formatEvalReport}. */
export interface FormatEvalOptions {
  /** ANSI bold headings and dim dashes; default false. */
  colour?: boolean;
  /** Per-class tables and confusion matrices after the summary; default true. */
  details?: boolean;
  /** Put before every line, e.g. to nest the report in another summary; default none. */
  indent?: string;
}

function summaryTable(report: EvalReport, style: TableStyle, indent: string): string {
  const weighted = report.weighted;
  const header = [
    '',
    ...(weighted ? ['rows', 'predictions'] : ['predictions']),
    'labelled',
    'error rate',
    'delay p50',
    'delay p95',
    'latency p50',
    'latency p99',
    ...(report.task === 'classification' ? ['accuracy'] : report.task === 'regression' ? ['MAE', 'RMSE'] : []),
  ];
  const line = (name: string, g: GroupReport): string[] => [
    name,
    ...(weighted ? [formatCount(g.rows), formatCount(Math.round(g.predictions))] : [formatCount(g.rows)]),
    formatShare(g.labelledShare),
    formatShare(g.errorRate),
    formatDuration(g.labelDelayMs.p50),
    formatDuration(g.labelDelayMs.p95),
    formatDuration(g.latencyMs.p50),
    formatDuration(g.latencyMs.p99),
    ...(report.task === 'classification'
      ? [formatScore(g.classification?.accuracy ?? null)]
      : report.task === 'regression'
        ? [formatMeasure(g.regression?.mae ?? null), formatMeasure(g.regression?.rmse ?? null)]
        : []),
  ];
  const rows: string[][] = [
    ['model version'],
    ...report.models.map((g) => line(`  ${g.group}`, g)),
    ['server'],
    ...report.servers.map((g) => line(`  ${g.group}`, g)),
    line(report.overall.group, report.overall),
  ];
  return renderTable(header, rows, { style, indent, missing: MISSING });
}

function classificationDetails(title: string, c: ClassificationReport, style: TableStyle, indent: string): string {
  const lines = [
    `${indent}${style.section(title)}: accuracy ${formatScore(c.accuracy)}, ${formatCount(c.correct)} of ${formatCount(c.classes.reduce((n, k) => n + k.support, 0))} labelled successful predictions right`,
  ];
  if (c.evaluated === 0) return lines.join('\n');
  const sub = `${indent}  `;
  lines.push(
    renderTable(
      ['class', 'support', 'precision', 'recall'],
      c.classes.map((k) => [k.label, formatCount(k.support), formatScore(k.precision), formatScore(k.recall)]),
      { style, indent: sub, missing: MISSING },
    ),
  );
  if (c.classes.length > TEXT_MATRIX_MAX_CLASSES) {
    lines.push(`${sub}confusion matrix: ${c.classes.length} classes, too wide to print here (it is in --json)`);
  } else {
    lines.push(
      `${sub}confusion matrix (rows: label, columns: output)`,
      renderTable(
        ['label \\ output', ...c.confusion.labels],
        c.confusion.counts.map((counts, i) => [c.confusion.labels[i] ?? '', ...counts.map(formatCount)]),
        { style, indent: sub },
      ),
    );
  }
  return lines.join('\n');
}

/**
 * The groups whose details are printed: every model version; every server when there is more
 * than one (one server holds the same rows as `all`); `all` when there is more than one model
 * version (with one, it holds that version's rows).
 */
function detailGroups(report: EvalReport): GroupReport[] {
  return [...report.models, ...(report.servers.length > 1 ? report.servers : []), ...(report.models.length > 1 ? [report.overall] : [])];
}

/**
 * Renders the report as readable text tables (ends with a newline). Never throws on a report
 * made by {@link Evaluation}.
 * @example process.stdout.write(formatEvalReport(evaluation.result(), { colour: process.stdout.isTTY }));
 */
export function formatEvalReport(report: EvalReport, options: FormatEvalOptions = {}): string {
  const style = options.colour ? ANSI_STYLE : PLAIN_STYLE;
  const indent = options.indent ?? '';
  const o = report.overall;
  const span =
    report.firstPredictionTime && report.lastPredictionTime ? `, predicted ${report.firstPredictionTime} to ${report.lastPredictionTime}` : '';
  const task = report.task ? `${report.task} (${report.taskSource === 'option' ? 'given' : `auto: ${report.taskReason}`})` : `none: ${report.taskReason}`;
  const what = report.weighted
    ? `${formatCount(o.rows)} sampled rows standing for about ${formatCount(Math.round(o.predictions))} predictions`
    : `${formatCount(o.rows)} predictions`;
  const out = [`${indent}${style.header('Evaluation')} of ${what}${span}`, `${indent}task: ${task}`];
  if (report.weighted) out.push(`${indent}each row weighs 1/sample_rate: shares, quantiles and metrics are weighted`);
  out.push('', summaryTable(report, style, indent));
  if (report.task === 'regression') {
    const notes = [...report.models, ...report.servers]
      .filter((g) => (g.regression?.skipped ?? 0) > 0)
      .map((g) => {
        const skipped = g.regression?.skipped ?? 0;
        return `${indent}${g.group}: ${skipped} labelled prediction${skipped === 1 ? '' : 's'} left out of MAE and RMSE (output or label not a number)`;
      });
    if (notes.length > 0) out.push('', ...notes);
  }
  if (options.details !== false && report.task === 'classification') {
    for (const g of detailGroups(report)) {
      if (g.classification) out.push('', classificationDetails(g.group, g.classification, style, indent));
    }
  }
  return `${out.join('\n')}\n`;
}
