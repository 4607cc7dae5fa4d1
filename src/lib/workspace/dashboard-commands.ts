/**
 * Edits of a workspace's dashboards, as pure functions from one document to
 * the next (recorded in the undo history like every other edit). Filters are
 * part of the document: a brush or a click is one undoable step, and a
 * reload or a link shows the same selection.
 */
import { newId } from './ids';
import { freeBox, placeTile, settle } from '../dashboards/layout';
import { MAX_TILES, type ColumnLink, type DashboardItem, type FilterClause, type Tile, type TileBox } from '../dashboards/model';
import type { Workspace } from './types';
import { ENGLISH_ITEM_NAMES, nextName, type ItemNames } from './commands';

/** A tile as the person asks for it: its kind and content; the grid finds its place. */
export type NewTile = Tile extends infer T ? (T extends Tile ? Omit<T, 'id' | keyof TileBox> : never) : never;

export function dashboardsOf(workspace: Workspace): DashboardItem[] {
  return workspace.dashboards ?? [];
}

export function findDashboard(workspace: Workspace, id: string): DashboardItem | undefined {
  return dashboardsOf(workspace).find((dashboard) => dashboard.id === id);
}

export function addDashboard(workspace: Workspace, names: ItemNames = ENGLISH_ITEM_NAMES): Workspace {
  const dashboards = dashboardsOf(workspace);
  const dashboard: DashboardItem = { id: newId('d'), name: nextName(dashboards.map((item) => item.name), names.dashboard), tiles: [], links: [], filters: {} };
  return { ...workspace, dashboards: [...dashboards, dashboard], order: [...workspace.order, { kind: 'dashboard', id: dashboard.id }] };
}

export function renameDashboard(workspace: Workspace, id: string, name: string): Workspace {
  const trimmed = name.trim();
  return trimmed ? mapDashboard(workspace, id, (dashboard) => (dashboard.name === trimmed ? dashboard : { ...dashboard, name: trimmed })) : workspace;
}

export function removeDashboard(workspace: Workspace, id: string): Workspace {
  if (!findDashboard(workspace, id)) return workspace;
  return {
    ...workspace,
    dashboards: dashboardsOf(workspace).filter((dashboard) => dashboard.id !== id),
    order: workspace.order.filter((ref) => !(ref.kind === 'dashboard' && ref.id === id)),
  };
}

/** Adds a tile at the first free place; a full dashboard stays as it is. */
export function addTile(workspace: Workspace, dashboardId: string, tile: NewTile): Workspace {
  return mapDashboard(workspace, dashboardId, (dashboard) => {
    if (dashboard.tiles.length >= MAX_TILES) return dashboard;
    const placed = { ...tile, id: newId('t'), ...freeBox(dashboard.tiles, tile.kind) } as Tile;
    return { ...dashboard, tiles: [...dashboard.tiles, placed] };
  });
}

/** Moves or resizes a tile; the others make room. */
export function placeDashboardTile(workspace: Workspace, dashboardId: string, tileId: string, box: TileBox): Workspace {
  return mapDashboard(workspace, dashboardId, (dashboard) => {
    const tile = dashboard.tiles.find((candidate) => candidate.id === tileId);
    if (!tile) return dashboard;
    const tiles = placeTile(dashboard.tiles, tileId, box);
    return sameBoxes(tiles, dashboard.tiles) ? dashboard : { ...dashboard, tiles };
  });
}

/** Changes a tile's content (a KPI's aggregate, a text's Markdown, a filter's title). */
export function editTile(workspace: Workspace, dashboardId: string, tileId: string, change: Partial<Omit<Tile, 'id' | 'kind'>>): Workspace {
  return mapDashboard(workspace, dashboardId, (dashboard) => {
    const tile = dashboard.tiles.find((candidate) => candidate.id === tileId);
    if (!tile) return dashboard;
    const next = { ...tile, ...change } as Tile;
    if (JSON.stringify(next) === JSON.stringify(tile)) return dashboard;
    return { ...dashboard, tiles: dashboard.tiles.map((candidate) => (candidate.id === tileId ? next : candidate)) };
  });
}

