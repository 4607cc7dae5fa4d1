/**
 * Pre-aggregated indexes for the tile being brushed (Mosaic's design): when
 * a person selects in tile A, each other chart or KPI over the same table
 * gets a small table of its aggregates by its own groups and by A's bins,
 * over the rows every other selection lets through. Each later move of A's
 * brush is then a GROUP BY over that small table instead of a scan of the
 * whole one. Until an index is ready (or when a view cannot have one:
 * medians, distinct counts, raw marks), the exact query answers, so brushing
 * never waits for an index.
 */
import { coordinatorFor, INTERNAL_TABLE_PREFIX, isSuperseded, quoteIdentifier, quoteLiteral, type QueryRunner, type TableInfo } from '../../lib/engine';
import { plainRows, type ChartModel, type CompiledQuery } from '../../lib/charts';
import { planIndex, planKpiIndex, viewFilter, type ActiveDimension, type ChartTile, type FilterClause, type IndexPlan, type KpiTile, type ViewFilter } from '../../lib/dashboards';
import type { ChartItem } from '../../lib/workspace';
import type { TileContext } from './tile-data';

export interface IndexedRows {
  model: ChartModel;
  compiled: CompiledQuery;
  rows: Record<string, unknown>[];
}

interface IndexEntry {
  name: string;
  plan: IndexPlan;
  /** Settles once the index table exists; true when it was built. */
  built: Promise<boolean>;
  ready: boolean;
}

let nextIndex = 0;

export class CrossfilterIndexes {
  /** The indexes of the current brushed dimension, by what they answer (view, filters, catalog). */
  #entries = new Map<string, IndexEntry>();
  /** The brushed dimension and catalog the entries were built for; another one drops them all. */
  #scope = '';
  #tables: readonly TableInfo[] | undefined;
  readonly #engine: QueryRunner;
  #disposed = false;

  constructor(engine: QueryRunner) {
    this.#engine = engine;
  }

