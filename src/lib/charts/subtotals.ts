/**
 * Rows that are totals of other rows. Published tables often keep a "Total"
 * row beside its parts; a chart that sums the column, or stacks it by
 * category, then counts those parts twice (Plan Colombia's 2000 would show
 * 2,296 instead of the published 1,148). A chart is checked before it is
 * trusted: the text columns its sum runs over are searched for such labels.
 */
import type { QueryRunner } from '../engine';
import { quoteIdentifier, quoteLiteral } from '../engine/sql';
import { isTextType } from '../engine/column-types';
import type { CompiledQuery, SourceColumn } from './compile-sql';

/** Labels of subtotal rows in English, Spanish and Portuguese, compared trimmed and lower-cased. */
export const SUBTOTAL_LABELS = ['total', 'totals', 'subtotal', 'sub-total', 'grand total', 'all', 'total general', 'totales', 'todos', 'todas', 'suma', 'soma', 'total geral'];

/** A column of the source with a row whose label says it is a total of other rows. */
export interface SubtotalRow {
  field: string;
  value: string;
}

/**
 * Rows searched for subtotal labels. Published tables that carry totals are
 * small and are searched whole; on a table of millions of rows the search
 * would cost as much as the chart itself at every redraw (2.7 s on 10M rows
 * measured by npm run bench; still about 0.4 s when looking at 200,000), so
 * only its first rows are looked at.
 */
export const SUBTOTAL_SCAN_ROWS = 50_000;

/** Positions that show each category on its own: a Total there is a visible bar of its own, not hidden in a sum. */
const SEPARATE_CHANNELS = new Set(['x', 'y', 'row', 'column']);

/**
 * The text columns whose subtotal rows this chart would add to their parts:
 * only charts that sum or count, and only columns not drawn as separate
 * categories (a color stacks, so it counts). One query over the source's
 * first SUBTOTAL_SCAN_ROWS rows; nothing is checked for charts that do not sum.
 */
export async function findSubtotalRows(engine: QueryRunner, sourceSql: string, columns: SourceColumn[], compiled: CompiledQuery): Promise<SubtotalRow[]> {
  const sums = compiled.fields.some((field) => field.role === 'measure' && (field.def.aggregate === 'sum' || field.def.aggregate === 'count'));
  if (!sums) return [];
  const separate = new Set(compiled.fields.filter((field) => field.role === 'dimension' && SEPARATE_CHANNELS.has(field.channel)).map((field) => field.def.field));
  const candidates = columns.filter((column) => isTextType(column.type) && !separate.has(column.name));
  if (candidates.length === 0) return [];
  const labels = SUBTOTAL_LABELS.map(quoteLiteral).join(', ');
  const scanned = `(SELECT ${candidates.map((column) => quoteIdentifier(column.name)).join(', ')} FROM ${sourceSql} LIMIT ${SUBTOTAL_SCAN_ROWS})`;
  const parts = candidates.map((column) => {
    const c = quoteIdentifier(column.name);
    return `SELECT ${quoteLiteral(column.name)} AS field, any_value(${c}) AS value FROM __atalaya_subtotal_scan WHERE lower(trim(${c})) IN (${labels}) HAVING count(*) > 0`;
  });
  const found = await engine.query(`WITH __atalaya_subtotal_scan AS MATERIALIZED ${scanned}\n${parts.join('\nUNION ALL\n')}`, { lane: 'internal', single: true });
  const fields = found.getChild('field')?.toArray() ?? [];
  const values = found.getChild('value')?.toArray() ?? [];
  return Array.from(fields, (field, index) => ({ field: String(field), value: String(values[index]) }));
}
