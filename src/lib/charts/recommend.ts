/**
 * "Show me": charts recommended for one to three chosen columns, ranked by
 * the columns' types, in the spirit of Voyager and Tableau's Show Me — a
 * category with a number is a bar chart first, a date with a number a line,
 * two numbers a scatter plot, a country column a map.
 */
import { isIdentifierColumn, isNumericType, isTemporalType, isYearName } from '../engine/column-types';
import type { SourceColumn } from './compile-sql';
import type { Channel, ChartDesign, FieldDef, Mark } from './model';

type Role = 'category' | 'number' | 'date' | 'year' | 'country';

/** What a column is for charting: numbers named like years act as categories in time order. */
export function roleOf(column: SourceColumn): Role {
  if (/(^|_)(iso_?3|alpha_?3|country|countries|pais|país|nation)(_|$)/i.test(column.name) && !isNumericType(column.type)) return 'country';
  if (isTemporalType(column.type)) return 'date';
  if (isNumericType(column.type)) return isYearName(column.name) ? 'year' : 'number';
  return 'category';
}

const MAX = 6;

export function recommendCharts(selected: SourceColumn[]): ChartDesign[] {
  if (selected.length === 0 || selected.length > 3) return [];
  const of = (...roles: Role[]) => selected.filter((column) => roles.includes(roleOf(column))).map((column) => column.name);
  const categories = of('category', 'country');
  const years = of('year');
  const numbers = of('number');
  const dates = of('date');
  const countries = of('country');
  const out: ChartDesign[] = [];
  const add = (design: ChartDesign) => out.push(design);
  const [n1, n2] = numbers;
  const [c1, c2] = categories;
  const [d1] = dates;
  const [y1] = years;
  const color = (name: string | undefined) => (name ? { color: { field: name } } : {});
  const measure = n1 ? { field: n1, aggregate: 'sum' as const } : { aggregate: 'count' as const };

  if (countries[0]) add({ mark: 'geoshape', encoding: { geo: { field: countries[0] }, color: n1 ? measure : { aggregate: 'count' } } });
  if (d1) {
    add({ mark: 'line', encoding: { x: { field: d1, timeUnit: 'month' }, y: measure, ...color(c1) } });
    add({ mark: 'bar', encoding: { x: { field: d1, timeUnit: 'year' }, y: measure, ...color(c1) } });
    if (!c1) add({ mark: 'area', encoding: { x: { field: d1, timeUnit: 'quarter' }, y: measure } });
  }
  if (y1) {
    add({ mark: 'bar', encoding: { x: { field: y1 }, y: measure, ...color(c1) } });
    add({ mark: 'line', encoding: { x: { field: y1 }, y: measure, ...color(c1) } });
  }
  if (c1 && !d1 && !y1) {
    if (c2) {
      add({ mark: 'rect', encoding: { x: { field: c1 }, y: { field: c2 }, color: n1 ? { field: n1, aggregate: 'mean' } : { aggregate: 'count' } } });
      add({ mark: 'bar', encoding: { x: { field: c1 }, y: measure, color: { field: c2 } } });
    } else if (n1 && n2) {
      add({ mark: 'point', encoding: { x: { field: n1 }, y: { field: n2 }, color: { field: c1 } } });
    } else {
      add({ mark: 'bar', encoding: { x: { field: c1 }, y: { ...measure, sort: 'descending' } } });
      if (n1) add({ mark: 'bar', encoding: { x: { field: c1 }, y: { field: n1, aggregate: 'mean', sort: 'descending' } } });
      if (n1) add({ mark: 'boxplot', encoding: { x: { field: c1 }, y: { field: n1 } } });
      add({ mark: 'arc', encoding: { theta: measure, color: { field: c1 } } });
      if (n1) add({ mark: 'tick', encoding: { x: { field: n1 }, y: { field: c1 } } });
    }
  }
  if (n1 && n2 && !c1) {
    add({ mark: 'point', encoding: { x: { field: n1 }, y: { field: n2 }, ...color(numbers[2]) } });
    add({ mark: 'rect', encoding: { x: { field: n1, bin: { maxbins: 20 } }, y: { field: n2, bin: { maxbins: 20 } }, color: { aggregate: 'count' } } });
  }
  if (n1 && !n2 && !c1 && !d1 && !y1) {
    add({ mark: 'bar', encoding: { x: { field: n1, bin: { maxbins: 20 } }, y: { aggregate: 'count' } } });
    add({ mark: 'boxplot', encoding: { y: { field: n1 } } });
    add({ mark: 'tick', encoding: { x: { field: n1 } } });
  }
  // Fill up to three with count charts of what was chosen, so there is always a choice.
  for (const column of selected) {
    if (out.length >= 3) break;
    const role = roleOf(column);
    if (role === 'number') add({ mark: 'bar', encoding: { x: { field: column.name, bin: { maxbins: 20 } }, y: { aggregate: 'count' } } });
    else if (role === 'date') add({ mark: 'line', encoding: { x: { field: column.name, timeUnit: 'year' }, y: { aggregate: 'count' } } });
    else add({ mark: 'bar', encoding: { x: { field: column.name }, y: { aggregate: 'count', sort: 'descending' } } });
  }
  const seen = new Set<string>();
  return out.filter((design) => !seen.has(JSON.stringify(design)) && seen.add(JSON.stringify(design))).slice(0, MAX);
}

