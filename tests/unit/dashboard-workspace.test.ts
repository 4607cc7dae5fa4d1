/**
 * Dashboards in the workspace document: layout rules (a seeded property
 * test: tiles never overlap and stay on the grid, whatever the moves), edits,
 * and reading dashboards from untrusted JSON (links, files).
 */
import { describe, expect, it } from 'vitest';
import {
  addChart,
  addDashboard,
  addDataset,
  addTile,
  clearDashboardFilters,
  createWorkspace,
  placeDashboardTile,
  readWorkspace,
  removeChart,
  removeDashboard,
  removeTile,
  renameDataset,
  setDashboardLinks,
  setTileFilter,
  UndoHistory,
  WorkspaceFormatError,
  type DatasetEntry,
  type Workspace,
} from '../../src/lib/workspace';
import { GRID_COLUMNS, type DashboardItem, type FilterClause, type Tile } from '../../src/lib/dashboards/model';
import { overlaps, stepBox } from '../../src/lib/dashboards/layout';
import { mulberry32 } from './helpers/random';

const HASH = `sha256:${'cd'.repeat(32)}`;
const SEED = Number(process.env.LAYOUT_SEED ?? 7);

function dataset(id: string, table: string): DatasetEntry {
  return { id, table, fileName: `${table}.csv`, format: 'csv', size: 10, hash: HASH, columns: [{ name: 'year', type: 'INTEGER' }], rowCount: 1, fixes: [] };
}

const generator = mulberry32;

/** A workspace with a table, a chart of it and an empty dashboard. */
function withDashboard(): { workspace: Workspace; dashboard: DashboardItem; chartId: string } {
  let workspace = addDataset(createWorkspace('Tablero'), dataset('d1', 'ventas'));
  workspace = addChart(workspace, { kind: 'table', table: 'ventas' }, { mark: 'bar', encoding: { x: { field: 'year' }, y: { aggregate: 'count' } } });
  workspace = addDashboard(workspace);
  return { workspace, dashboard: workspace.dashboards![0]!, chartId: workspace.charts[0]!.id };
}

function tilesOf(workspace: Workspace): Tile[] {
  return workspace.dashboards![0]!.tiles;
}

function expectValidLayout(tiles: Tile[]): void {
  for (const tile of tiles) {
    expect(tile.x).toBeGreaterThanOrEqual(0);
    expect(tile.x + tile.w).toBeLessThanOrEqual(GRID_COLUMNS);
    expect(tile.y).toBeGreaterThanOrEqual(0);
    expect(Number.isInteger(tile.x) && Number.isInteger(tile.y) && Number.isInteger(tile.w) && Number.isInteger(tile.h)).toBe(true);
  }
  for (const a of tiles) for (const b of tiles) if (a !== b) expect(overlaps(a, b), `${a.id} overlaps ${b.id}`).toBe(false);
}

