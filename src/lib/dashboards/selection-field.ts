/**
 * What a chart tile selects on: the channel a click or a brush reads, and
 * how its values become a FilterClause. Bars, slices and countries select
 * points; a binned, time-unit or continuous axis selects an interval,
 * snapped to whole bins and units so the clause selects exactly the rows of
 * the marks it covers (and a pre-aggregated index can answer it).
 */
import { binStepSql, ChartCompileError, compileQuery, type OutputField, type SourceColumn } from '../charts/compile-sql';
import type { Channel, ChartDesign, TimeUnit } from '../charts/model';
import { quoteIdentifier } from '../engine/sql';
import type { FilterClause, PointValue } from './model';
import { valueKindOf, type ValueKind } from './predicates';

export interface SelectionField {
  channel: Channel;
  /** The source column the selection filters. */
  field: string;
  kind: 'interval' | 'points';
  /** Binned axis: the chart's maxbins (the step comes from binStepQuery over the unfiltered table). */
  bin?: { maxbins: number };
  timeUnit?: TimeUnit;
  /** The column of the chart's compiled rows (compileQuery's OutputField.column) holding the channel's value. */
  column: string;
  /** For a binned axis: the rows' column holding the bin's end. */
  binEnd?: string;
  /** How the column's values compare (numbers, dates, text…). */
  valueKind: ValueKind;
}

/** The brushed tile's selection column, as a pre-aggregated index groups by it (`__active`). */
export interface ActiveDimension {
  /** The table the brushed tile draws from; only views of the same table get an index. */
  table: string;
  field: string;
  kind: 'interval' | 'points';
  bin?: { step: number };
  timeUnit?: TimeUnit;
}

/** A placeholder source: compileQuery only needs one to name the output columns. */
const NO_SOURCE = quoteIdentifier('__atalaya_none');

/** Position channels a bar or heatmap draws as discrete bands (years and codes too), as compile-spec does. */
const DISCRETE_MARKS = new Set(['bar', 'rect']);

function candidateChannels(design: ChartDesign): Channel[] {
  if (design.mark === 'geoshape') return ['geo'];
  // A pie's angle is its measure; its slices are its colours.
  if (design.mark === 'arc') return ['color', 'theta'];
  return ['x', 'y', 'color'];
}

function compiledFields(design: ChartDesign, columns: SourceColumn[]): OutputField[] | undefined {
  try {
    return compileQuery({ ...design, source: NO_SOURCE }, columns).fields;
  } catch (error) {
    if (error instanceof ChartCompileError) return undefined;
    throw error;
  }
}

/** How one dimension of the chart selects, or undefined when it cannot. */
function selectionOf(design: ChartDesign, output: OutputField, columns: SourceColumn[]): SelectionField | undefined {
  const def = output.def;
  const column = columns.find((candidate) => candidate.name === def.field);
  if (!column || def.field === undefined) return undefined;
  const base = { channel: output.channel, field: def.field, column: output.column, valueKind: valueKindOf(column.type) };
  if (def.bin) return { ...base, kind: 'interval', bin: { maxbins: def.bin.maxbins }, binEnd: output.binEnd };
  if (def.timeUnit) return { ...base, kind: 'interval', timeUnit: def.timeUnit };
  const continuous = base.valueKind === 'number' || base.valueKind === 'temporal';
  // Bars of years, colours of numbers: drawn as categories, so clicked as categories.
  const discrete = !continuous || DISCRETE_MARKS.has(design.mark) || output.channel !== 'x';
  if (discrete) return { ...base, kind: 'points' };
  return { ...base, kind: 'interval' };
}

/**
 * The channel a chart tile selects on, or undefined where selecting makes no
 * sense: raw marks (every row a mark; no groups to click), box plots, and
 * charts that do not compile.
 */
export function selectionFieldOf(design: ChartDesign, columns: SourceColumn[]): SelectionField | undefined {
  if (design.mark === 'boxplot') return undefined;
  const fields = compiledFields(design, columns);
  if (!fields || !fields.some((field) => field.role === 'measure')) return undefined;
  for (const channel of candidateChannels(design)) {
    const output = fields.find((field) => field.channel === channel && field.role === 'dimension');
    if (output) return selectionOf(design, output, columns);
  }
  return undefined;
}

/** SQL returning one row, one DOUBLE `step`: the bin width compileQuery uses for `field` over the unfiltered table. */
export function binStepQuery(table: string, field: string, maxbins: number): string {
  return `SELECT "__step" AS step FROM ${binStepSql(quoteIdentifier(table), quoteIdentifier(field), maxbins, '"__step"')}`;
}

/** The index dimension a selection field brushes over (the bin step as binStepQuery gave it). */
export function activeDimensionOf(selection: SelectionField, table: string, step?: number): ActiveDimension {
  const active: ActiveDimension = { table, field: selection.field, kind: selection.kind };
  if (selection.bin) {
    if (step === undefined) throw new Error('activeDimensionOf: a binned field needs its step');
    active.bin = { step };
  }
  if (selection.timeUnit) active.timeUnit = selection.timeUnit;
  return active;
}

