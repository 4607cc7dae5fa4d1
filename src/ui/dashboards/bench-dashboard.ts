/**
 * The dashboard `npm run bench` measures (issue 17's four views over the
 * 10M-row table): built from the same edits a person makes.
 */
import { addChart, addDashboard, addTile, type Workspace } from '../../lib/workspace';
import type { ChartDesign } from '../../lib/charts';

const VIEWS: ChartDesign[] = [
  { mark: 'line', encoding: { x: { field: 'day', timeUnit: 'month' }, y: { field: 'amount', aggregate: 'sum' } } },
  { mark: 'bar', encoding: { x: { field: 'amount', bin: { maxbins: 40 } }, y: { aggregate: 'count' } } },
  { mark: 'bar', encoding: { x: { field: 'country' }, y: { field: 'amount', aggregate: 'sum' } } },
];

export function addBenchDashboard(workspace: Workspace, table: string): Workspace {
  let doc = workspace;
  for (const design of VIEWS) doc = addChart(doc, { kind: 'table', table }, design);
  doc = addDashboard(doc);
  const id = doc.dashboards?.at(-1)?.id ?? '';
  for (const chart of doc.charts.slice(-VIEWS.length)) doc = addTile(doc, id, { kind: 'chart', chartId: chart.id });
  return addTile(doc, id, { kind: 'kpi', table, aggregate: 'sum', field: 'amount' });
}
