import { PostgreSQL, SQLDialect } from '@codemirror/lang-sql';

/** Words DuckDB adds to PostgreSQL's grammar, for highlighting and completion. */
const DUCKDB_KEYWORDS =
  'asof positional pivot unpivot pivot_wider pivot_longer qualify summarize describe exclude replace columns struct map list union_by_name using sample tablesample reservoir bernoulli system macro install load attach detach copy export import pragma checkpoint anti semi lambda';

const DUCKDB_TYPES =
  'tinyint smallint integer bigint hugeint utinyint usmallint uinteger ubigint uhugeint float double real decimal numeric varchar text blob boolean date time timestamp timestamptz interval uuid json struct map list enum bit varint';

const DUCKDB_FUNCTIONS =
  'count sum avg mean min max median mode quantile quantile_cont quantile_disc stddev stddev_samp stddev_pop variance var_samp var_pop corr covar_pop approx_count_distinct approx_quantile arg_max arg_min any_value first last list string_agg histogram bool_and bool_or ' +
  'abs ceil floor round trunc ln log log10 log2 exp pow power sqrt greatest least coalesce ifnull nullif ' +
  'lower upper length strlen substr substring replace regexp_matches regexp_replace regexp_extract split_part concat concat_ws trim ltrim rtrim lpad rpad starts_with ends_with contains strpos left right reverse format printf ' +
  'date_trunc date_part datepart date_diff datediff date_add strftime strptime make_date make_timestamp epoch epoch_ms year month day week quarter dayofweek dayofyear hour minute second last_day ' +
  'cast try_cast typeof range generate_series unnest row_number rank dense_rank percent_rank ntile lag lead first_value last_value nth_value read_csv sniff_csv';

export const DuckDBDialect = SQLDialect.define({
  ...PostgreSQL.spec,
  keywords: `${PostgreSQL.spec.keywords ?? ''} ${DUCKDB_KEYWORDS}`,
  types: `${PostgreSQL.spec.types ?? ''} ${DUCKDB_TYPES}`,
  builtin: `${PostgreSQL.spec.builtin ?? ''} ${DUCKDB_FUNCTIONS}`,
  doubleQuotedStrings: false,
});
