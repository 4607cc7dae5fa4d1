export * from './model';
export { compileQuery, ChartCompileError, type CompiledQuery, type OutputField, type SourceColumn } from './compile-sql';
export { compileSpec, describeChart, titleOf, type VegaLiteSpec } from './compile-spec';
