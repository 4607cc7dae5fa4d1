/**
 * SQL is built, not concatenated: every identifier and string literal that
 * reaches DuckDB from the app goes through one of these two functions.
 */

/** Quotes an identifier for DuckDB ("my ""odd"" name"). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal for DuckDB ('it''s'). */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A schema-qualified table reference, both parts quoted. */
export function qualifiedName(schema: string, table: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
}

/** A name as a person would type it: bare when it can be, quoted when it must be. */
export function sqlName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : quoteIdentifier(name);
}
