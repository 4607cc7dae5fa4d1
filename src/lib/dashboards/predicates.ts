/**
 * Dashboard filters as SQL: a tile's selection (a FilterClause) becomes a
 * boolean over its table's rows, and a view's filter is the AND of the
 * selections of every other tile, carried across tables by column links.
 *
 * Clauses arrive from links and files made by other people, so nothing in
 * them reaches SQL unchecked: columns must exist, numbers must be finite,
 * dates must be strict ISO 8601, strings go through quoteLiteral, and the
 * engine only ever sees literals this module wrote.
 */
import { isNumericType, isTemporalType, isTextType } from '../engine/column-types';
import { quoteIdentifier, quoteLiteral } from '../engine/sql';
import { TIME_UNITS, type TimeUnit } from '../charts/model';
import type { ColumnLink, FilterClause, PointValue } from './model';

export interface DashboardColumn {
  name: string;
  type: string;
}

export interface DashboardTable {
  name: string;
  columns: DashboardColumn[];
}

/** A points clause holds at most this many values (a link or file cannot make the engine parse megabytes of SQL). */
export const MAX_POINT_VALUES = 10_000;
/** A string value is at most this long (category labels, not documents). */
export const MAX_STRING_LENGTH = 10_000;

/** Why a clause cannot filter, as a code and its parameters; the UI words it. */
export type DashboardFilterProblem =
  /** The clause is not shaped like a FilterClause (a damaged link or file). */
  | { code: 'badClause'; params: Record<string, never> }
  /** The clause's table is not loaded. */
  | { code: 'tableGone'; params: { table: string } }
  /** The clause's column is not in its table any more. */
  | { code: 'columnGone'; params: { table: string; field: string } }
  /** A value is not one the column can hold (not a finite number, not an ISO date, wrong type). */
  | { code: 'badValue'; params: { field: string; value: string } }
  /** A points clause with more than `limit` values. */
  | { code: 'tooManyValues'; params: { field: string; count: number; limit: number } }
  /** The clause cannot apply to a column of this type (a range of text, bins of dates…). */
  | { code: 'wrongType'; params: { field: string; type: string } }
  /** A column link names a column its table does not have. */
  | { code: 'linkColumnGone'; params: { table: string; field: string } };

export class DashboardFilterError extends Error {
  override name = 'DashboardFilterError';

  constructor(readonly problem: DashboardFilterProblem) {
    const params = Object.keys(problem.params).length > 0 ? ` ${JSON.stringify(problem.params)}` : '';
    super(`${problem.code}${params}`);
  }
}

/** How a column's values are compared: the same way the chart shows them, so a clicked value matches its rows. */
export type ValueKind = 'number' | 'temporal' | 'boolean' | 'text' | 'other';

export function valueKindOf(type: string): ValueKind {
  if (isNumericType(type)) return 'number';
  if (isTemporalType(type)) return 'temporal';
  if (/^BOOL(EAN)?$/i.test(type)) return 'boolean';
  if (isTextType(type)) return 'text';
  return 'other';
}

/**
 * The SQL expression a clause compares: numbers as DOUBLE (compileQuery
 * plots `col::DOUBLE`, so a clicked 0.1 must equal the row's 0.1 as a
 * double), other types as VARCHAR (what their values arrive as), the rest as they are.
 */
