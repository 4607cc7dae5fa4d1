/** How DuckDB type names classify, for every module that formats, charts or summarizes columns. */
export const isNumericType = (type: string): boolean =>
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL|REAL)/i.test(type);
export const isTemporalType = (type: string): boolean => /^(DATE|TIMESTAMP)/i.test(type);
/** Text columns: the only ones a type fix converts. */
export const isTextType = (type: string): boolean => /^(VARCHAR|TEXT|STRING|CHAR|BPCHAR)\b/i.test(type);