/** Removes a tile and the selection it held; the tiles below float up. */
export function removeTile(workspace: Workspace, dashboardId: string, tileId: string): Workspace {
  return mapDashboard(workspace, dashboardId, (dashboard) => {
    if (!dashboard.tiles.some((tile) => tile.id === tileId)) return dashboard;
    const filters = { ...dashboard.filters };
    delete filters[tileId];
    return { ...dashboard, tiles: settle(dashboard.tiles.filter((tile) => tile.id !== tileId)), filters };
  });
}

/** Sets (or, with undefined, clears) the selection a tile holds. */
export function setTileFilter(workspace: Workspace, dashboardId: string, tileId: string, clause: FilterClause | undefined): Workspace {
  return mapDashboard(workspace, dashboardId, (dashboard) => {
    if (!dashboard.tiles.some((tile) => tile.id === tileId)) return dashboard;
    const current = dashboard.filters[tileId];
    if (JSON.stringify(current) === JSON.stringify(clause)) return dashboard;
    const filters = { ...dashboard.filters };
    if (clause) filters[tileId] = clause;
    else delete filters[tileId];
    return { ...dashboard, filters };
  });
}

export function clearDashboardFilters(workspace: Workspace, dashboardId: string): Workspace {
  return mapDashboard(workspace, dashboardId, (dashboard) => (Object.keys(dashboard.filters).length === 0 ? dashboard : { ...dashboard, filters: {} }));
}

export function setDashboardLinks(workspace: Workspace, dashboardId: string, links: ColumnLink[]): Workspace {
  return mapDashboard(workspace, dashboardId, (dashboard) => (JSON.stringify(dashboard.links) === JSON.stringify(links) ? dashboard : { ...dashboard, links }));
}

/** A chart that is deleted leaves the dashboards that showed it (Undo brings both back). */
export function withoutChartTiles(workspace: Workspace, chartId: string): Workspace {
  if (!dashboardsOf(workspace).some((dashboard) => dashboard.tiles.some((tile) => tile.kind === 'chart' && tile.chartId === chartId))) return workspace;
  let next = workspace;
  for (const dashboard of dashboardsOf(workspace)) {
    for (const tile of dashboard.tiles) if (tile.kind === 'chart' && tile.chartId === chartId) next = removeTile(next, dashboard.id, tile.id);
  }
  return next;
}

/** A renamed table: tiles, selections and links that name it follow. */
export function renameTableInDashboards(workspace: Workspace, from: string, to: string): Workspace {
  if (!workspace.dashboards) return workspace;
  const rename = (table: string) => (table === from ? to : table);
  const dashboards = workspace.dashboards.map((dashboard) => ({
    ...dashboard,
    tiles: dashboard.tiles.map((tile) => ('table' in tile ? { ...tile, table: rename(tile.table) } : tile)),
    filters: Object.fromEntries(Object.entries(dashboard.filters).map(([id, clause]) => [id, { ...clause, table: rename(clause.table) }])),
    links: dashboard.links.map((link) => ({ a: { ...link.a, table: rename(link.a.table) }, b: { ...link.b, table: rename(link.b.table) } })),
  }));
  return { ...workspace, dashboards };
}

function mapDashboard(workspace: Workspace, id: string, change: (dashboard: DashboardItem) => DashboardItem): Workspace {
  const dashboards = dashboardsOf(workspace);
  const index = dashboards.findIndex((dashboard) => dashboard.id === id);
  if (index < 0) return workspace;
  const current = dashboards[index] as DashboardItem;
  const next = change(current);
  if (next === current) return workspace;
  return { ...workspace, dashboards: dashboards.map((dashboard, at) => (at === index ? next : dashboard)) };
}

function sameBoxes(a: readonly Tile[], b: readonly Tile[]): boolean {
  return a.every((tile, index) => {
    const other = b[index];
    return other !== undefined && tile.x === other.x && tile.y === other.y && tile.w === other.w && tile.h === other.h;
  });
}
