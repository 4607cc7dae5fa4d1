/**
 * Every edit of a workspace, as a pure function from one document to the next.
 * The UI records each through `UndoHistory`, so every edit can be undone.
 */
import { newId } from './ids';
import { renameTableInDashboards, withoutChartTiles } from './dashboard-commands';
import type { ChartDesign } from '../charts/model';
import { WORKSPACE_FORMAT, type ChartItem, type ChartSource, type DatasetEntry, type ItemRef, type NoteItem, type QueryItem, type TypeFixRecord, type Workspace } from './types';

/**
 * How new items are named, by their number ("Query 2"). lib has no words of
 * its own for the person: the UI passes names in the interface's language;
 * these English ones are for code without an interface (tests, tools).
 */
export interface ItemNames {
  query(n: number): string;
  note(n: number): string;
  chart(n: number): string;
  dashboard(n: number): string;
}

export const ENGLISH_ITEM_NAMES: ItemNames = {
  query: (n) => `Query ${n}`,
  note: (n) => `Note ${n}`,
  chart: (n) => `Chart ${n}`,
  dashboard: (n) => `Dashboard ${n}`,
};

export function createWorkspace(title: string, now = new Date(), names: ItemNames = ENGLISH_ITEM_NAMES): Workspace {
  const query: QueryItem = { id: newId('q'), name: names.query(1), sql: '' };
  return {
    format: WORKSPACE_FORMAT,
    id: newId('ws'),
    title,
    createdAt: now.toISOString(),
    datasets: [],
    queries: [query],
    notes: [],
    charts: [],
    order: [{ kind: 'query', id: query.id }],
    activeQueryId: query.id,
  };
}

/** A copy with fresh ids for the workspace (items keep theirs: they are unique within it). */
export function duplicateWorkspace(workspace: Workspace, title: string, now = new Date()): Workspace {
  return { ...structuredClone(workspace), id: newId('ws'), title, createdAt: now.toISOString() };
}

export function setTitle(workspace: Workspace, title: string): Workspace {
  const trimmed = title.trim();
  return trimmed && trimmed !== workspace.title ? { ...workspace, title: trimmed } : workspace;
}

// ---- datasets ---------------------------------------------------------------

export function addDataset(workspace: Workspace, dataset: DatasetEntry): Workspace {
  return { ...workspace, datasets: [...workspace.datasets, dataset] };
}

export function removeDataset(workspace: Workspace, table: string): Workspace {
  return { ...workspace, datasets: workspace.datasets.filter((dataset) => dataset.table !== table) };
}

/** Renames a dataset's table; charts drawn from it, and dashboards' tiles and filters on it, follow. */
export function renameDataset(workspace: Workspace, from: string, to: string): Workspace {
  const renamed = mapDataset(workspace, from, (dataset) => ({ ...dataset, table: to }));
  if (renamed === workspace) return workspace;
  const follows = (chart: ChartItem) => chart.source.kind === 'table' && chart.source.table === from;
  const charted: Workspace = { ...renamed, charts: renamed.charts.map((chart) => (follows(chart) ? { ...chart, source: { kind: 'table', table: to } } : chart)) };
  return renameTableInDashboards(charted, from, to);
}

export function addTypeFix(workspace: Workspace, table: string, fix: TypeFixRecord, columns: DatasetEntry['columns']): Workspace {
  return mapDataset(workspace, table, (dataset) => ({ ...dataset, columns, fixes: [...dataset.fixes, fix] }));
}

/**
 * Reads a sheet's dataset with another header row: the recipe changes, so
 * the engine sync rebuilds its table from the stored file. Its type fixes
 * name columns of the old reading and are dropped; `columns` and `rowCount`
 * are the new reading's (SheetChoice.columnsWith tells them before loading).
 */
export function setHeaderRow(workspace: Workspace, table: string, headerRow: number, columns: DatasetEntry['columns'], rowCount: number): Workspace {
  const current = findDataset(workspace, table);
  if (!current || current.sheet === undefined || current.headerRow === headerRow) return workspace;
  // A new reading of the sheet: the fixes and any part chosen named the old reading's columns.
  return mapDataset(workspace, table, ({ subset: _subset, ...dataset }) => ({ ...dataset, headerRow, columns, rowCount, fixes: [] }));
}

export function findDataset(workspace: Workspace, table: string): DatasetEntry | undefined {
  return workspace.datasets.find((dataset) => dataset.table === table);
}

function mapDataset(workspace: Workspace, table: string, change: (dataset: DatasetEntry) => DatasetEntry): Workspace {
  if (!findDataset(workspace, table)) return workspace;
  return { ...workspace, datasets: workspace.datasets.map((dataset) => (dataset.table === table ? change(dataset) : dataset)) };
}

// ---- queries ----------------------------------------------------------------

export function addQuery(workspace: Workspace, sql = '', names: ItemNames = ENGLISH_ITEM_NAMES): Workspace {
  const name = nextName(workspace.queries.map((query) => query.name), names.query);
  const query: QueryItem = { id: newId('q'), name, sql };
  return { ...workspace, queries: [...workspace.queries, query], order: [...workspace.order, { kind: 'query', id: query.id }], activeQueryId: query.id };
}

