/**
 * "Show me": charts recommended for one to three chosen columns, ranked by
 * the columns' types, in the spirit of Voyager and Tableau's Show Me — a
 * category with a number is a bar chart first, a date with a number a line,
 * two numbers a scatter plot, a country column a map.
 */
import { isNumericType, isTemporalType, isYearName } from '../engine/column-types';
import type { SourceColumn } from './compile-sql';
import type { ChartDesign } from './model';

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

/** A first chart for a new source: the best recommendation for its first category (or date) and first number. */
export function defaultDesign(columns: SourceColumn[]): ChartDesign {
  const first = columns.find((column) => roleOf(column) !== 'number') ?? columns[0];
  const number = columns.find((column) => roleOf(column) === 'number' && column !== first);
  const picked = [first, number].filter((column): column is SourceColumn => column !== undefined);
  const design = recommendCharts(picked).find((candidate) => candidate.mark !== 'geoshape');
  return design ?? { mark: 'bar', encoding: { x: first ? { field: first.name } : undefined, y: { aggregate: 'count' } } };
}
