export { Engine, messageOf } from './engine';
export type { EngineStatus, QueryOptions } from './engine';
export { EngineError, parseErrorPosition } from './errors';
export type { SqlPosition, EngineErrorKind } from './errors';
export type { DuckBackend, Lane, ExecutionProgress, ArrowTarget } from './backend';
export { quoteIdentifier, quoteLiteral, qualifiedName, sqlName } from './sql';
export { listTables, INTERNAL_TABLE_PREFIX } from './catalog';
export type { TableInfo, ColumnInfo } from './catalog';
export { isNumericType, isTemporalType } from './column-types';
