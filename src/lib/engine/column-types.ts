/** How DuckDB type names classify, for every module that formats, charts or summarizes columns. */
export const isNumericType = (type: string): boolean =>
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL|REAL)/i.test(type);
export const isTemporalType = (type: string): boolean => /^(DATE|TIMESTAMP)/i.test(type);
/** Text columns: the only ones a type fix converts. */
export const isTextType = (type: string): boolean => /^(VARCHAR|TEXT|STRING|CHAR|BPCHAR)\b/i.test(type);
export const isIntegerType = (type: string): boolean => /^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/i.test(type);

/** Column names that say "year", in English, Spanish and Portuguese, as a whole word of a snake_case or spaced name. */
const YEAR_NAME = /(^|[\s_.-])(year|yr|fy|fiscal_year|ano|año|anio)(?=$|[\s_.-])|[a-z]Year$/;
/** Names of codes and ids (postal codes, DANE/IBGE/UBIGEO place codes), same rules; camelCase ids are case-sensitive so "paid" is not one. */
const CODE_NAME = /(^|[\s_.-])(id|code|cod|codigo|código|zip|cep|postal|dane|ibge|ubigeo)(?=$|[\s_.-])/i;
const CAMEL_ID = /[a-z](Id|ID|Code)$/;

export const isYearName = (name: string): boolean => YEAR_NAME.test(name) || YEAR_NAME.test(name.toLowerCase());

/**
 * Integer columns whose values are labels, not quantities: years, codes and
 * ids, which read wrong with a thousands separator (2,024; 1.001) and make
 * no sense summed.
 */
export const isIdentifierColumn = (column: { name: string; type: string }): boolean =>
  isIntegerType(column.type) && (isYearName(column.name) || CODE_NAME.test(column.name) || CAMEL_ID.test(column.name));
