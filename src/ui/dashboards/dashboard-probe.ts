/**
 * The open dashboard, as the benchmark and the browser tests drive it
 * (window.atalayaDebug.dashboard()): select in a tile as a brush or a click
 * would, wait until every view is painted, and look at the indexes.
 */
import type { FilterClause } from '../../lib/dashboards';

export interface DashboardProbe {
  select(tileId: string, clause: FilterClause | undefined, final: boolean): void;
  settled(): Promise<void>;
  indexesBuilt(): Promise<void>;
  /** Off: every view answers with exact queries (the benchmark's comparison). */
  setIndexes(on: boolean): void;
  /** Bytes DuckDB estimates the index tables take. */
  indexBytes(): Promise<number>;
}

let current: DashboardProbe | undefined;

/** Registers the dashboard being shown; the returned function unregisters it. */
export function registerDashboardProbe(probe: DashboardProbe): () => void {
  current = probe;
  return () => {
    if (current === probe) current = undefined;
  };
}

export function dashboardProbe(): DashboardProbe | undefined {
  return current;
}
