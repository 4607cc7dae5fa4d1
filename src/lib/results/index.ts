export { runStatement, dropResult, describeTable, RESULTS_SCHEMA } from './run-statement';
export type { QueryResult, ResultColumn } from './run-statement';
export { fetchRows, isNumericType } from './fetch-rows';
export type { CellText } from './fetch-rows';
export { exportCsv, exportParquet, tableToParquet } from './export-result';
