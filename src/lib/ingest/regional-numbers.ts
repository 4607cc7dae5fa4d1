import { detectNumberFormat, numberCandidatesSql, parseNumberTextSql, quoteIdentifier, quoteLiteral, type Engine } from '../engine';
import type { DecimalSeparator } from '../engine';
import { trimmedTextSql } from '../engine/number-text';

/** Rows looked at to pick the text columns worth counting in full. */
const SAMPLE_ROWS = 2048;

export interface RegionalNumbers {
  /** Columns converted to DOUBLE, with the decimal separator they were read with. */
  converted: Array<{ column: string; decimal: DecimalSeparator }>;
  /** Columns of numbers that read two ways (`5,5` beside `5.555`): kept as text. */
  ambiguous: string[];
}

/**
 * Text columns of a freshly loaded staging table that hold numbers written
 * the region's way (`1.234,56`, `1 234,56`, also `1,234.56`) become DOUBLE,
 * read exactly as the type fix reads them. DuckDB's sniffer types only
 * `1234.5`; its decimal_separator option applies to a whole file and reads
 * `5.555` as 5555 beside `5,5`, where this keeps the column as text.
 */
export async function convertRegionalNumbers(engine: Engine, table: string, signal?: AbortSignal): Promise<RegionalNumbers> {
  const found: RegionalNumbers = { converted: [], ambiguous: [] };
  const described = await engine.query(
    `SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ${quoteLiteral(table)} AND data_type = 'VARCHAR' ORDER BY column_index`,
    { lane: 'load', signal },
  );
  const textColumns = Array.from(described.getChild('column_name')?.toArray() ?? [], String);
  if (textColumns.length === 0) return found;
  const quoted = quoteIdentifier(table);
  const sampled = await engine.query(numberCandidatesSql(quoted, textColumns, SAMPLE_ROWS), { lane: 'load', signal });
  const candidates = textColumns.filter((_, i) => sampled.getChildAt(i)?.get(0) === true);
  for (const column of candidates) {
    const format = await detectNumberFormat(engine, quoted, column, { lane: 'load', signal });
    if (format.kind === 'ambiguous') found.ambiguous.push(column);
    if (format.kind !== 'number') continue;
    const parse = parseNumberTextSql(trimmedTextSql(column), format.decimal);
    await engine.query(`ALTER TABLE ${quoted} ALTER COLUMN ${quoteIdentifier(column)} SET DATA TYPE DOUBLE USING (${parse})`, { lane: 'load', signal });
    found.converted.push({ column, decimal: format.decimal });
  }
  return found;
}
