/**
 * Static checks of the Grafana provisioning and dashboards against the SDK's names: datasource
 * uids that exist, and LogQL that only uses labels and fields the SDK emits. Each check returns a
 * list of problems, empty when everything passes.
 */
import type { Tree } from './files';
import { LOGQL_BUILTINS, extractLogqlNames } from './logql';

/** A LogQL query found in a dashboard, with where it was found. */
export interface FoundQuery {
  where: string;
  expr: string;
}

/** Every Loki query of a dashboard: panel targets and the stream selectors of variables. */
export function dashboardQueries(dashboard: Tree): FoundQuery[] {
  const found: FoundQuery[] = [];
  for (const panel of dashboard?.panels ?? []) {
    for (const target of panel?.targets ?? []) {
      if (typeof target?.expr === 'string') found.push({ where: `panel "${panel.title}" ${target.refId}`, expr: target.expr });
    }
  }
  for (const v of dashboard?.templating?.list ?? []) {
    if (v?.type !== 'query') continue;
    const q = v.query;
    // Loki label-values variable: {label, stream}; written as a LogQL-ish selector plus grouping.
    if (q && typeof q === 'object') found.push({ where: `variable ${v.name}`, expr: `${q.stream || '{}'} by (${q.label})` });
    else if (typeof q === 'string') found.push({ where: `variable ${v.name}`, expr: q });
  }
  return found;
}

/** Every datasource uid a dashboard refers to (panels, targets, variables). */
export function dashboardDatasourceUids(dashboard: Tree): string[] {
  const uids: string[] = [];
  const take = (ds: Tree): void => {
    if (ds && typeof ds === 'object' && typeof ds.uid === 'string') uids.push(ds.uid);
  };
  for (const panel of dashboard?.panels ?? []) {
    take(panel?.datasource);
    for (const target of panel?.targets ?? []) take(target?.datasource);
  }
  for (const v of dashboard?.templating?.list ?? []) take(v?.datasource);
  return uids;
}

/**
 * Labels and fields of the queries are known names, stream selectors use only index labels, and
 * compared values of `valueChecks` fields are in their allowed sets.
 */
export function checkQueryNames(
  queries: FoundQuery[],
  known: ReadonlySet<string>,
  indexLabels: ReadonlySet<string>,
  valueChecks: Readonly<Record<string, ReadonlySet<string>>> = {},
): string[] {
  const problems: string[] = [];
  for (const { where, expr } of queries) {
    const names = extractLogqlNames(expr);
    for (const label of names.streamLabels) {
      if (!indexLabels.has(label)) problems.push(`${where}: stream selector label ${label} is not a Loki index label`);
    }
    for (const field of names.fields) {
      if (!known.has(field) && !LOGQL_BUILTINS.includes(field)) problems.push(`${where}: ${field} is not emitted by the SDK`);
    }
    for (const { name, op, value } of names.comparisons) {
      const allowed = valueChecks[name];
      if (!allowed || value.startsWith('$')) continue;
      const values = op === '=~' || op === '!~' ? value.split('|') : [value];
      for (const v of values) if (!allowed.has(v)) problems.push(`${where}: ${name} compared with unknown value ${v}`);
    }
  }
  return problems;
}

/** The uids referenced by derived fields and tracesToLogsV2 exist, with the expected types. */
export function checkDatasourceLinks(datasources: Tree[]): string[] {
  const problems: string[] = [];
  const byUid = new Map<string, Tree>(datasources.map((ds) => [ds.uid, ds]));
  for (const ds of datasources) {
    for (const field of ds?.jsonData?.derivedFields ?? []) {
      const target = byUid.get(field?.datasourceUid);
      if (!target) problems.push(`${ds.uid}: derived field ${field?.name} links to missing uid ${field?.datasourceUid}`);
      else if (target.type !== 'tempo') problems.push(`${ds.uid}: derived field ${field?.name} links to a ${target.type} datasource`);
    }
    const t2l = ds?.jsonData?.tracesToLogsV2;
    if (t2l) {
      const target = byUid.get(t2l.datasourceUid);
      if (!target) problems.push(`${ds.uid}: tracesToLogsV2 links to missing uid ${t2l.datasourceUid}`);
      else if (target.type !== 'loki') problems.push(`${ds.uid}: tracesToLogsV2 links to a ${target.type} datasource`);
    }
  }
  return problems;
}
