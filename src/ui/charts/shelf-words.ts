/**
 * How the chart builder names fields: a pill's text ("SUM(amount)",
 * "YEAR(date)"), a column's kind and its icon. Words come from the
 * interface's messages; the notation (upper-case function, field in
 * parentheses) is the one Tableau and Graphic Walker made familiar.
 */
import Calendar from '@lucide/svelte/icons/calendar';
import Hash from '@lucide/svelte/icons/hash';
import MapPin from '@lucide/svelte/icons/map-pin';
import ToggleLeft from '@lucide/svelte/icons/toggle-left';
import Type from '@lucide/svelte/icons/type';
import Sigma from '@lucide/svelte/icons/sigma';
import { roleOf, type FieldDef, type SourceColumn } from '../../lib/charts';
import { isNumericType } from '../../lib/engine';
import { AGGREGATE_LABELS, TIME_UNIT_LABELS } from '../i18n/labels';
import { m } from '../i18n/paraglide/messages.js';

export type FieldKind = 'number' | 'text' | 'date' | 'year' | 'boolean' | 'geo' | 'count';

/** The drag payload of a field or a pill: its column (null for the count of rows) and, for a pill, the shelf it leaves. */
export const FIELD_DRAG_TYPE = 'application/x-atalaya-field';
export interface FieldDrag {
  field: string | null;
  from?: string;
}

export function fieldKind(column: SourceColumn | undefined): FieldKind {
  if (!column) return 'count';
  if (/^BOOL/i.test(column.type)) return 'boolean';
  const role = roleOf(column);
  if (role === 'country') return 'geo';
  if (role === 'date' || role === 'year') return role;
  return isNumericType(column.type) ? 'number' : 'text';
}

export const KIND_ICONS = { number: Hash, text: Type, date: Calendar, year: Calendar, boolean: ToggleLeft, geo: MapPin, count: Sigma } as const;

export const KIND_WORDS: Record<FieldKind, () => string> = {
  number: m.shelf_kind_number,
  text: m.shelf_kind_text,
  date: m.shelf_kind_date,
  year: m.shelf_kind_year,
  boolean: m.shelf_kind_boolean,
  geo: m.shelf_kind_geo,
  count: m.shelf_kind_number,
};

/** A pill's text: "SUM(amount)", "YEAR(date)", "amount (bins)", "region", "Count of rows". */
export function pillText(def: FieldDef): string {
  if (def.aggregate === 'count' || def.field === undefined) return m.shelf_count_rows();
  if (def.aggregate) return `${AGGREGATE_LABELS[def.aggregate]().toLocaleUpperCase()}(${def.field})`;
  if (def.timeUnit) return `${TIME_UNIT_LABELS[def.timeUnit]().toLocaleUpperCase()}(${def.field})`;
  if (def.bin) return m.shelf_pill_binned({ field: def.field });
  return def.field;
}

/** A field's accessible name, "amount (number)": the name as written in the data, its kind in the interface's words. */
export const fieldName = (field: string, kind: string): string => `${field} (${kind})`;

/** A pill's accessible name, "Y: SUM(amount)": its shelf, then the pill's text, so a screen reader hears where it is. */
export const pillName = (channel: string, pill: string): string => `${channel}: ${pill}`;

export function readDrag(event: DragEvent): FieldDrag | undefined {
  const text = event.dataTransfer?.getData(FIELD_DRAG_TYPE);
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as FieldDrag;
    return typeof parsed === 'object' && parsed !== null && (typeof parsed.field === 'string' || parsed.field === null) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function startDrag(event: DragEvent, drag: FieldDrag): void {
  if (!event.dataTransfer) return;
  event.dataTransfer.setData(FIELD_DRAG_TYPE, JSON.stringify(drag));
  event.dataTransfer.effectAllowed = drag.from ? 'move' : 'copy';
}

export const isFieldDrag = (event: DragEvent): boolean => event.dataTransfer?.types.includes(FIELD_DRAG_TYPE) ?? false;
