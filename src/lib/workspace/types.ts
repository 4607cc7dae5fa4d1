/**
 * The workspace document: plain data, independent of Svelte, DuckDB and
 * storage. Everything a user makes lives here; the engine's tables are
 * rebuilt from it.
 */

/** Bumped only with a migration in `migrate.ts`; stored in every saved document and file. */
import type { ChartDesign } from '../charts/model';
import type { DashboardItem } from '../dashboards/model';
import type { LoadSubset } from '../ingest/load-subset';

export const WORKSPACE_FORMAT = 1;

export interface DatasetColumn {
  name: string;
  type: string;
}

/** A recorded type fix (the options of `lib/profile/type-fix`, kept as plain data). */
export interface TypeFixRecord {
  column: string;
  options: { target: 'number' | 'date' | 'boolean'; decimal: '.' | ','; dateOrder: 'dmy' | 'mdy' | 'ymd' };
}

export interface DatasetEntry {
  id: string;
  /** The table name in DuckDB. */
  table: string;
  /** The file it was loaded from, as the user named it. */
  fileName: string;
  format: string;
  /** Size of the stored bytes. */
  size: number;
  /** Content hash of the stored bytes ("sha256:…"), the key of its chunks. */
  hash: string;
  columns: DatasetColumn[];
  rowCount: number;
  /** Load options: the sheet of a workbook. */
  sheet?: string;
  /**
   * Load options: the sheet row (1-based, as Excel numbers rows) read as the
   * header, detected or chosen; absent for other files (and for sheets
   * recorded before it was kept, which are read with the detected one).
   */
  headerRow?: number;
  /** Set for bundled samples, whose bytes ship with the app rather than being stored. */
  sampleId?: string;
  /**
   * Load options: only some columns or a sample of rows were loaded (chosen
   * when the whole file did not fit in memory); replays read the same part.
   */
  subset?: LoadSubset;
  fixes: TypeFixRecord[];
}

export interface QueryItem {
  id: string;
  name: string;
  sql: string;
}

export interface NoteItem {
  id: string;
  title: string;
  markdown: string;
}

/** What a chart draws from: a dataset's table, or the rows of a saved query (re-run when its SQL changes). */
export type ChartSource = { kind: 'table'; table: string } | { kind: 'query'; queryId: string };

export interface ChartItem {
  id: string;
  name: string;
  source: ChartSource;
  /** The builder's choices; DuckDB computes the rows from them. */
  design: ChartDesign;
  /**
   * A Vega-Lite spec the user edited by hand, drawn instead of the compiled
   * one (with the compiled rows as its data). Untrusted: sanitized before drawing.
   */
  vegaLite?: Record<string, unknown>;
}

export type ItemKind = 'query' | 'note' | 'chart' | 'dashboard';

export interface ItemRef {
  kind: ItemKind;
  id: string;
}

/**
 * Where a workspace came from when it was not made in this browser, and what
 * its person allowed. Statements of it that the SQL policy lists (network,
 * files, engine) run only if their exact text is in `allowed`; the engine's
 * lockdown refuses their harm anyway, this keeps the person's own decision.
 * Kept with the document so that it survives reload, duplication and export;
 * reset whenever a link or file is opened again (its sender cannot pre-allow).
 */
export interface WorkspaceOrigin {
  kind: 'link' | 'file';
  allowed: string[];
}

export interface Workspace {
  format: typeof WORKSPACE_FORMAT;
  id: string;
  title: string;
  createdAt: string;
  datasets: DatasetEntry[];
  queries: QueryItem[];
  notes: NoteItem[];
  charts: ChartItem[];
  /**
   * Grids of tiles that filter each other. Optional so that documents saved
   * before dashboards existed read unchanged (same format); absent means none.
   */
  dashboards?: DashboardItem[];
  /** The order of queries, notes, charts and dashboards in the sidebar; every item appears once. */
  order: ItemRef[];
  /** The query open in the editor. */
  activeQueryId: string;
  /** Set for a workspace opened from a link or a workspace file. */
  origin?: WorkspaceOrigin;
}
