/**
 * Pre-aggregated indexes for brushing (Mosaic's design). While a person
 * brushes tile A, every other view B is answered from a small table: B's
 * partial aggregates grouped by B's dimensions and A's active bin
 * (`__active`), over the rows that pass every clause but A's and B's. Each
 * brush move is then a GROUP BY over that table instead of a scan of the
 * source, and gives exactly the rows compileQuery gives over the filtered source.
 *
 * Only aggregates that combine from partial results can be indexed (count,
 * sum, mean as sum and count, min, max); for the others planIndex returns
 * undefined and the caller runs exact queries.
 */
import { binStepSql, compileQuery, type OutputField, type SourceColumn } from '../charts/compile-sql';
import { AGGREGATES, type ChartDesign, type FieldDef } from '../charts/model';
import { isNumericType } from '../engine/column-types';
import { quoteIdentifier } from '../engine/sql';
import { DECOMPOSABLE, type FilterClause, type KpiTile } from './model';
import {
  assertClauseShape,
  binNumberSql,
  binRange,
  comparedExpression,
  DashboardFilterError,
  pointsPredicate,
  rangePredicate,
  timeUnitSql,
  type DashboardColumn,
} from './predicates';
import type { ActiveDimension } from './selection-field';

/**
 * `indexSql` is the index table as SQL, already quoted (`quoteIdentifier(name)`):
 * the caller names it `__atalaya_idx_…` (the catalog hides those) and drops it when the brush ends.
 */
export interface IndexPlan {
  /** Creates (or replaces) the index table. */
  createSql(indexSql: string): string;
  /** The view's rows for a clause on the active dimension, shaped exactly as compileQuery's. */
  querySql(indexSql: string, clause: FilterClause): string;
  fields: OutputField[];
}

export interface IndexedView {
  design: ChartDesign;
  table: string;
  columns: SourceColumn[];
}

const ACTIVE = quoteIdentifier('__active');
/** A placeholder source: compileQuery only needs one to name the output columns and write ORDER BY and LIMIT. */
const NO_SOURCE = quoteIdentifier('__atalaya_none');

/** The row expression the index groups the active dimension by; a clause on it tests the same value. */
function activeExpression(active: ActiveDimension, column: DashboardColumn): string {
  if (active.bin) return binNumberSql(column, active.bin.step);
  if (active.timeUnit) return timeUnitSql(column, active.timeUnit);
  return comparedExpression(column);
}

/** True when the index can answer clauses on this dimension (a plain interval would need every raw value). */
function indexable(active: ActiveDimension, column: DashboardColumn | undefined): column is DashboardColumn {
  if (!column) return false;
  if (active.kind === 'points') return !active.bin && !active.timeUnit;
  if (active.bin) return Number.isFinite(active.bin.step) && active.bin.step > 0 && isNumericType(column.type);
  return active.timeUnit !== undefined;
}

/**
 * The clause as a test of `__active`, the same test clausePredicate makes
 * of the row's column: bin numbers, truncated dates or values.
 */
function activePredicate(active: ActiveDimension, column: DashboardColumn, clause: FilterClause): string {
  assertClauseShape(clause);
  const matches =
    clause.table === active.table &&
    clause.field === active.field &&
    clause.kind === active.kind &&
    (clause.kind === 'points' || (clause.bin?.step === active.bin?.step && clause.timeUnit === active.timeUnit));
  // A programming error, not a person's: the caller plans a new index when the brushed tile changes.
  if (!matches) throw new Error('preagg: the clause is not on the index’s active dimension');
  if (clause.kind === 'points') return pointsPredicate(ACTIVE, column, clause.values);
  if (active.bin) {
    const [k0, k1] = binRange(column, clause.lo, clause.hi, active.bin.step);
    return `${ACTIVE} >= ${k0} AND ${ACTIVE} < ${k1}`;
  }
  return rangePredicate(ACTIVE, column, clause.lo, clause.hi, clause.includeHi === true);
}

interface Parts {
  /** Select list of the index: dimensions as compileQuery computes them, then partial aggregates. */
  indexSelects: string[];
  /** Bin-width subqueries over the unfiltered table, joined in the index's FROM. */
  steps: string[];
  /** Select list of the final query, in compileQuery's column order. */
  finalSelects: string[];
  dims: string[];
}