export function comparedExpression(column: DashboardColumn): string {
  const quoted = quoteIdentifier(column.name);
  const kind = valueKindOf(column.type);
  if (kind === 'number') return `${quoted}::DOUBLE`;
  if (kind === 'other') return `CAST(${quoted} AS VARCHAR)`;
  return quoted;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?Z?$/;

/**
 * True for a real calendar date and clock time. DuckDB would refuse
 * "2015-02-30" with an error; a bad value must be a code instead. Offsets
 * other than Z are refused: DuckDB's TIMESTAMP cast ignores them silently.
 */
function isIsoDateTime(value: string): boolean {
  const match = ISO_DATE.exec(value) ?? ISO_TIMESTAMP.exec(value);
  if (!match) return false;
  const [year, month, day, hour = '0', minute = '0', second = '0'] = match.slice(1).map((part) => part ?? '0');
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth && Number(hour) < 24 && Number(minute) < 60 && Number(second) < 60;
}

const TIMESTAMP_TYPE = /^(TIMESTAMP(_S|_MS|_NS)?|TIMESTAMPTZ|TIMESTAMP WITH TIME ZONE)$/i;

/**
 * The type a date literal is cast to: the column's own, except a timestamp
 * value compared with a DATE column stays a TIMESTAMP (casting it to DATE
 * would drop its time and move the bound).
 */
function temporalCastType(column: DashboardColumn, value: string): string {
  const type = column.type.toUpperCase();
  if (type === 'DATE') return ISO_DATE.test(value) ? 'DATE' : 'TIMESTAMP';
  if (TIMESTAMP_TYPE.test(type)) return type;
  throw new DashboardFilterError({ code: 'wrongType', params: { field: column.name, type: column.type } });
}

function badValue(field: string, value: unknown): DashboardFilterError {
  let shown: string;
  try {
    shown = typeof value === 'string' ? value.slice(0, 80) : String(JSON.stringify(value) ?? typeof value).slice(0, 80);
  } catch {
    shown = typeof value;
  }
  return new DashboardFilterError({ code: 'badValue', params: { field, value: shown } });
}

/** A finite number as an exact DOUBLE literal (the shortest round-trip text, parsed by DuckDB as a double). */
export function doubleLiteral(value: number): string {
  return `${quoteLiteral(String(value))}::DOUBLE`;
}

/** A value of `column` as a SQL literal, or a DashboardFilterError when it is not one. */
export function valueLiteral(column: DashboardColumn, value: unknown): string {
  const kind = valueKindOf(column.type);
  if (kind === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw badValue(column.name, value);
    return doubleLiteral(value);
  }
  if (kind === 'temporal') {
    if (typeof value !== 'string' || !isIsoDateTime(value)) throw badValue(column.name, value);
    return `CAST(${quoteLiteral(value)} AS ${temporalCastType(column, value)})`;
  }
  if (kind === 'boolean') {
    if (typeof value !== 'boolean') throw badValue(column.name, value);
    return value ? 'true' : 'false';
  }
  // A NUL byte cuts SQL text short in C code; no category label holds one.
  if (typeof value !== 'string' || value.length > MAX_STRING_LENGTH || value.includes('\u0000')) throw badValue(column.name, value);
  return quoteLiteral(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a clause's shape (it may come from anywhere) before anything reads it. */
export function assertClauseShape(clause: unknown): asserts clause is FilterClause {
  const bad = () => new DashboardFilterError({ code: 'badClause', params: {} });
  if (!isPlainObject(clause) || typeof clause.table !== 'string' || typeof clause.field !== 'string') throw bad();
  if (clause.kind === 'points') {
    if (!Array.isArray(clause.values)) throw bad();
    return;
  }
  if (clause.kind !== 'interval') throw bad();
  if (clause.includeHi !== undefined && typeof clause.includeHi !== 'boolean') throw bad();
  if (clause.bin !== undefined && (!isPlainObject(clause.bin) || typeof clause.bin.step !== 'number')) throw bad();
  if (clause.timeUnit !== undefined && !(TIME_UNITS as readonly unknown[]).includes(clause.timeUnit)) throw bad();
}

/** An empty points clause filters nothing: a list filter with nothing ticked means "all", as in spreadsheets' filters. */
export function isEmptyClause(clause: FilterClause): boolean {
  return clause.kind === 'points' && clause.values.length === 0;
}

function columnOf(clause: FilterClause, columns: DashboardColumn[]): DashboardColumn {
  const column = columns.find((candidate) => candidate.name === clause.field);
  if (!column) throw new DashboardFilterError({ code: 'columnGone', params: { table: clause.table, field: clause.field } });
  return column;
}

/**
 * `expression IN (values)`, with null as IS NULL (SQL's IN never matches a
 * null, but a clicked "null" bar means the rows without a value).
 */
export function pointsPredicate(expression: string, column: DashboardColumn, values: readonly PointValue[]): string {
  if (values.length > MAX_POINT_VALUES) {
    throw new DashboardFilterError({ code: 'tooManyValues', params: { field: column.name, count: values.length, limit: MAX_POINT_VALUES } });
  }
  if (values.length === 0) return 'true';
  const hasNull = values.some((value) => value === null);
  const literals = [...new Set(values.filter((value) => value !== null).map((value) => valueLiteral(column, value)))];
  const parts = [...(hasNull ? [`${expression} IS NULL`] : []), ...(literals.length > 0 ? [`${expression} IN (${literals.join(', ')})`] : [])];
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(' OR ')})`;
}

/**
 * The whole bins an interval covers, as bin numbers [k0, k1): the bounds are
 * bin edges (snapped by clauseFromInterval), so rounding only absorbs the
 * last bits of floating-point division.
 */
export function binRange(column: DashboardColumn, lo: unknown, hi: unknown, step: number): [number, number] {
  if (!Number.isFinite(step) || step <= 0) throw badValue(column.name, step);
  if (typeof lo !== 'number' || !Number.isFinite(lo / step)) throw badValue(column.name, lo);
  if (typeof hi !== 'number' || !Number.isFinite(hi / step)) throw badValue(column.name, hi);
  return [Math.round(lo / step), Math.round(hi / step)];
}

/** The bin number of a row, as the chart computes its bin start (`floor(col / step) * step`). */
export function binNumberSql(column: DashboardColumn, step: number): string {
  return `floor(${quoteIdentifier(column.name)}::DOUBLE / ${doubleLiteral(step)})`;
}

/**
 * A row's time unit start. The NULL guard works around DuckDB 1.4.3, which
 * turns date_trunc of a NULL DATE into 5877642 BC (or fails "Date out of
 * range") when it is grouped with another key.
 */
export function timeUnitSql(column: DashboardColumn, unit: TimeUnit): string {
  const quoted = quoteIdentifier(column.name);
  return `CASE WHEN ${quoted} IS NULL THEN NULL ELSE date_trunc(${quoteLiteral(unit)}, ${quoted}) END`;
}

/** `expression` within [lo, hi) or [lo, hi]: both ends are literals of `column`. */
export function rangePredicate(expression: string, column: DashboardColumn, lo: unknown, hi: unknown, includeHi: boolean): string {
  return `${expression} >= ${valueLiteral(column, lo)} AND ${expression} ${includeHi ? '<=' : '<'} ${valueLiteral(column, hi)}`;
}

function intervalPredicate(clause: Extract<FilterClause, { kind: 'interval' }>, column: DashboardColumn): string {
  const kind = valueKindOf(column.type);
  const wrongType = () => new DashboardFilterError({ code: 'wrongType', params: { field: column.name, type: column.type } });
  if (clause.bin) {
    if (kind !== 'number') throw wrongType();
    // Bins are half-open: includeHi means nothing once the ends are bin edges.
    const [k0, k1] = binRange(column, clause.lo, clause.hi, clause.bin.step);
    const bin = binNumberSql(column, clause.bin.step);
    return `${bin} >= ${k0} AND ${bin} < ${k1}`;
  }
  if (clause.timeUnit) {
    if (kind !== 'temporal') throw wrongType();
    return rangePredicate(timeUnitSql(column, clause.timeUnit), column, clause.lo, clause.hi, clause.includeHi === true);
  }
  if (kind !== 'number' && kind !== 'temporal') throw wrongType();
  return rangePredicate(comparedExpression(column), column, clause.lo, clause.hi, clause.includeHi === true);
}

/**
 * The rows of `clause.table` a clause selects, as a SQL boolean. Throws
 * DashboardFilterError when the clause is not valid for `columns`.
 */
export function clausePredicate(clause: FilterClause, columns: DashboardColumn[]): string {
  assertClauseShape(clause);
  const column = columnOf(clause, columns);
  if (clause.kind === 'points') return pointsPredicate(comparedExpression(column), column, clause.values);
  return intervalPredicate(clause, column);
}

export interface ViewFilter {
  /** The AND of the clauses that filter the view; undefined when none does. */
  predicate: string | undefined;
  /** Tile ids whose clause filters this view. */
  applied: string[];
  /** Tile ids whose clause is on another table that no link joins to this view's. */
  unlinked: string[];
  /** Tile ids whose clause cannot filter, and why; they are left out. */
  broken: { tileId: string; problem: DashboardFilterProblem }[];
}

/** The columns that join `from` to `to`, whichever way round the link was drawn. */
function linkBetween(links: ColumnLink[], from: string, to: string): { fromColumn: string; toColumn: string } | undefined {
  for (const link of links) {
    if (link.a.table === from && link.b.table === to) return { fromColumn: link.a.column, toColumn: link.b.column };
    if (link.b.table === from && link.a.table === to) return { fromColumn: link.b.column, toColumn: link.a.column };
  }
  return undefined;
}

function linkColumn(table: DashboardTable, name: string): DashboardColumn {
  const column = table.columns.find((candidate) => candidate.name === name);
  if (!column) throw new DashboardFilterError({ code: 'linkColumnGone', params: { table: table.name, field: name } });
  return column;
}

/**
 * Joins the two columns of a link as values: directly when they compare
 * (same type, or both numbers), else as text, so an INTEGER code and a
 * VARCHAR code still meet instead of failing a cast mid-query.
 */
function linkedPredicate(target: DashboardTable, other: DashboardTable, link: { fromColumn: string; toColumn: string }, predicate: string): string {
  const toColumn = linkColumn(target, link.toColumn);
  const fromColumn = linkColumn(other, link.fromColumn);
  const comparable = toColumn.type === fromColumn.type || (isNumericType(toColumn.type) && isNumericType(fromColumn.type));
  const as = (column: DashboardColumn) => (comparable ? quoteIdentifier(column.name) : `CAST(${quoteIdentifier(column.name)} AS VARCHAR)`);
  return `${as(toColumn)} IN (SELECT ${as(fromColumn)} FROM ${quoteIdentifier(other.name)} WHERE ${predicate})`;
}

/** The SQL one other tile's clause adds to a view's filter, undefined when its table is not linked. */
function clauseForView(targetTable: DashboardTable, clause: FilterClause, links: ColumnLink[], catalog: DashboardTable[]): string | undefined {
  assertClauseShape(clause);
  const table = catalog.find((candidate) => candidate.name === clause.table);
  if (!table) throw new DashboardFilterError({ code: 'tableGone', params: { table: clause.table } });
  const predicate = clausePredicate(clause, table.columns);
  if (clause.table === targetTable.name) return predicate;
  const link = linkBetween(links, clause.table, targetTable.name);
  return link ? linkedPredicate(targetTable, table, link, predicate) : undefined;
}

/**
 * A view's filter: every other tile's clause, never its own (crossfilter).
 * Never throws: a clause that cannot apply is reported in `broken` or
 * `unlinked` and the view is drawn without it. Tiles are taken in id order
 * so the same filters always give the same SQL (and hit the same caches).
 */
export function viewFilter(
  target: { tileId: string; table: string },
  filters: Record<string, FilterClause>,
  links: ColumnLink[],
  catalog: DashboardTable[],
): ViewFilter {
  const result: ViewFilter = { predicate: undefined, applied: [], unlinked: [], broken: [] };
  const targetTable = catalog.find((candidate) => candidate.name === target.table) ?? { name: target.table, columns: [] };
  const parts: string[] = [];
  for (const tileId of Object.keys(filters).sort()) {
    const clause = filters[tileId];
    if (tileId === target.tileId || clause === undefined) continue;
    try {
      assertClauseShape(clause);
      if (isEmptyClause(clause)) continue;
      const part = clauseForView(targetTable, clause, links, catalog);
      if (part === undefined) {
        result.unlinked.push(tileId);
        continue;
      }
      parts.push(`(${part})`);
      result.applied.push(tileId);
    } catch (error) {
      if (!(error instanceof DashboardFilterError)) throw error;
      result.broken.push({ tileId, problem: error.problem });
    }
  }
  result.predicate = parts.length > 0 ? parts.join(' AND ') : undefined;
  return result;
}

/** SQL usable after FROM: the table's rows that pass `predicate` (the table itself when there is none). */
export function filteredSource(table: string, predicate: string | undefined): string {
  if (predicate === undefined) return quoteIdentifier(table);
  return `(SELECT * FROM ${quoteIdentifier(table)} WHERE ${predicate}) AS ${quoteIdentifier('filtered')}`;
}
