/** How DuckDB types map onto chart semantics (shared by the SQL and spec compilers). */
export const isNumericType = (type: string) => /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL|REAL)/i.test(type);
export const isTemporalType = (type: string) => /^(DATE|TIMESTAMP)/i.test(type);
