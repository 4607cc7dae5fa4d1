export { runStatement, dropResult, describeTable, RESULTS_SCHEMA } from './run-statement';
export type { QueryResult, ResultColumn } from './run-statement';
export { fetchRows } from './fetch-rows';
export { isNumericType } from '../engine/column-types';
export type { CellText } from './fetch-rows';
export { exportCsv, exportParquet, tableToParquet } from './export-result';
export { timeQuery } from './time-query';