export function setQuerySql(workspace: Workspace, id: string, sql: string): Workspace {
  const query = workspace.queries.find((candidate) => candidate.id === id);
  if (!query || query.sql === sql) return workspace;
  return { ...workspace, queries: workspace.queries.map((candidate) => (candidate.id === id ? { ...candidate, sql } : candidate)) };
}

export function renameQuery(workspace: Workspace, id: string, name: string): Workspace {
  const trimmed = name.trim();
  if (!trimmed) return workspace;
  return { ...workspace, queries: workspace.queries.map((query) => (query.id === id ? { ...query, name: trimmed } : query)) };
}

export function selectQuery(workspace: Workspace, id: string): Workspace {
  return workspace.queries.some((query) => query.id === id) ? { ...workspace, activeQueryId: id } : workspace;
}

/** Removes a query; the last one cannot go (the editor always shows one). */
export function removeQuery(workspace: Workspace, id: string): Workspace {
  if (workspace.queries.length <= 1) return workspace;
  const queries = workspace.queries.filter((query) => query.id !== id);
  const activeQueryId = workspace.activeQueryId === id ? (queries[0]?.id ?? '') : workspace.activeQueryId;
  return { ...workspace, queries, order: withoutRef(workspace.order, 'query', id), activeQueryId };
}

// ---- notes ------------------------------------------------------------------

export function addNote(workspace: Workspace, markdown = '', names: ItemNames = ENGLISH_ITEM_NAMES): Workspace {
  const title = nextName(workspace.notes.map((note) => note.title), names.note);
  const note: NoteItem = { id: newId('n'), title, markdown };
  return { ...workspace, notes: [...workspace.notes, note], order: [...workspace.order, { kind: 'note', id: note.id }] };
}

export function editNote(workspace: Workspace, id: string, change: Partial<Pick<NoteItem, 'title' | 'markdown'>>): Workspace {
  const note = workspace.notes.find((candidate) => candidate.id === id);
  if (!note || (note.title === (change.title ?? note.title) && note.markdown === (change.markdown ?? note.markdown))) return workspace;
  return { ...workspace, notes: workspace.notes.map((candidate) => (candidate.id === id ? { ...candidate, ...change } : candidate)) };
}

export function removeNote(workspace: Workspace, id: string): Workspace {
  return { ...workspace, notes: workspace.notes.filter((note) => note.id !== id), order: withoutRef(workspace.order, 'note', id) };
}

// ---- charts -----------------------------------------------------------------

export function addChart(workspace: Workspace, source: ChartSource, design: ChartDesign, names: ItemNames = ENGLISH_ITEM_NAMES): Workspace {
  const chart: ChartItem = { id: newId('c'), name: nextName(workspace.charts.map((item) => item.name), names.chart), source, design };
  return { ...workspace, charts: [...workspace.charts, chart], order: [...workspace.order, { kind: 'chart', id: chart.id }] };
}

/** Changes a chart; `vegaLite: undefined` in the change drops a hand-edited spec. */
export function editChart(workspace: Workspace, id: string, change: Partial<Omit<ChartItem, 'id'>>): Workspace {
  const chart = workspace.charts.find((candidate) => candidate.id === id);
  if (!chart) return workspace;
  const next: ChartItem = { ...chart, ...change };
  if ('vegaLite' in change && change.vegaLite === undefined) delete next.vegaLite;
  if (JSON.stringify(next) === JSON.stringify(chart)) return workspace;
  return { ...workspace, charts: workspace.charts.map((candidate) => (candidate.id === id ? next : candidate)) };
}

/** Removes a chart, and its tiles from the dashboards that showed it. */
export function removeChart(workspace: Workspace, id: string): Workspace {
  const removed: Workspace = { ...workspace, charts: workspace.charts.filter((chart) => chart.id !== id), order: withoutRef(workspace.order, 'chart', id) };
  return withoutChartTiles(removed, id);
}

// ---- layout -----------------------------------------------------------------

/** Moves an item one place up (-1) or down (+1) in the sidebar order. */
export function moveItem(workspace: Workspace, ref: ItemRef, step: -1 | 1): Workspace {
  const index = workspace.order.findIndex((item) => item.kind === ref.kind && item.id === ref.id);
  const target = index + step;
  if (index < 0 || target < 0 || target >= workspace.order.length) return workspace;
  const order = [...workspace.order];
  [order[index], order[target]] = [order[target] as ItemRef, order[index] as ItemRef];
  return { ...workspace, order };
}

function withoutRef(order: ItemRef[], kind: ItemRef['kind'], id: string): ItemRef[] {
  return order.filter((item) => !(item.kind === kind && item.id === id));
}

/** "Query 3" after "Query 1" and "Query 2". */
export function nextName(existing: string[], name: (n: number) => string): string {
  const taken = new Set(existing);
  for (let n = existing.length + 1; ; n++) if (!taken.has(name(n))) return name(n);
}
