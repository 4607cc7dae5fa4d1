import { quoteIdentifier, type QueryRunner } from '../engine';
import type { QueryResult } from './run-statement';

/** A cell as the grid shows it: DuckDB's own text for the value, or null for NULL. */
export type CellText = string | null;

/**
 * Rows [start, start + count) of a result, every value cast to VARCHAR by
 * DuckDB. That keeps BIGINT, HUGEINT and DECIMAL exact and dates readable,
 * and converts only the rows on screen, never the whole result. Results
 * are created in order, so rowid is the row number.
 */
export async function fetchRows(engine: QueryRunner, result: QueryResult, start: number, count: number, signal?: AbortSignal): Promise<CellText[][]> {
  if (!result.table || result.columns.length === 0) return [];
  const projections = result.columns.map((column, i) => `CAST(${quoteIdentifier(column.name)} AS VARCHAR) AS c${i}`);
  const sql = `SELECT ${projections.join(', ')} FROM ${result.table} WHERE rowid >= ${Math.floor(start)} AND rowid < ${Math.floor(start + count)} ORDER BY rowid`;
  const page = await engine.query(sql, { signal });
  const vectors = result.columns.map((_, i) => page.getChildAt(i));
  const rows: CellText[][] = [];
  for (let r = 0; r < page.numRows; r++) {
    rows.push(vectors.map((vector) => {
      const value: unknown = vector?.get(r);
      return value === null || value === undefined ? null : String(value);
    }));
  }
  return rows;
}

