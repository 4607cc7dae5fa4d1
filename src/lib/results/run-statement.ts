import { tableToIPC } from 'apache-arrow';
import { EngineError, qualifiedName, quoteLiteral, type Engine } from '../engine';
import { isMaterializableQuery, splitStatements } from '../engine/sql-text';

/** Results live as tables in their own schema, out of the Datasets list. */
export const RESULTS_SCHEMA = 'atalaya_results';

export interface ResultColumn {
  name: string;
  /** DuckDB's type name, e.g. DECIMAL(18,3), TIMESTAMP, VARCHAR. */
  type: string;
}

export interface QueryResult {
  sql: string;
  /** The table holding the rows (schema-qualified, quoted), or undefined for a statement with no result set. */
  table: string | undefined;
  tableName: string | undefined;
  rowCount: number;
  columns: ResultColumn[];
  elapsedMs: number;
}

let resultSequence = 0;

/**
 * Runs one statement on the user's lane. A query's rows are materialized
 * into a results table (CREATE TABLE … AS), so the grid, exports and charts
 * read them page by page instead of the whole result crossing to the main
 * thread; other statements run as they are and their (small) output is
 * stored the same way.
 */
export async function runStatement(engine: Engine, sql: string, signal?: AbortSignal): Promise<QueryResult> {
  const started = performance.now();
  await ensureResultsSchema(engine);
  resultSequence += 1;
  const tableName = `result_${resultSequence}`;
  const table = qualifiedName(RESULTS_SCHEMA, tableName);
  const body = sql.trim().replace(/;\s*$/, '');
  let rowCount: number;
  if (isMaterializableQuery(body)) {
    // The user's SQL starts on line 2, so DuckDB's line numbers are one too high.
    try {
      const create = `CREATE TABLE ${table} AS\n${body}`;
      // One statement: text that closes the query early cannot start another.
      const created = await engine.query(create, { lane: 'user', signal, single: true }).catch((error: unknown) => {
        // DuckDB expands a PIVOT into several statements of its own, which it
        // will not prepare; such a query runs as is when the lexer (which
        // understands every quoting DuckDB has) also sees one statement.
        if (error instanceof EngineError && /Cannot prepare multiple statements/.test(error.message) && splitStatements(body).length === 1) {
          return engine.query(create, { lane: 'user', signal });
        }
        throw error;
      });
      rowCount = Number(created.getChildAt(0)?.get(0) ?? 0); // CTAS answers with its row count
    } catch (error) {
      throw shiftedError(error, sql);
    }
  } else {
    const output = await engine.query(body, { lane: 'user', signal });
    if (output.numCols === 0) {
      return { sql, table: undefined, tableName: undefined, rowCount: 0, columns: [], elapsedMs: performance.now() - started };
    }
    await engine.insertArrowIPC(tableToIPC(output, 'stream'), { schema: RESULTS_SCHEMA, name: tableName }, 'internal');
    rowCount = output.numRows;
  }
  const elapsedMs = performance.now() - started;
  const columns = await describeTable(engine, tableName);
  return { sql, table, tableName, rowCount, columns, elapsedMs };
}

/** Frees a result nobody shows any more. */
export async function dropResult(engine: Engine, result: QueryResult | undefined): Promise<void> {
  if (result?.table) await engine.query(`DROP TABLE IF EXISTS ${result.table}`).catch(() => undefined);
}

export async function describeTable(engine: Engine, tableName: string, schema = RESULTS_SCHEMA): Promise<ResultColumn[]> {
  const described = await engine.query(
    `SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = ${quoteLiteral(schema)} AND table_name = ${quoteLiteral(tableName)} ORDER BY column_index`,
  );
  const names = described.getChild('column_name')?.toArray() ?? [];
  const types = described.getChild('data_type')?.toArray() ?? [];
  return Array.from(names, (name, i) => ({ name: String(name), type: String(types[i]) }));
}

/** The engine generation whose instance already has the results schema. */
const schemaReady = new WeakMap<Engine, number>();

async function ensureResultsSchema(engine: Engine): Promise<void> {
  if (schemaReady.get(engine) === engine.generation) return;
  await engine.query(`CREATE SCHEMA IF NOT EXISTS ${RESULTS_SCHEMA}`);
  schemaReady.set(engine, engine.generation);
}

function shiftedError(error: unknown, sql: string): unknown {
  if (!(error instanceof EngineError) || error.kind !== 'sql') return error;
  const message = error.message.replace(/^LINE (\d+):/m, (_, line: string) => `LINE ${Math.max(1, Number(line) - 1)}:`);
  const position = error.position && { line: Math.max(1, error.position.line - 1), column: error.position.column };
  return new EngineError('sql', message, sql, position);
}
