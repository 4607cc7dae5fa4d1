import { keysOf } from './json-exact';
import { combineTemporal, temporalOf, type Temporal } from './json-temporal';

/**
 * One schema for all the rows of a JSON file. duckdb-wasm's Arrow JSON
 * reader takes one row's nested keys and drops the rest, and fails on a
 * field whose type changes; here every value is looked at, so every value
 * has a place: keys are unioned, types widened, and what no one type holds
 * is kept as JSON text.
 */

/** What the values of one field seen so far have in common (mutable while rows are folded in). */
export type JsonShape =
  | { kind: 'null' }
  | { kind: 'boolean' | 'bigint' | 'double' }
  /**
   * `mixed`: scalars of different kinds (a number beside a text) were widened
   * to text; `temporal`: whether all the texts are ISO dates or timestamps.
   */
  | { kind: 'varchar'; mixed: boolean; temporal: Temporal }
  | { kind: 'struct'; fields: Map<string, JsonShape>; seen: Map<string, number>; objects: number }
  | { kind: 'list'; element: JsonShape }
  /** Kept as JSON text; `mixed`: because objects or lists stood beside other kinds of values. */
  | { kind: 'json'; mixed: boolean };

/** The type a field becomes in the table. */
export type ColumnType =
  | { kind: 'boolean' | 'bigint' | 'double' | 'varchar' | 'date' | 'timestamp' }
  /** JSON text in a VARCHAR column. */
  | { kind: 'json' }
  | { kind: 'struct'; fields: StructField[] }
  /** Objects whose keys vary from row to row like a map's: MAP(VARCHAR, value), as native DuckDB reads them. */
  | { kind: 'map'; value: ColumnType }
  | { kind: 'list'; element: ColumnType };

export interface StructField {
  /** The key in the JSON objects. */
  key: string;
  /** The field's name in the table (keys that differ only in case are renamed). */
  name: string;
  type: ColumnType;
}

/**
 * Below this average share of objects that hold each key, an object is a
 * map (ids or dates as keys) rather than a record: native DuckDB's
 * `field_appearance_threshold` default, so that both read such a file alike.
 */
const MAP_APPEARANCE_THRESHOLD = 0.1;

export const NO_VALUES: JsonShape = { kind: 'null' };

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Folds one more value of a field into what is known about it (returns the shape to keep). */
export function widen(shape: JsonShape, value: unknown): JsonShape {
  if (value === null || value === undefined) return shape;
  switch (shape.kind) {
    case 'null':
      return shapeOf(value);
    case 'json':
      return shape;
    case 'struct':
      if (!isObject(value)) return { kind: 'json', mixed: true };
      addObject(shape, value);
      return shape;
    case 'list':
      if (!Array.isArray(value)) return { kind: 'json', mixed: true };
      for (const element of value) shape.element = widen(shape.element, element);
      return shape;
    case 'varchar':
      if (typeof value === 'string') {
        if (shape.temporal !== 'text') shape.temporal = combineTemporal(shape.temporal, temporalOf(value));
        return shape;
      }
      return typeof value === 'object' ? { kind: 'json', mixed: true } : widenScalar(shape, scalarKind(value));
    default:
      if (typeof value === 'object') return { kind: 'json', mixed: true };
      return widenScalar(shape, scalarKind(value));
  }
}

function shapeOf(value: unknown): JsonShape {
  if (Array.isArray(value)) {
    const list: JsonShape = { kind: 'list', element: NO_VALUES };
    return widen(list, value);
  }
  if (isObject(value)) {
    const struct: JsonShape = { kind: 'struct', fields: new Map(), seen: new Map(), objects: 0 };
    addObject(struct, value);
    return struct;
  }
  if (typeof value === 'string') return { kind: 'varchar', mixed: false, temporal: temporalOf(value) };
  return { kind: scalarKind(value) as Exclude<ScalarKind, 'varchar'> };
}

function addObject(struct: Extract<JsonShape, { kind: 'struct' }>, value: Record<string, unknown>): void {
  struct.objects += 1;
  for (const key of keysOf(value)) {
    struct.seen.set(key, (struct.seen.get(key) ?? 0) + 1);
    struct.fields.set(key, widen(struct.fields.get(key) ?? NO_VALUES, value[key]));
  }
}

type ScalarKind = 'boolean' | 'bigint' | 'double' | 'varchar';

function scalarKind(value: unknown): ScalarKind {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'bigint' : 'double';
  if (typeof value === 'bigint') return 'bigint';
  return 'varchar';
}

/** BIGINT and DOUBLE make DOUBLE; any other two kinds make text. */
function widenScalar(shape: JsonShape, kind: ScalarKind): JsonShape {
  if (shape.kind === kind) return shape;
  if ((shape.kind === 'bigint' || shape.kind === 'double') && (kind === 'bigint' || kind === 'double')) return { kind: 'double' };
  return { kind: 'varchar', mixed: true, temporal: 'text' };
}

