/**
 * Arranging tiles on the dashboard grid: pure functions over tile boxes.
 * Tiles never overlap: after a tile moves or grows, the tiles it would cover
 * are pushed down, then every tile floats up as far as it can (the behaviour
 * people know from grid dashboards: no gaps open, nothing hides another).
 */
import { GRID_COLUMNS, MAX_TILE_ROWS, type Tile, type TileBox, type TileKind } from './model';

/** The size a new tile of each kind starts at. */
export const DEFAULT_SIZE: Readonly<Record<TileKind, { w: number; h: number }>> = {
  chart: { w: 6, h: 8 },
  table: { w: 12, h: 8 },
  kpi: { w: 3, h: 3 },
  text: { w: 6, h: 4 },
  filter: { w: 3, h: 5 },
};

const MIN_SIZE = { w: 2, h: 2 };

/** A box inside the grid: whole numbers, at least the minimum size, no wider than the grid. */
export function clampBox(box: TileBox): TileBox {
  const whole = (value: number, fallback: number) => (Number.isFinite(value) ? Math.round(value) : fallback);
  const w = Math.min(GRID_COLUMNS, Math.max(MIN_SIZE.w, whole(box.w, MIN_SIZE.w)));
  const h = Math.min(MAX_TILE_ROWS, Math.max(MIN_SIZE.h, whole(box.h, MIN_SIZE.h)));
  const x = Math.min(GRID_COLUMNS - w, Math.max(0, whole(box.x, 0)));
  const y = Math.max(0, whole(box.y, 0));
  return { x, y, w, h };
}

export function overlaps(a: TileBox, b: TileBox): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The row below every tile: where a new tile goes. */
export function bottomOf(tiles: readonly TileBox[]): number {
  return tiles.reduce((bottom, tile) => Math.max(bottom, tile.y + tile.h), 0);
}

/**
 * Puts tile `id` at `box` and settles the rest around it: tiles it covers
 * move below it, then all float up. The moved tile keeps its place while the
 * others settle: it stays where the person put it, even below a gap (moving
 * a tile down row by row lets the tile under it rise above it once it fits).
 */
export function placeTile<T extends Tile>(tiles: readonly T[], id: string, box: TileBox): T[] {
  const target = clampBox(box);
  const moved = tiles.map((tile) => (tile.id === id ? { ...tile, ...target } : tile));
  return settle(moved, id);
}

/** Removes overlaps (pushing tiles down, in reading order) and closes vertical gaps. */
export function settle<T extends Tile>(tiles: readonly T[], pinned?: string): T[] {
  const order = [...tiles].sort((a, b) => (a.id === pinned ? -1 : b.id === pinned ? 1 : a.y - b.y || a.x - b.x));
  const placed: T[] = [];
  for (const tile of order) {
    let y = tile.id === pinned ? tile.y : 0;
    // Others float up as far as possible, then down past anything in the way.
    const candidate = () => ({ ...tile, y });
    if (tile.id !== pinned) {
      while (placed.some((other) => overlaps(candidate(), other))) y++;
    }
    placed.push(candidate());
  }
  // Back in the caller's order, so that ids keep their positions in the document.
  const byId = new Map(placed.map((tile) => [tile.id, tile]));
  return tiles.map((tile) => byId.get(tile.id) as T);
}

/** Where a new tile of `kind` goes: the first place in reading order where it fits, or below everything. */
export function freeBox(tiles: readonly TileBox[], kind: TileKind): TileBox {
  const { w, h } = DEFAULT_SIZE[kind];
  const bottom = bottomOf(tiles);
  for (let y = 0; y <= bottom; y++) {
    for (let x = 0; x + w <= GRID_COLUMNS; x++) {
      const box = { x, y, w, h };
      if (!tiles.some((tile) => overlaps(box, tile))) return box;
    }
  }
  return { x: 0, y: bottom, w, h };
}

/** One keyboard step: move by a cell, or grow/shrink by a cell (Shift). */
export function stepBox(box: TileBox, key: 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown', resize: boolean): TileBox {
  const dx = key === 'ArrowLeft' ? -1 : key === 'ArrowRight' ? 1 : 0;
  const dy = key === 'ArrowUp' ? -1 : key === 'ArrowDown' ? 1 : 0;
  return clampBox(resize ? { ...box, w: box.w + dx, h: box.h + dy } : { ...box, x: box.x + dx, y: box.y + dy });
}
