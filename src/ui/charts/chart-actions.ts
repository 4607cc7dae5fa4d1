/**
 * The workbench's side of charts: where a chart's rows come from (checked
 * against the shared link's policy, like any SQL the user runs) and making
 * a new chart with a sensible first design.
 */
import { ChartSourceError, defaultDesign, describeSource, querySourceSql, tableSourceSql, type ChartSourceSql } from '../../lib/charts';
import { m } from '../i18n/paraglide/messages.js';
import { ITEM_NAMES } from '../i18n/labels';
import { blockedStatement } from '../../lib/share';
import { addChart, type ChartSource } from '../../lib/workspace';
import type { Engine, QueryRunner } from '../../lib/engine';
import type { EngineSync } from '../core/engine-sync.svelte';
import type { WorkspaceSession } from '../workspace/session.svelte';

/** What charts need of the workbench: the engine, the catalog (through the sync) and the document. */
export interface ChartData {
  engine: Engine;
  sync: EngineSync;
  session: WorkspaceSession;
}

/** `engine`: a coordinator request's scope.engine, to describe the source on that request's lane. */
export async function chartSource(bench: ChartData, source: ChartSource, engine: QueryRunner = bench.engine): Promise<ChartSourceSql> {
  // Right after a workspace switch the engine may still be the previous workspace's instance.
  await bench.sync.whenSynced();
  if (source.kind === 'table') {
    if (!bench.sync.tables.some((table) => table.name === source.table)) throw new ChartSourceError({ code: 'noTable', params: { table: source.table } });
    return describeSource(engine, tableSourceSql(source.table));
  }
  const doc = bench.session.doc;
  const query = doc.queries.find((candidate) => candidate.id === source.queryId);
  if (!query) throw new ChartSourceError({ code: 'noQuery', params: {} });
  const blocked = blockedStatement(doc.origin, query.sql);
  if (blocked) throw new ChartSourceError({ code: 'blocked', params: { detail: blocked.detail } });
  return describeSource(engine, querySourceSql(query.name, query.sql));
}

/** Adds a chart of `source` to the workspace (one undo step) and returns its id. */
export async function newChart(bench: ChartData, source: ChartSource): Promise<string | undefined> {
  let columns: ChartSourceSql['columns'] = [];
  try {
    columns = (await chartSource(bench, source)).columns;
  } catch {
    // The chart opens anyway and says why it cannot draw, beside the data choice.
  }
  const doc = bench.session.edit(m.workspace_undo_add_chart(), (current) => addChart(current, source, defaultDesign(columns), ITEM_NAMES));
  return doc.charts.at(-1)?.id;
}
