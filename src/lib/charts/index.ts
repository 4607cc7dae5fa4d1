export * from './model';
export { compileQuery, ChartCompileError, type ChartProblem, type CompiledQuery, type OutputField, type SourceColumn } from './compile-sql';
export { compileSpec, describeChart, drawnColumns, ENGLISH_CHART_WORDS, titleOf, unmatchedKeys, type ChartWords, type CountryFeature, type CountryShapes, type VegaLiteSpec } from './compile-spec';

export { runChart, chartFromRows, plainRows, describeSource, tableSourceSql, querySourceSql, loadCountryShapes, ChartSourceError, type ChartSourceProblem, type ChartDrawing, type ChartSourceSql } from './run-chart';
export { SUBTOTAL_LABELS, type SubtotalRow } from './subtotals';
export { recommendCharts, roleOf } from './recommend';
export { defaultDesign, fieldDefFor, isIdLike } from './recommend';
export { CHANNELS_FOR, changeMark } from './adapt';
