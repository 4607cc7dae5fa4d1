/** Native DuckDB's Node module (@duckdb/node-api), installed on first use. */
export function loadNativeDuckDB(): Promise<unknown>;