/** Epoch milliseconds (what Arrow gives for dates), Date or ISO text, as milliseconds; NaN when none. */
function millisOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) || value.length <= 10 ? value : `${value}Z`);
  return Number.NaN;
}

/** An instant as the ISO text clauses hold: a bare date at midnight, else a UTC timestamp without zone. */
export function isoOf(millis: number): string {
  const text = new Date(millis).toISOString();
  if (text.endsWith('T00:00:00.000Z')) return text.slice(0, 10);
  return text.endsWith('.000Z') ? text.slice(0, 19) : text.slice(0, 23);
}

/** A chart row's value as a clause value of this field's kind. */
function pointValueOf(selection: SelectionField, value: unknown): PointValue {
  if (value === null || value === undefined) return null;
  if (selection.valueKind === 'temporal') {
    const millis = millisOf(value);
    return Number.isFinite(millis) ? isoOf(millis) : String(value);
  }
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

/** The clause of clicked marks: the values of the selection column in their rows (or the values themselves). */
export function clauseFromPoints(selection: SelectionField, table: string, values: readonly unknown[]): FilterClause {
  const seen = new Map<string, PointValue>();
  for (const value of values) {
    const point = pointValueOf(selection, value);
    seen.set(`${typeof point}:${String(point)}`, point);
  }
  return { kind: 'points', table, field: selection.field, values: [...seen.values()] };
}

/** Start of the time unit holding `millis`, in UTC (DuckDB's date_trunc; weeks start on Monday). */
export function unitStart(millis: number, unit: TimeUnit): number {
  const d = new Date(millis);
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
  switch (unit) {
    case 'year':
      return Date.UTC(y, 0, 1);
    case 'quarter':
      return Date.UTC(y, m - (m % 3), 1);
    case 'month':
      return Date.UTC(y, m, 1);
    case 'week':
      return Date.UTC(y, m, day - ((d.getUTCDay() + 6) % 7));
    case 'day':
      return Date.UTC(y, m, day);
    case 'hour':
      return Date.UTC(y, m, day, d.getUTCHours());
  }
}

/** Start of the unit after the one starting at `start`. */
export function nextUnitStart(start: number, unit: TimeUnit): number {
  const d = new Date(start);
  const [y, m, day, h] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours()];
  const next: Record<TimeUnit, () => number> = {
    year: () => Date.UTC(y + 1, 0, 1),
    quarter: () => Date.UTC(y, m + 3, 1),
    month: () => Date.UTC(y, m + 1, 1),
    week: () => Date.UTC(y, m, day + 7),
    day: () => Date.UTC(y, m, day + 1),
    hour: () => Date.UTC(y, m, day, h + 1),
  };
  return next[unit]();
}

/**
 * The bins a brush from `a` to `b` touches, as bin numbers [k0, k1): a
 * brush inside one bin selects that bin; an end lying exactly on a bin edge
 * does not take in the bin beyond it.
 */
export function coveredBins(a: number, b: number, step: number): [number, number] {
  // + 0: no -0 in a clause (it would print as 0 but compare unequal in tests and links).
  const k0 = Math.floor(a / step) + 0;
  return [k0, Math.max(k0 + 1, Math.ceil(b / step)) + 0];
}

function orderedNumbers(extent: readonly [unknown, unknown], toNumber: (value: unknown) => number): [number, number] | undefined {
  const [a, b] = extent.map(toNumber) as [number, number];
  if (!Number.isFinite(a) || !Number.isFinite(b)) return undefined;
  return a <= b ? [a, b] : [b, a];
}

/**
 * The clause of a brush over the selection's axis, from the brush's data
 * extent (numbers, or dates as epoch ms / Date / ISO): snapped to whole bins
 * (`step`: binStepQuery's answer) or time units; a plain axis keeps the
 * brush's ends, both included. Undefined when the extent is not numbers or dates.
 */
export function clauseFromInterval(selection: SelectionField, table: string, extent: readonly [unknown, unknown], step?: number): FilterClause | undefined {
  const temporal = selection.valueKind === 'temporal';
  const ends = orderedNumbers(extent, temporal ? millisOf : (value) => (typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : Number.NaN));
  if (!ends) return undefined;
  const [a, b] = ends;
  const base = { kind: 'interval' as const, table, field: selection.field };
  if (selection.bin) {
    if (step === undefined || !(step > 0)) return undefined;
    const [k0, k1] = coveredBins(a, b, step);
    // k × step, as the chart computes a bin's start (floor(v / step) × step).
    return { ...base, lo: k0 * step + 0, hi: k1 * step + 0, bin: { step } };
  }
  if (selection.timeUnit) {
    const unit = selection.timeUnit;
    const lo = unitStart(a, unit);
    const last = unitStart(b, unit);
    const hi = last === b && b > lo ? b : nextUnitStart(last, unit);
    return { ...base, lo: isoOf(lo), hi: isoOf(hi), timeUnit: unit };
  }
  return temporal ? { ...base, lo: isoOf(a), hi: isoOf(b), includeHi: true } : { ...base, lo: a, hi: b, includeHi: true };
}
