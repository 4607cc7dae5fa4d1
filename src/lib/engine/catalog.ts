import type { Engine } from './engine';
import { quoteIdentifier, quoteLiteral } from './sql';

export interface ColumnInfo {
  name: string;
  type: string;
}

export interface TableInfo {
  name: string;
  rowCount: number;
  columns: ColumnInfo[];
  isView: boolean;
}

/** Tables the app makes for itself (staging, scratch) start with this. */
export const INTERNAL_TABLE_PREFIX = '__atalaya_';

/** The user's tables and views in the main schema, with their columns and exact row counts. */
export async function listTables(engine: Engine): Promise<TableInfo[]> {
  const columns = await engine.query(
    `SELECT table_name, column_name, data_type FROM duckdb_columns()
     WHERE schema_name = 'main' AND database_name = current_database() AND NOT internal
       AND NOT starts_with(table_name, '${INTERNAL_TABLE_PREFIX}')
     ORDER BY table_name, column_index`,
  );
  const views = await engine.query(
    `SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND database_name = current_database() AND NOT internal`,
  );
  const viewNames = new Set(Array.from(views.getChild('view_name')?.toArray() ?? [], String));
  const byTable = new Map<string, ColumnInfo[]>();
  const tableNames = columns.getChild('table_name')?.toArray() ?? [];
  const columnNames = columns.getChild('column_name')?.toArray() ?? [];
  const types = columns.getChild('data_type')?.toArray() ?? [];
  for (let i = 0; i < tableNames.length; i++) {
    const table = String(tableNames[i]);
    const list = byTable.get(table) ?? [];
    list.push({ name: String(columnNames[i]), type: String(types[i]) });
    byTable.set(table, list);
  }
  const names = [...byTable.keys()];
  const counts = new Map<string, number>();
  const countable = names.filter((name) => !viewNames.has(name));
  if (countable.length > 0) {
    // count(*) on a DuckDB table reads its cardinality, not its rows.
    const union = countable
      .map((name, i) => `SELECT ${i} AS i, count(*)::BIGINT AS n FROM ${quoteIdentifier(name)}`)
      .join(' UNION ALL ');
    const counted = await engine.query(union);
    const index = counted.getChild('i')?.toArray() ?? [];
    const n = counted.getChild('n')?.toArray() ?? [];
    for (let i = 0; i < index.length; i++) counts.set(countable[Number(index[i])] ?? '', Number(n[i]));
  }
  return names.map((name) => ({
    name,
    rowCount: counts.get(name) ?? 0,
    columns: byTable.get(name) ?? [],
    isView: viewNames.has(name),
  }));
}

/** One table's columns, in order (empty when there is no such table). */
export async function tableColumns(engine: Engine, table: string): Promise<ColumnInfo[]> {
  const columns = await engine.query(
    `SELECT column_name, data_type FROM duckdb_columns()
     WHERE schema_name = 'main' AND database_name = current_database() AND table_name = ${quoteLiteral(table)}
     ORDER BY column_index`,
  );
  const names = columns.getChild('column_name')?.toArray() ?? [];
  const types = columns.getChild('data_type')?.toArray() ?? [];
  return Array.from(names, (name, i) => ({ name: String(name), type: String(types[i]) }));
}
