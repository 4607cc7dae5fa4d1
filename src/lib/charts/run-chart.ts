/**
 * Runs a chart: its query on the engine, then the Vega-Lite spec of the rows.
 * Shared by the builder, "Show me" previews, the presenter and the benchmark,
 * so every place draws a chart the same way.
 */
import type { QueryRunner } from '../engine';
import { quoteIdentifier } from '../engine/sql';
import { splitStatements, isMaterializableQuery } from '../engine/sql-text';
import { sanitizeVegaLite } from '../share/vega-policy';
import { compileQuery, type CompiledQuery, type SourceColumn } from './compile-sql';
import { compileSpec, describeChart, ENGLISH_CHART_WORDS, unmatchedKeys, type ChartWords, type VegaLiteSpec } from './compile-spec';
import type { ChartDesign, ChartModel } from './model';
import type { CountryShapes } from './compile-spec';
import { findSubtotalRows, type SubtotalRow } from './subtotals';

let shapes: Promise<CountryShapes> | undefined;

/** The country outlines, loaded once on first use (the file is large; only maps need it). */
export function loadCountryShapes(): Promise<CountryShapes> {
  shapes ??= import('./maps/country-shapes').then((module) => module.createCountryShapes());
  return shapes;
}

/** Where a chart's rows come from: a table or a query's SQL, and its columns. */
export interface ChartSourceSql {
  /** SQL usable after FROM: a quoted table name or a parenthesized query. */
  sql: string;
  columns: SourceColumn[];
}

export interface ChartDrawing {
  spec: VegaLiteSpec;
  compiled: CompiledQuery;
  rows: Record<string, unknown>[];
  /** The source's row count, when the rows are a sample of it. */
  total?: number;
  description: string;
  /** Map keys that name no country. */
  unmatched: string[];
  /** What was taken out of a hand-edited spec before drawing (URLs, links, images). */
  removed: string[];
  /** Rows labelled like totals of other rows (“Total”) that the chart's sum adds to their parts. */
  subtotals: SubtotalRow[];
}

/** Why a chart's source cannot be read, as a code and its parameters (the UI words it). */
export type ChartSourceProblem =
  /** The saved query `name` is not one statement that returns rows. */
  | { code: 'notSingleQuery'; params: { name: string } }
  /** The table the chart draws from is not loaded. */
  | { code: 'noTable'; params: { table: string } }
  /** The query the chart drew from was deleted. */
  | { code: 'noQuery'; params: Record<string, never> }
  /** The query is blocked by the policy of a workspace from a link or file (`detail`: the statement's risky part). */
  | { code: 'blocked'; params: { detail: string } };

/** Thrown when a chart's source cannot be read. */
export class ChartSourceError extends Error {
  override name = 'ChartSourceError';

  constructor(readonly problem: ChartSourceProblem) {
    const params = Object.keys(problem.params).length > 0 ? ` ${JSON.stringify(problem.params)}` : '';
    super(`${problem.code}${params}`);
  }
}

export async function describeSource(engine: QueryRunner, sql: string): Promise<ChartSourceSql> {
  // `sql` holds a saved query's text: one statement only, whatever its quotes hide.
  const described = await engine.query(`DESCRIBE SELECT * FROM ${sql}`, { lane: 'internal', single: true });
  const names = described.getChild('column_name');
  const types = described.getChild('column_type');
  const columns = Array.from({ length: described.numRows }, (_, i) => ({ name: String(names?.get(i)), type: String(types?.get(i)) }));
  return { sql, columns };
}

export function tableSourceSql(table: string): string {
  return quoteIdentifier(table);
}

/** A saved query as a chart source: it must be one statement that returns rows. */
export function querySourceSql(name: string, sql: string): string {
  const statements = splitStatements(sql).map((span) => span.text.trim()).filter(Boolean);
  if (statements.length !== 1 || !isMaterializableQuery(statements[0] ?? '')) {
    throw new ChartSourceError({ code: 'notSingleQuery', params: { name } });
  }
  return `(\n${statements[0]}\n) AS ${quoteIdentifier('chart_source')}`;
}

/** Draws a chart: its rows from DuckDB, its spec titled and described in `words` (the interface's language). */
export async function runChart(
  engine: QueryRunner,
  source: ChartSourceSql,
  design: ChartDesign,
  vegaLite?: Record<string, unknown>,
  words: ChartWords = ENGLISH_CHART_WORDS,
  options: { extentSource?: string } = {},
): Promise<ChartDrawing> {
  const model = { ...design, source: source.sql };
  // A dashboard's filtered chart measures its bins over the whole table (`extentSource`), so they stay put while filters change.
  const compiled = compileQuery(model, source.columns, options);
  const result = await engine.query(compiled.sql, { lane: 'internal', single: true });
  const rows = plainRows(result);
  const total = compiled.countSql ? Number((await engine.query(compiled.countSql, { lane: 'internal', single: true })).getChild('n')?.get(0)) : undefined;
  const subtotals = await findSubtotalRows(engine, source.sql, source.columns, compiled);
  const countries = design.mark === 'geoshape' ? await loadCountryShapes() : undefined;
  return { ...chartFromRows(model, compiled, source.columns, rows, { countries, vegaLite, words }), total, subtotals };
}

/**
 * The drawing of rows already computed for a chart (by its compiled query,
 * or by a dashboard's pre-aggregated index, which gives the same rows).
 */
export function chartFromRows(
  model: ChartModel,
  compiled: CompiledQuery,
  columns: SourceColumn[],
  rows: Record<string, unknown>[],
  options: { countries?: CountryShapes; vegaLite?: Record<string, unknown>; words?: ChartWords } = {},
): ChartDrawing {
  const words = options.words ?? ENGLISH_CHART_WORDS;
  const compiledSpec = compileSpec(model, compiled, columns, rows, options.countries, words);
  const unmatched = options.countries ? unmatchedKeys(compiled, rows, options.countries) : [];
  let spec = compiledSpec;
  let removed: string[] = [];
  if (options.vegaLite) {
    // A hand-edited spec keeps its look but always draws the rows DuckDB computed.
    const sanitized = sanitizeVegaLite(options.vegaLite);
    removed = sanitized.removed;
    spec = { ...sanitized.spec, data: compiledSpec.data };
  }
  return { spec, compiled, rows, description: describeChart(model, compiled, words), unmatched, removed, subtotals: [] };
}

/** Arrow's rows as plain objects whose numbers Vega can plot. */
export function plainRows(table: { toArray(): unknown[] }): Record<string, unknown>[] {
  return table.toArray().map((row) => plainRow((row as { toJSON(): Record<string, unknown> }).toJSON()));
}

/** Arrow gives 64-bit integers as BigInt, which neither Vega nor JSON can take; chart values fit in a double. */
function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = typeof value === 'bigint' ? Number(value) : value;
  return out;
}
