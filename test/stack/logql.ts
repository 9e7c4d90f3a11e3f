/**
 * Pulls the label and field names out of a LogQL query, so tests can compare what a dashboard
 * asks Loki for with what the SDK writes. Covers the LogQL this repo uses: stream selectors,
 * label filters (`| name op value`), `unwrap name`, and `by (...)` / `without (...)` groupings.
 */

/** Names found in one LogQL query. */
export interface LogqlNames {
  /** Labels in `{...}` stream selectors: these must be Loki index labels. */
  streamLabels: string[];
  /** Labels and structured-metadata fields used after the selector (filters, unwrap, grouping). */
  fields: string[];
  /** `name op "value"` comparisons in label filters, for checking the compared values. */
  comparisons: { name: string; op: string; value: string }[];
}

/** LogQL's own names, not labels anyone emits. */
export const LOGQL_BUILTINS: readonly string[] = ['__error__', '__error_details__', '__line__', '__stream_shard__'];

const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const OP = '=~|!~|!=|==|=|<=|>=|<|>';

/** Extracts label and field names from a LogQL query (Grafana `$variables` stay as values). */
export function extractLogqlNames(query: string): LogqlNames {
  const streamLabels: string[] = [];
  const fields: string[] = [];
  const comparisons: LogqlNames['comparisons'] = [];
  for (const selector of query.matchAll(/\{([^{}]*)\}/g)) {
    for (const m of (selector[1] ?? '').matchAll(new RegExp(`(${NAME})\\s*(${OP})\\s*"((?:[^"\\\\]|\\\\.)*)"`, 'g'))) {
      streamLabels.push(m[1] as string);
    }
  }
  const outsideSelectors = query.replace(/\{[^{}]*\}/g, ' ');
  for (const m of outsideSelectors.matchAll(new RegExp(`\\|\\s*(${NAME})\\s*(${OP})\\s*("(?:[^"\\\\]|\\\\.)*"|\`[^\`]*\`|[^\\s|)\\[]+)`, 'g'))) {
    const name = m[1] as string;
    fields.push(name);
    comparisons.push({ name, op: m[2] as string, value: (m[3] as string).replace(/^["`]|["`]$/g, '') });
  }
  for (const m of outsideSelectors.matchAll(new RegExp(`\\bunwrap\\s+(?:${NAME}\\s*\\(\\s*)?(${NAME})`, 'g'))) {
    fields.push(m[1] as string);
  }
  for (const m of outsideSelectors.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)) {
    for (const name of (m[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) fields.push(name);
  }
  return { streamLabels: [...new Set(streamLabels)], fields: [...new Set(fields)], comparisons };
}
