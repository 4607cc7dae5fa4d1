/**
 * Which engine table holds which dataset, read from the engine itself.
 *
 * Every dataset table carries a comment (`COMMENT ON TABLE`) naming the
 * dataset's id and a fingerprint of what it was built from (bytes, sheet,
 * header row, type fixes). DuckDB keeps a table's comment through renames —
 * by the app or by the user's SQL — so the catalog alone says which dataset a
 * table is, and whether it is current: nothing on the side can drift from it.
 */
import type { Engine } from './engine';
import { quoteIdentifier, quoteLiteral } from './sql';

/** What a dataset table is built from; its fingerprint changes when any of it does. */
export interface DatasetRecipe {
  id: string;
  hash: string;
  sheet?: string;
  headerRow?: number;
  /** The part of the file loaded (some columns, a sample), when not all of it. */
  subset?: unknown;
  fixes: unknown[];
}

/** A table of the main schema as the catalog has it. */
export interface CatalogTable {
  name: string;
  /** The dataset it holds, for tables the app built; undefined for the user's own tables. */
  datasetId?: string;
  /** The fingerprint of its recipe when it was built. */
  fingerprint?: string;
}

const MARK = 'atalaya-dataset';

/** A short, stable fingerprint of a recipe (FNV-1a over its JSON; not a security hash). */
export function recipeFingerprint(recipe: DatasetRecipe): string {
  // The header row joins only when recorded: recipes from before it was kept keep their fingerprint.
  const parts: unknown[] = [recipe.hash, recipe.sheet ?? null, recipe.fixes];
  if (recipe.headerRow !== undefined) parts.push(recipe.headerRow);
  if (recipe.subset !== undefined) parts.push({ subset: recipe.subset });
  const text = JSON.stringify(parts);
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193) >>> 0;
    b = Math.imul(b ^ code, 0x5bd1e995) >>> 0;
  }
  return `${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

/** Marks `table` as holding the dataset of `recipe`, built as it says. */
export function markDatasetTableSql(table: string, recipe: DatasetRecipe): string {
  return `COMMENT ON TABLE ${quoteIdentifier(table)} IS ${quoteLiteral(`${MARK}:${recipe.id}:${recipeFingerprint(recipe)}`)}`;
}

export function dropTableSql(table: string, kind: 'TABLE' | 'VIEW' = 'TABLE'): string {
  return `DROP ${kind} IF EXISTS ${quoteIdentifier(table)}`;
}

export function renameTableSql(from: string, to: string, kind: 'TABLE' | 'VIEW' = 'TABLE'): string {
  return `ALTER ${kind} ${quoteIdentifier(from)} RENAME TO ${quoteIdentifier(to)}`;
}

/** Reads a table comment; undefined when it is not one of our marks. */
export function parseDatasetMark(comment: string | null | undefined): { datasetId: string; fingerprint: string } | undefined {
  if (!comment?.startsWith(`${MARK}:`)) return undefined;
  const [, datasetId, fingerprint] = comment.split(':');
  return datasetId && fingerprint ? { datasetId, fingerprint } : undefined;
}

/** The main schema's tables, with the dataset each holds (internal scratch tables included: the plan drops strays). */
export async function readCatalog(engine: Engine): Promise<CatalogTable[]> {
  const result = await engine.query(
    `SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'main' AND database_name = current_database() AND NOT internal ORDER BY table_name`,
  );
  const names = result.getChild('table_name')?.toArray() ?? [];
  const comments = result.getChild('comment')?.toArray() ?? [];
  return Array.from(names, (name, i) => {
    const mark = parseDatasetMark(comments[i] === null || comments[i] === undefined ? undefined : String(comments[i]));
    return { name: String(name), ...(mark ?? {}) };
  });
}

/** A dataset as the plan needs it: its recipe and the table name the document gives it. */
export interface DatasetTarget extends DatasetRecipe {
  table: string;
}

export interface SyncPlan<T extends DatasetTarget> {
  /** Tables to drop: datasets that left the document, or built from another recipe. */
  drop: string[];
  /** Dataset tables to rename (done through temporary names, so swaps cannot collide). */
  rename: Array<{ from: string; to: string }>;
  /** Datasets to build from their bytes. */
  load: T[];
  /** Datasets whose name is taken by a table of the user's own (DuckDB names ignore case). */
  clash: T[];
}

/**
 * What turns the engine's actual catalog into the document's datasets. Pure:
 * every path that changes tables (load, undo, redo, reload, restart) plans
 * the same way, from what the engine holds now, never from a remembered
 * "before".
 */
export function planSync<T extends DatasetTarget>(catalog: CatalogTable[], targets: readonly T[]): SyncPlan<T> {
  const plan: SyncPlan<T> = { drop: [], rename: [], load: [], clash: [] };
  const byId = new Map<string, CatalogTable>();
  for (const table of catalog) {
    if (!table.datasetId) continue;
    // Two tables claiming one dataset (a copy made before the mark existed, say): keep one.
    if (byId.has(table.datasetId)) plan.drop.push(table.name);
    else byId.set(table.datasetId, table);
  }
  const wanted = new Set(targets.map((target) => target.id));
  for (const [id, table] of byId) if (!wanted.has(id)) plan.drop.push(table.name);
  const userTables = new Set(catalog.filter((table) => !table.datasetId).map((table) => table.name.toLowerCase()));
  for (const target of targets) {
    if (userTables.has(target.table.toLowerCase())) {
      plan.clash.push(target);
      continue;
    }
    const current = byId.get(target.id);
    if (current && current.fingerprint === recipeFingerprint(target)) {
      if (current.name !== target.table) plan.rename.push({ from: current.name, to: target.table });
      continue;
    }
    if (current) plan.drop.push(current.name);
    plan.load.push(target);
  }
  return plan;
}
