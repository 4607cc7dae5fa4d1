/** How a column is summarized, from its DuckDB type. */
export type ColumnKind = 'number' | 'float' | 'temporal' | 'boolean' | 'text' | 'other';

export function columnKind(type: string): ColumnKind {
  const upper = type.toUpperCase();
  if (/^(FLOAT|DOUBLE|REAL)$/.test(upper)) return 'float';
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|DECIMAL)/.test(upper)) return 'number';
  if (/^(DATE|TIMESTAMP(_S|_MS|_NS)?)$/.test(upper)) return 'temporal';
  if (upper === 'BOOLEAN') return 'boolean';
  if (upper === 'VARCHAR' || upper.startsWith('ENUM')) return 'text';
  return 'other';
}

export const isNumeric = (kind: ColumnKind) => kind === 'number' || kind === 'float';
/** Kinds with an order, summarized by min/max/median and a histogram. */
export const isOrdered = (kind: ColumnKind) => isNumeric(kind) || kind === 'temporal';
/** Kinds summarized by their most frequent values. */
export const hasTopValues = (kind: ColumnKind) => kind === 'text' || kind === 'boolean';