describe('dashboard layout', () => {
  it(`never overlaps tiles or leaves the grid, over random adds, moves, resizes and removals (seed ${SEED}; LAYOUT_SEED=n replays)`, () => {
    for (let run = 0; run < 40; run++) {
      const random = generator(SEED * 1000 + run);
      let { workspace, dashboard } = withDashboard();
      const kinds = ['kpi', 'text', 'table', 'filter'] as const;
      for (let step = 0; step < 60; step++) {
        const tiles = tilesOf(workspace);
        const roll = random();
        if (roll < 0.3 || tiles.length === 0) {
          const kind = kinds[Math.floor(random() * kinds.length)]!;
          const tile =
            kind === 'kpi'
              ? { kind, table: 'ventas', aggregate: 'count' as const }
              : kind === 'text'
                ? { kind, markdown: '# Hola' }
                : kind === 'table'
                  ? { kind, table: 'ventas' }
                  : { kind, table: 'ventas', field: 'year', control: 'range' as const };
          workspace = addTile(workspace, dashboard.id, tile);
        } else if (roll < 0.85) {
          const tile = tiles[Math.floor(random() * tiles.length)]!;
          // Wild boxes too: negative, fractional, beyond the grid, NaN.
          const wild = (max: number) => (random() < 0.1 ? Number.NaN : Math.round((random() * (max + 6) - 3) * 2) / 2);
          workspace = placeDashboardTile(workspace, dashboard.id, tile.id, { x: wild(GRID_COLUMNS), y: wild(30), w: wild(GRID_COLUMNS), h: wild(12) });
        } else if (roll < 0.95) {
          const tile = tiles[Math.floor(random() * tiles.length)]!;
          const keys = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'] as const;
          workspace = placeDashboardTile(workspace, dashboard.id, tile.id, stepBox(tile, keys[Math.floor(random() * 4)]!, random() < 0.5));
        } else {
          workspace = removeTile(workspace, dashboard.id, tiles[Math.floor(random() * tiles.length)]!.id);
        }
        expectValidLayout(tilesOf(workspace));
        dashboard = workspace.dashboards![0]!;
      }
    }
  });

  it('moves a tile down past the one under it with the keyboard, and that one rises above it', () => {
    const { workspace: start, dashboard } = withDashboard();
    let workspace = addTile(start, dashboard.id, { kind: 'text', markdown: 'a' });
    workspace = addTile(workspace, dashboard.id, { kind: 'text', markdown: 'b' });
    workspace = placeDashboardTile(workspace, dashboard.id, tilesOf(workspace)[1]!.id, { x: 0, y: 4, w: 6, h: 4 });
    const [first, second] = tilesOf(workspace) as [Tile, Tile];
    expect([first.y, second.y]).toEqual([0, 4]);
    let moved = workspace;
    for (let step = 0; step < 4; step++) moved = placeDashboardTile(moved, dashboard.id, first.id, stepBox(tilesOf(moved)[0]!, 'ArrowDown', false));
    const [a, b] = tilesOf(moved) as [Tile, Tile];
    expect(b.y).toBe(0);
    expect(a.y).toBeGreaterThanOrEqual(b.h);
  });
});

describe('dashboard edits', () => {
  it('keeps selections per tile, clears them, and undoes each as one step', () => {
    const { workspace: start, dashboard, chartId } = withDashboard();
    const workspace = addTile(start, dashboard.id, { kind: 'chart', chartId });
    const tileId = tilesOf(workspace)[0]!.id;
    const history = new UndoHistory();
    const clause: FilterClause = { kind: 'points', table: 'ventas', field: 'year', values: [2001, 2002] };
    const filtered = setTileFilter(workspace, dashboard.id, tileId, clause);
    history.record('filter', workspace, filtered);
    expect(filtered.dashboards![0]!.filters[tileId]).toEqual(clause);
    expect(setTileFilter(filtered, dashboard.id, tileId, clause)).toBe(filtered);
    expect(setTileFilter(filtered, dashboard.id, 'no-such-tile', clause)).toBe(filtered);
    expect(clearDashboardFilters(filtered, dashboard.id).dashboards![0]!.filters).toEqual({});
    expect(history.undo()?.before.dashboards![0]!.filters).toEqual({});
  });

  it('drops a removed chart from its dashboards, with its selection; renaming a table carries tiles, selections and links along', () => {
    const { workspace: start, dashboard, chartId } = withDashboard();
    let workspace = addTile(start, dashboard.id, { kind: 'chart', chartId });
    workspace = addTile(workspace, dashboard.id, { kind: 'kpi', table: 'ventas', aggregate: 'sum', field: 'year' });
    const [chartTile, kpiTile] = tilesOf(workspace) as [Tile, Tile];
    workspace = setTileFilter(workspace, dashboard.id, chartTile.id, { kind: 'points', table: 'ventas', field: 'year', values: [2001] });
    workspace = setDashboardLinks(workspace, dashboard.id, [{ a: { table: 'ventas', column: 'year' }, b: { table: 'otros', column: 'anio' } }]);

    const renamed = renameDataset(workspace, 'ventas', 'sales');
    const moved = renamed.dashboards![0]!;
    expect(moved.tiles.find((tile) => tile.id === kpiTile.id)).toMatchObject({ table: 'sales' });
    expect(moved.filters[chartTile.id]?.table).toBe('sales');
    expect(moved.links[0]!.a.table).toBe('sales');

    const removed = removeChart(workspace, chartId);
    expect(tilesOf(removed).map((tile) => tile.id)).toEqual([kpiTile.id]);
    expect(removed.dashboards![0]!.filters).toEqual({});
    expect(removeDashboard(removed, dashboard.id).order.some((ref) => ref.kind === 'dashboard')).toBe(false);
  });
});