/** Names of row identifiers (id, uuid, key…), as a whole word of a snake_case or spaced name, or a camelCase suffix. */
const ID_NAME = /(^|[\s_.-])(id|ids|uuid|guid|key|pk|rowid|row_id|index|idx)(?=$|[\s_.-])/i;
const CAMEL_ID = /[a-z](Id|ID|Uuid|Key)$/;

/**
 * A column that names each row rather than grouping rows (an id, a key, an
 * integer code): as a chart's category it would draw one bar per row.
 */
export function isIdLike(column: SourceColumn): boolean {
  if (ID_NAME.test(column.name) || CAMEL_ID.test(column.name)) return true;
  return isIdentifierColumn(column) && !isYearName(column.name);
}

/** A first chart for a new source: the best recommendation for its first category (or date) and first number, never keyed on an id. */
export function defaultDesign(columns: SourceColumn[]): ChartDesign {
  const usable = columns.filter((column) => !isIdLike(column));
  const first = usable.find((column) => roleOf(column) !== 'number');
  const number = usable.find((column) => roleOf(column) === 'number');
  const picked = [first, number].filter((column): column is SourceColumn => column !== undefined);
  const design = recommendCharts(picked).find((candidate) => candidate.mark !== 'geoshape');
  if (design) return design;
  // Only ids: count rows by the first one, but draw its 20 most frequent values, not one bar per row.
  const only = columns[0];
  return only ? { mark: 'bar', encoding: { x: { field: only.name }, y: { aggregate: 'count', sort: 'descending' } }, limit: 20 } : { mark: 'bar', encoding: { y: { aggregate: 'count' } } };
}

/** Channels that group rows rather than measure them: a number placed there stays as it is. */
const GROUPING_CHANNELS: Channel[] = ['row', 'column', 'shape', 'detail', 'geo'];

/**
 * The field a shelf gets when a column (or, `undefined`, the count of rows)
 * is placed on it, as in Tableau: numbers are summed, dates grouped by year,
 * ids and years kept as labels; raw for scatter and strip plots' positions
 * and box plots, which summarize raw numbers themselves.
 */
export function fieldDefFor(column: SourceColumn | undefined, channel: Channel, mark: Mark): FieldDef {
  if (!column) return { aggregate: 'count' };
  const field = column.name;
  const position = channel === 'x' || channel === 'y';
  if (isTemporalType(column.type)) return channel === 'tooltip' ? { field } : { field, timeUnit: 'year' };
  const measurable = isNumericType(column.type) && roleOf(column) === 'number' && !isIdLike(column);
  if (!measurable || GROUPING_CHANNELS.includes(channel)) return { field };
  if (position && (mark === 'point' || mark === 'tick' || mark === 'boxplot')) return { field };
  return { field, aggregate: 'sum' };
}