  /** How many indexes exist now (for the benchmark and tests). */
  get readyCount(): number {
    return [...this.#entries.values()].filter((entry) => entry.ready).length;
  }

  /** Resolves once every index asked for so far is built (or failed). */
  async whenBuilt(): Promise<void> {
    await Promise.all([...this.#entries.values()].map((entry) => entry.built));
  }

  /** Rows of a chart tile from a ready index, or undefined (then the exact query answers). */
  chartRows(context: TileContext, tile: ChartTile, chart: ChartItem, table: TableInfo, filter: ViewFilter): Promise<IndexedRows> | undefined {
    const brushed = this.#brushed(context, tile.id, table.name, filter);
    if (!brushed) return undefined;
    const { active, clause, base } = brushed;
    const key = JSON.stringify(['chart', tile.id, chart.design, table.name, base]);
    const entry = this.#entry(key, () => planIndex({ design: chart.design, table: table.name, columns: table.columns }, active, base));
    if (!entry?.ready) return undefined;
    const model: ChartModel = { ...chart.design, source: quoteIdentifier(entry.name) };
    return this.#read(context.engine, entry, clause).then((rows) => ({ model, compiled: { sql: '', fields: entry.plan.fields, sampled: false }, rows }));
  }

  kpiValue(context: TileContext, tile: KpiTile, filter: ViewFilter): Promise<number | null> | undefined {
    const table = context.tables.find((candidate) => candidate.name === tile.table);
    if (!table) return undefined;
    const brushed = this.#brushed(context, tile.id, table.name, filter);
    if (!brushed) return undefined;
    const { active, clause, base } = brushed;
    const key = JSON.stringify(['kpi', tile.id, tile.aggregate, tile.field, table.name, base]);
    const entry = this.#entry(key, () => planKpiIndex(tile, active, base, table.columns));
    if (!entry?.ready) return undefined;
    return this.#read(context.engine, entry, clause).then((rows) => {
      const value = rows[0]?.value;
      return value === undefined || value === null ? null : Number(value);
    });
  }

  /** What DuckDB estimates the ready index tables take, in bytes. */
  async bytes(): Promise<number> {
    const names = [...this.#entries.values()].filter((entry) => entry.ready).map((entry) => quoteLiteral(entry.name));
    if (names.length === 0) return 0;
    const result = await this.#engine.query(`SELECT coalesce(sum(estimated_size), 0)::DOUBLE AS bytes FROM duckdb_tables() WHERE table_name IN (${names.join(', ')})`);
    return Number(result.getChild('bytes')?.get(0) ?? 0);
  }

  /** Drops every index table (the dashboard closed). */
  dispose(): void {
    this.#disposed = true;
    this.#dropAll();
  }

  /**
   * The brushed tile's clause when it filters this view directly (same
   * table), and the view's filter without it: what the index is built over.
   */
  #brushed(context: TileContext, tileId: string, table: string, filter: ViewFilter): { active: ActiveDimension; clause: FilterClause; base: string | undefined } | undefined {
    const activeId = context.activeTile;
    if (!activeId || activeId === tileId || !filter.applied.includes(activeId)) return undefined;
    const clause = context.filters[activeId];
    if (!clause || clause.table !== table) return undefined;
    const active: ActiveDimension = { table, field: clause.field, kind: clause.kind };
    if (clause.kind === 'interval') {
      // Only whole bins or time units can be answered from an index (a free range needs every value).
      if (clause.bin) active.bin = clause.bin;
      else if (clause.timeUnit) active.timeUnit = clause.timeUnit;
      else return undefined;
    }
    const others = { ...context.filters };
    delete others[activeId];
    const base = viewFilter({ tileId, table }, others, context.dashboard.links, context.tables.map((info) => ({ name: info.name, columns: info.columns }))).predicate;
    // A new brushed dimension or catalog (a reload, an undo that replaced a table): the old indexes answer nothing now.
    const scope = JSON.stringify(active);
    if (scope !== this.#scope || context.tables !== this.#tables) {
      this.#dropAll();
      this.#scope = scope;
      this.#tables = context.tables;
    }
    return { active, clause, base };
  }

  #entry(key: string, plan: () => IndexPlan | undefined): IndexEntry | undefined {
    const existing = this.#entries.get(key);
    if (existing || this.#disposed) return existing;
    const planned = plan();
    if (!planned) return undefined;
    const name = `${INTERNAL_TABLE_PREFIX}idx_${++nextIndex}`;
    const entry: IndexEntry = { name, plan: planned, ready: false, built: Promise.resolve(false) };
    entry.built = coordinatorFor(this.#engine)
      .request(`index:${name}`, 'index', async (scope) => {
        const started = performance.now();
        await scope.engine.query(planned.createSql(quoteIdentifier(name)));
        performance.measure('atalaya:index-built', { start: started, detail: name });
        return true;
      })
      .then(
        () => {
          // Dropped meanwhile (another brush, the dashboard closed): the table is not wanted.
          if (this.#entries.get(key) !== entry) this.#drop(name);
          else entry.ready = true;
          return entry.ready;
        },
        (error: unknown) => {
          if (!isSuperseded(error)) this.#entries.delete(key);
          return false;
        },
      );
    this.#entries.set(key, entry);
    return entry;
  }

  /** On the tile request's own lane (`engine` is its scope's), so a newer brush move supersedes it. */
  async #read(engine: QueryRunner, entry: IndexEntry, clause: FilterClause): Promise<Record<string, unknown>[]> {
    // One round trip, not a prepared statement's three: the SQL is the app's own, over its own index table.
    return plainRows(await engine.query(entry.plan.querySql(quoteIdentifier(entry.name), clause)));
  }

  #dropAll(): void {
    for (const [, entry] of this.#entries) {
      coordinatorFor(this.#engine).cancel(`index:${entry.name}`);
      this.#drop(entry.name);
    }
    this.#entries.clear();
  }

  /**
   * Queued on the index lane, so it runs after a build that was cancelled
   * but still finishing: no index table outlives its entry.
   */
  #drop(name: string): void {
    void this.#engine.query(`DROP TABLE IF EXISTS ${quoteIdentifier(name)}`, { lane: 'index' }).catch(() => undefined);
  }
}