describe('dashboards from untrusted JSON', () => {
  function document(): Workspace {
    const { workspace: start, dashboard, chartId } = withDashboard();
    let workspace = addTile(start, dashboard.id, { kind: 'chart', chartId });
    workspace = addTile(workspace, dashboard.id, { kind: 'filter', table: 'ventas', field: 'year', control: 'range', title: 'Años' });
    workspace = addTile(workspace, dashboard.id, { kind: 'kpi', table: 'ventas', aggregate: 'sum', field: 'year', format: 'compact' });
    const [chartTile, filterTile] = tilesOf(workspace) as [Tile, Tile];
    workspace = setTileFilter(workspace, dashboard.id, chartTile.id, { kind: 'interval', table: 'ventas', field: 'year', lo: 2000, hi: 2010, bin: { step: 5 } });
    workspace = setTileFilter(workspace, dashboard.id, filterTile.id, { kind: 'points', table: 'ventas', field: 'year', values: ["O'Brien", null, true, 3.5] });
    return setDashboardLinks(workspace, dashboard.id, [{ a: { table: 'ventas', column: 'year' }, b: { table: 'otros', column: 'anio' } }]);
  }

  it('round-trips a dashboard with every tile kind, selection and link', () => {
    const workspace = document();
    expect(readWorkspace(JSON.parse(JSON.stringify(workspace)))).toEqual(workspace);
  });

  it('reads documents saved before dashboards existed', () => {
    const old = JSON.parse(JSON.stringify(createWorkspace('Antes'))) as Record<string, unknown>;
    delete old.dashboards;
    expect(readWorkspace(old).dashboards).toBeUndefined();
  });

  const hostile: Array<[string, (doc: Record<string, any>) => void, string]> = [
    ['a selection keyed by no tile (prototype key)', (doc) => (doc.dashboards[0].filters = JSON.parse('{"__proto__": {"kind": "points", "table": "t", "field": "f", "values": []}}')), 'dashboards[0].filters'],
    ['a tile beyond the grid', (doc) => (doc.dashboards[0].tiles[0].x = 11), 'dashboards[0].tiles[0].x'],
    ['a tile of an unknown kind', (doc) => (doc.dashboards[0].tiles[0].kind = 'iframe'), 'dashboards[0].tiles[0].kind'],
    ['a non-finite bound (JSON null)', (doc) => (Object.values(doc.dashboards[0].filters as Record<string, any>)[0].lo = null), '.lo'],
    ['an object among selected values', (doc) => (Object.values(doc.dashboards[0].filters as Record<string, any>)[1].values = [{ toString: 'x' }]), '.values[0]'],
    ['a negative bin width', (doc) => (Object.values(doc.dashboards[0].filters as Record<string, any>)[0].bin = { step: -1 }), '.bin.step'],
    ['a dashboard missing from the order', (doc) => (doc.order = doc.order.filter((ref: { kind: string }) => ref.kind !== 'dashboard')), 'order'],
    ['too many tiles', (doc) => (doc.dashboards[0].tiles = Array.from({ length: 25 }, (_, i) => ({ ...doc.dashboards[0].tiles[0], id: `t${i}` }))), 'dashboards[0].tiles'],
  ];
  it.each(hostile)('refuses %s, naming the field', (_name, spoil, field) => {
    const doc = JSON.parse(JSON.stringify(document())) as Record<string, any>;
    spoil(doc);
    let error: unknown;
    try {
      readWorkspace(doc);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WorkspaceFormatError);
    expect((error as WorkspaceFormatError).field).toContain(field);
  });
});