/** A dimension as compileQuery writes it; binned widths measured over the unfiltered table. */
function addDimension(parts: Parts, output: OutputField, index: number, table: string, columns: SourceColumn[]): void {
  const def = output.def;
  const column = quoteIdentifier(def.field ?? '');
  const alias = quoteIdentifier(output.column);
  if (def.bin && output.binEnd) {
    const step = `__step_${index}`;
    parts.steps.push(binStepSql(quoteIdentifier(table), column, def.bin.maxbins, step));
    const start = `floor(${column}::DOUBLE / ${step}) * ${step}`;
    const end = quoteIdentifier(output.binEnd);
    parts.indexSelects.push(`${start} AS ${alias}`, `${start} + ${step} AS ${end}`);
    parts.finalSelects.push(alias, end);
    parts.dims.push(alias, end);
    return;
  }
  const source = columns.find((candidate) => candidate.name === def.field) ?? { name: def.field ?? '', type: '' };
  // Grouped with `__active`, a time unit needs timeUnitSql's NULL guard; alone (compileQuery's case) it does not.
  const expression = def.timeUnit ? timeUnitSql(source, def.timeUnit) : isNumericType(source.type) ? `${column}::DOUBLE` : column;
  parts.indexSelects.push(`${expression} AS ${alias}`);
  parts.finalSelects.push(alias);
  parts.dims.push(alias);
}

/**
 * A measure as partial aggregates in the index and their combination in the
 * query, cast to DOUBLE as compileQuery does. A count over no rows is 0,
 * not null (a KPI's one row when nothing passes).
 */
function addMeasure(parts: Parts, output: OutputField, index: number): void {
  const def = output.def as FieldDef & { aggregate: NonNullable<FieldDef['aggregate']> };
  const column = quoteIdentifier(def.field ?? '');
  const partial = (name: string) => quoteIdentifier(`__m${index}_${name}`);
  const alias = quoteIdentifier(output.column);
  switch (def.aggregate) {
    case 'count':
      parts.indexSelects.push(`count(*) AS ${partial('count')}`);
      parts.finalSelects.push(`coalesce(sum(${partial('count')}), 0)::DOUBLE AS ${alias}`);
      return;
    case 'sum':
      parts.indexSelects.push(`sum(${column}) AS ${partial('sum')}`);
      parts.finalSelects.push(`(sum(${partial('sum')}))::DOUBLE AS ${alias}`);
      return;
    case 'mean':
      parts.indexSelects.push(`sum(${column}) AS ${partial('sum')}`, `count(${column}) AS ${partial('n')}`);
      parts.finalSelects.push(`(sum(${partial('sum')})::DOUBLE / sum(${partial('n')})::DOUBLE)::DOUBLE AS ${alias}`);
      return;
    case 'min':
    case 'max':
      parts.indexSelects.push(`${def.aggregate}(${column}) AS ${partial(def.aggregate)}`);
      parts.finalSelects.push(`(${def.aggregate}(${partial(def.aggregate)}))::DOUBLE AS ${alias}`);
      return;
    default:
      throw new Error(`preagg: ${def.aggregate} does not decompose`);
  }
}

/** compileQuery's ORDER BY and LIMIT lines for the design: the index query sorts and caps as the exact one does. */
function orderAndLimit(design: ChartDesign, columns: SourceColumn[]): string[] {
  const compiled = compileQuery({ ...design, source: NO_SOURCE }, columns);
  return compiled.sql.split('\n').filter((line) => line.startsWith('ORDER BY ') || line.startsWith('LIMIT '));
}

function compiledFields(design: ChartDesign, columns: SourceColumn[]): OutputField[] | undefined {
  try {
    return compileQuery({ ...design, source: NO_SOURCE }, columns).fields;
  } catch {
    // A design that does not compile has no index; the exact query reports its problem.
    return undefined;
  }
}

/**
 * How to answer a view from a pre-aggregated index while `active` is
 * brushed, or undefined when it cannot be (another table, a raw or box-plot
 * chart, an aggregate that does not decompose, a plain interval).
 * `basePredicate`: the clauses of every tile but the brushed one and the view's own.
 */
