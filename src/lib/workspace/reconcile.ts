import type { DatasetEntry, Workspace } from './types';

/** What the engine must do so that its tables match a workspace's datasets. */
export interface EnginePlan {
  /** Tables to drop (datasets that left the document). */
  drop: DatasetEntry[];
  /** Tables to rename, by old and new name. */
  rename: Array<{ from: string; to: string }>;
  /** Datasets whose table must be re-created from their bytes (their fixes changed). */
  rebuild: DatasetEntry[];
  /** Datasets to load from their bytes (new to the document). */
  load: DatasetEntry[];
}

/**
 * Compares the datasets of two documents by id. Pure, so that undo, redo,
 * switching workspaces and restoring after a reload all take the same path.
 */
export function planEngine(before: Pick<Workspace, 'datasets'> | undefined, after: Pick<Workspace, 'datasets'>): EnginePlan {
  const old = new Map((before?.datasets ?? []).map((dataset) => [dataset.id, dataset]));
  const plan: EnginePlan = { drop: [], rename: [], rebuild: [], load: [] };
  const kept = new Set<string>();
  for (const dataset of after.datasets) {
    const previous = old.get(dataset.id);
    if (!previous) {
      plan.load.push(dataset);
      continue;
    }
    kept.add(dataset.id);
    if (JSON.stringify(previous.fixes) !== JSON.stringify(dataset.fixes)) {
      plan.drop.push(previous);
      plan.rebuild.push(dataset);
    } else if (previous.table !== dataset.table) {
      plan.rename.push({ from: previous.table, to: dataset.table });
    }
  }
  for (const dataset of old.values()) if (!kept.has(dataset.id)) plan.drop.push(dataset);
  return plan;
}

export function isEmptyPlan(plan: EnginePlan): boolean {
  return plan.drop.length + plan.rename.length + plan.rebuild.length + plan.load.length === 0;
}