/** An object whose keys are mostly each in only a few rows: a map (keyed by ids, dates…), not a record. */
export function isMapLike(shape: JsonShape): boolean {
  if (shape.kind !== 'struct' || shape.fields.size < 2) return false;
  let appearances = 0;
  for (const count of shape.seen.values()) appearances += count;
  return appearances / shape.fields.size / shape.objects < MAP_APPEARANCE_THRESHOLD;
}

/** Columns (dotted paths) whose values could not keep a type of their own, for a notice. */
export type TextColumns = string[];

/** The table type of a field, noting in `text` the paths of fields kept as text because their values vary. */
export function resolveShape(shape: JsonShape, path: string, text: TextColumns): ColumnType {
  switch (shape.kind) {
    case 'null':
      return { kind: 'varchar' };
    case 'boolean':
    case 'bigint':
    case 'double':
      return { kind: shape.kind };
    case 'varchar':
      if (shape.mixed) text.push(path);
      return { kind: shape.temporal === 'text' ? 'varchar' : shape.temporal };
    case 'json':
      if (shape.mixed) text.push(path);
      return { kind: 'json' };
    case 'list':
      return { kind: 'list', element: resolveShape(shape.element, `${path}[]`, text) };
    case 'struct':
      if (shape.fields.size === 0 || isMapLike(shape)) {
        return { kind: 'map', value: resolveShape(mapValueShape(shape), `${path}.*`, text) };
      }
      return { kind: 'struct', fields: resolveFields(shape, path, text) };
  }
}

/** What the values under all the keys of a map have in common. */
function mapValueShape(shape: Extract<JsonShape, { kind: 'struct' }>): JsonShape {
  let value = NO_VALUES;
  for (const field of shape.fields.values()) value = mergeShapes(value, field);
  return value;
}

/** Two shapes in one, as if the values of both had been folded into one (neither is changed). */
export function mergeShapes(a: JsonShape, b: JsonShape): JsonShape {
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  if (a.kind === 'struct' && b.kind === 'struct') return mergeStructs(a, b);
  if (a.kind === 'list' && b.kind === 'list') return { kind: 'list', element: mergeShapes(a.element, b.element) };
  if (a.kind === 'json' || b.kind === 'json' || a.kind === 'struct' || b.kind === 'struct' || a.kind === 'list' || b.kind === 'list') {
    return { kind: 'json', mixed: true };
  }
  if (a.kind === 'varchar' && b.kind === 'varchar') {
    return { kind: 'varchar', mixed: a.mixed || b.mixed, temporal: combineTemporal(a.temporal, b.temporal) };
  }
  return widenScalar(a, b.kind);
}

function mergeStructs(a: Extract<JsonShape, { kind: 'struct' }>, b: Extract<JsonShape, { kind: 'struct' }>): JsonShape {
  const merged: Extract<JsonShape, { kind: 'struct' }> = { kind: 'struct', fields: new Map(a.fields), seen: new Map(a.seen), objects: a.objects + b.objects };
  for (const [key, shape] of b.fields) {
    merged.fields.set(key, mergeShapes(merged.fields.get(key) ?? NO_VALUES, shape));
    merged.seen.set(key, (merged.seen.get(key) ?? 0) + (b.seen.get(key) ?? 0));
  }
  return merged;
}

/** A record's fields in first-seen order, named uniquely, each resolved. */
export function resolveFields(shape: Extract<JsonShape, { kind: 'struct' }>, path: string, text: TextColumns): StructField[] {
  const keys = [...shape.fields.keys()];
  const names = uniqueNames(keys);
  return keys.map((key, i) => {
    const name = names[i] as string;
    const type = resolveShape(shape.fields.get(key) ?? NO_VALUES, path === '' ? name : `${path}.${name}`, text);
    return { key, name, type };
  });
}

/**
 * DuckDB's names are case-insensitive, so `Duck` beside `duck` is renamed
 * the way native DuckDB's JSON reader renames it: `Duck_1`, and a name that
 * is itself taken again gets `_1` appended in turn (`duck_1` → `duck_1_1_1`
 * when `Duck_1` and `duck_1_1` exist). An empty key is named `C<position>`,
 * also as native names it (DuckDB has no column without a name).
 */
export function uniqueNames(keys: string[]): string[] {
  const counts = new Map<string, number>();
  const claim = (name: string): string => {
    const lower = name.toLowerCase();
    const count = (counts.get(lower) ?? 0) + 1;
    counts.set(lower, count);
    return count === 1 ? name : claim(`${name}_${count - 1}`);
  };
  return keys.map((key, i) => claim(key === '' ? `C${i}` : key));
}