export function planIndex(view: IndexedView, active: ActiveDimension, basePredicate: string | undefined): IndexPlan | undefined {
  if (view.table !== active.table || view.design.mark === 'boxplot') return undefined;
  const activeColumn = view.columns.find((candidate) => candidate.name === active.field);
  if (!indexable(active, activeColumn)) return undefined;
  const fields = compiledFields(view.design, view.columns);
  if (!fields) return undefined;
  const measures = fields.filter((field) => field.role === 'measure');
  if (measures.length === 0 || fields.some((field) => field.role === 'raw')) return undefined;
  if (!measures.every((field) => field.def.aggregate && DECOMPOSABLE.has(field.def.aggregate))) return undefined;

  const parts: Parts = { indexSelects: [], steps: [], finalSelects: [], dims: [] };
  // compileQuery names columns `${channel}_${index}` in encoding order; the index keeps that index.
  fields.forEach((field) => {
    const index = Number(field.column.slice(field.column.lastIndexOf('_') + 1));
    if (field.role === 'measure') addMeasure(parts, field, index);
    else addDimension(parts, field, index, view.table, view.columns);
  });
  const tail = orderAndLimit(view.design, view.columns);
  const from = [quoteIdentifier(view.table), ...parts.steps].join(',\n  ');

  return {
    fields,
    createSql: (indexSql) =>
      [
        `CREATE OR REPLACE TABLE ${indexSql} AS`,
        `SELECT ${[...parts.indexSelects, `${activeExpression(active, activeColumn)} AS ${ACTIVE}`].join(', ')}`,
        `FROM ${from}`,
        basePredicate ? `WHERE ${basePredicate}` : '',
        // ALL: the select's own expressions, so a source column named like an alias cannot be grouped instead.
        'GROUP BY ALL',
      ]
        .filter(Boolean)
        .join('\n'),
    querySql: (indexSql, clause) =>
      [
        `SELECT ${parts.finalSelects.join(', ')}`,
        `FROM ${indexSql}`,
        `WHERE ${activePredicate(active, activeColumn, clause)}`,
        parts.dims.length > 0 ? `GROUP BY ${parts.dims.join(', ')}` : '',
        ...tail,
      ]
        .filter(Boolean)
        .join('\n'),
  };
}

/** A KPI as a one-measure chart: the same SQL, checks and problems as a chart's. */
function kpiDesign(tile: KpiTile): ChartDesign {
  if (!(AGGREGATES as readonly unknown[]).includes(tile.aggregate) || (tile.field !== undefined && typeof tile.field !== 'string')) {
    throw new DashboardFilterError({ code: 'badClause', params: {} });
  }
  return { mark: 'bar', encoding: { y: { field: tile.aggregate === 'count' ? undefined : tile.field, aggregate: tile.aggregate } } };
}

const KPI_COLUMN = quoteIdentifier('y_0');

/**
 * One row, one DOUBLE column `value`: the tile's aggregate over `source`
 * (SQL usable after FROM, e.g. filteredSource). Throws ChartCompileError
 * when the tile's column is gone or cannot be aggregated so.
 */
export function kpiSql(tile: KpiTile, source: string, columns: SourceColumn[]): string {
  const compiled = compileQuery({ ...kpiDesign(tile), source }, columns);
  return `SELECT ${KPI_COLUMN} AS ${quoteIdentifier('value')} FROM (\n${compiled.sql}\n)`;
}

/** planIndex for a KPI tile: its query gives kpiSql's one row. */
export function planKpiIndex(tile: KpiTile, active: ActiveDimension, basePredicate: string | undefined, columns: SourceColumn[]): IndexPlan | undefined {
  let design: ChartDesign;
  try {
    design = kpiDesign(tile);
  } catch {
    return undefined;
  }
  const plan = planIndex({ design, table: tile.table, columns }, active, basePredicate);
  if (!plan) return undefined;
  return {
    fields: plan.fields,
    createSql: plan.createSql,
    querySql: (indexSql, clause) => `SELECT ${KPI_COLUMN} AS ${quoteIdentifier('value')} FROM (\n${plan.querySql(indexSql, clause)}\n)`,
  };
}
