/**
 * Vega-Lite selection params for a dashboard's chart tile: the chart itself
 * becomes the way to select (a brush over a continuous or binned axis, a
 * click or shift-click on bars, slices and countries). Pure: takes the
 * compiled spec and returns a new one; Vega reports the param's value
 * through a signal of the same name (see render.ts), and the tile turns it
 * into a FilterClause with clauseFromPoints / clauseFromInterval.
 */
import type { VegaLiteSpec } from '../charts/compile-spec';
import type { FilterClause, PointValue } from './model';
import type { SelectionField } from './selection-field';

/** The name of the param (and of the Vega signal that carries its value). */
export const SELECTION_PARAM = 'atalaya_select';

/** Marks outside the selection fade to this opacity, so the selected ones stand out. */
export const UNSELECTED_OPACITY = 0.3;

/** Specs made of several views (layers, facets, concatenations) keep their own interactions. */
const COMPOSITE_KEYS = ['layer', 'facet', 'repeat', 'concat', 'hconcat', 'vconcat'];

export interface SelectableSpec {
  spec: VegaLiteSpec;
  /** The param added, or undefined when this chart cannot select. */
  param?: string;
}

/** The encoding field the selection reads: a map's rows sit under `properties`. */
function specField(spec: VegaLiteSpec, selection: SelectionField): string {
  const encoding = (spec.encoding ?? {}) as Record<string, { field?: string } | undefined>;
  return encoding[selection.channel]?.field ?? selection.column;
}

/** An ISO date or timestamp as a Vega-Lite DateTime (UTC), for a brush drawn where a saved selection is. */
function dateTimeOf(value: number | string): unknown {
  if (typeof value === 'number') return value;
  const millis = Date.parse(value.length <= 10 || /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  if (!Number.isFinite(millis)) return undefined;
  const d = new Date(millis);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, date: d.getUTCDate(), hours: d.getUTCHours(), minutes: d.getUTCMinutes(), seconds: d.getUTCSeconds(), utc: true };
}

/** The saved selection as the param's initial value, when it is this chart's kind and column. */
function initialValue(selection: SelectionField, field: string, current: FilterClause | undefined): unknown {
  if (!current || current.field !== selection.field) return undefined;
  if (selection.kind === 'points' && current.kind === 'points') {
    // Nested map fields cannot be given as initial tuples; the chart starts unselected there.
    if (field.includes('.')) return undefined;
    return current.values.map((value: PointValue) => ({ [field]: value }));
  }
  if (selection.kind === 'interval' && current.kind === 'interval') {
    const ends = [current.lo, current.hi].map((end) => (selection.valueKind === 'temporal' ? dateTimeOf(end) : typeof end === 'number' ? end : undefined));
    if (ends.some((end) => end === undefined)) return undefined;
    return { [selection.channel]: ends };
  }
  return undefined;
}

/**
 * The spec with a selection param for `selection`, showing `current` (the
 * tile's saved selection) as already selected. Charts that cannot select
 * (composite specs, an interval on a channel other than x or y) come back
 * unchanged, without a param.
 */
export function withSelection(spec: VegaLiteSpec, selection: SelectionField | undefined, current?: FilterClause): SelectableSpec {
  if (!selection || COMPOSITE_KEYS.some((key) => key in spec)) return { spec };
  const field = specField(spec, selection);
  const value = initialValue(selection, field, current);
  const existing = Array.isArray(spec.params) ? (spec.params as unknown[]) : [];
  if (selection.kind === 'interval') {
    if (selection.channel !== 'x' && selection.channel !== 'y') return { spec };
    const param = { name: SELECTION_PARAM, select: { type: 'interval', encodings: [selection.channel] }, ...(value === undefined ? {} : { value }) };
    return { spec: { ...spec, params: [...existing, param] }, param: SELECTION_PARAM };
  }
  const param = {
    name: SELECTION_PARAM,
    select: { type: 'point', fields: [field], on: 'click', clear: 'dblclick', toggle: 'event.shiftKey' },
    ...(value === undefined ? {} : { value }),
  };
  const encoding = { ...((spec.encoding ?? {}) as Record<string, unknown>) };
  // Selected marks keep full strength, the others fade; with nothing selected, all are full.
  if (encoding.opacity === undefined) encoding.opacity = { condition: { param: SELECTION_PARAM, value: 1, empty: true }, value: UNSELECTED_OPACITY };
  const mark = typeof spec.mark === 'string' ? { type: spec.mark } : spec.mark && typeof spec.mark === 'object' ? spec.mark : undefined;
  const withCursor = mark ? { mark: { ...(mark as Record<string, unknown>), cursor: 'pointer' } } : {};
  return { spec: { ...spec, ...withCursor, encoding, params: [...existing, param] }, param: SELECTION_PARAM };
}

/**
 * What a selection signal holds, as the clause builders take it: the
 * selected values (points) or the brush's two ends (interval); undefined
 * when the selection is empty.
 */
export function signalValues(value: unknown): unknown[] | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const first = Object.values(value as Record<string, unknown>)[0];
  if (!Array.isArray(first) || first.length === 0) return undefined;
  return first;
}
