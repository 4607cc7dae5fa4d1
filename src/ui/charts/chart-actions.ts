/**
 * The workbench's side of charts: where a chart's rows come from (checked
 * against the shared link's policy, like any SQL the user runs) and making
 * a new chart with a sensible first design.
 */
import { ChartSourceError, defaultDesign, describeSource, querySourceSql, tableSourceSql, type ChartSourceSql } from '../../lib/charts';
import { t } from '../../lib/i18n/messages';
import { blockedStatement } from '../../lib/share';
import { addChart, type ChartSource } from '../../lib/workspace';
import type { Workbench } from '../workbench.svelte';

export async function chartSource(bench: Workbench, source: ChartSource): Promise<ChartSourceSql> {
  // Right after a workspace switch the engine may still be the previous workspace's instance.
  await bench.whenSynced();
  if (source.kind === 'table') {
    if (!bench.tables.some((table) => table.name === source.table)) throw new ChartSourceError(t('chart.source.noTable', { table: source.table }));
    return describeSource(bench.engine, tableSourceSql(source.table));
  }
  const doc = bench.session.doc;
  const query = doc.queries.find((candidate) => candidate.id === source.queryId);
  if (!query) throw new ChartSourceError(t('chart.source.noQuery'));
  const blocked = blockedStatement(doc.origin, query.sql);
  if (blocked) throw new ChartSourceError(t('link.blocked', { detail: blocked.detail }));
  return describeSource(bench.engine, querySourceSql(query.name, query.sql));
}

/** Adds a chart of `source` to the workspace (one undo step) and returns its id. */
export async function newChart(bench: Workbench, source: ChartSource): Promise<string | undefined> {
  let columns: ChartSourceSql['columns'] = [];
  try {
    columns = (await chartSource(bench, source)).columns;
  } catch {
    // The chart opens anyway and says why it cannot draw, beside the data choice.
  }
  const doc = bench.session.edit(t('workspace.undo.addChart'), (current) => addChart(current, source, defaultDesign(columns)));
  return doc.charts.at(-1)?.id;
}
