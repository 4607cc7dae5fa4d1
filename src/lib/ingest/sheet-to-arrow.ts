import { Field, makeData, RecordBatch, Schema, Struct, Table, type Data, type Vector } from 'apache-arrow';
import { boolColumn, dateDayColumn, float64Column, int64Column, timestampColumn, utf8Column } from './arrow-columns';
import type { CellValue } from './deps';

export interface SheetTable {
  table: Table;
  /** The sheet row (1-based, as Excel numbers rows) read as the header. */
  headerRow: number;
  /** Rows with content above the header (a title, notes), left out. */
  skippedRows: number;
  /** Columns whose header cell was empty (merged or blank), with the name given. */
  renamedHeaders: Array<{ column: string; name: string }>;
}

/** A column as a sheet gives it with a given header row: its name and the DuckDB type it becomes. */
export interface SheetColumn {
  name: string;
  type: 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP' | 'VARCHAR';
}

const MS_PER_DAY = 86_400_000;

/** Excel's column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

function isBlank(value: CellValue | undefined): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function headerText(value: CellValue | undefined): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return isBlank(value) ? '' : String(value).trim();
}

/** How many rows with content may stand above a header (titles, notes, sources). */
const HEADER_SCAN_ROWS = 30;
/** Rows below a candidate header whose types must agree. */
const BODY_SAMPLE_ROWS = 20;
/** Share of a column's sampled values that must be of one kind. */
const CONSISTENT_SHARE = 0.75;

type CellKind = 'text' | 'number' | 'date' | 'boolean';

function kindOf(value: CellValue | undefined): CellKind | undefined {
  if (isBlank(value)) return undefined;
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (value instanceof Date) return 'date';
  return 'text';
}

const filledCount = (row: CellValue[] | undefined) => (row ?? []).reduce<number>((n, cell) => (isBlank(cell) ? n : n + 1), 0);

/**
 * The row (0-based index into `rows`) that holds a sheet's column names: the
 * first row whose cells are mostly text, fill at least half the table's width
 * (a title merged across the top fills one cell), and are followed by rows
 * whose columns each keep one type, starting with the row right below.
 * Without one, the first row that fills half the width; undefined for an
 * empty sheet.
 */
export function detectHeaderRow(rows: CellValue[][]): number | undefined {
  const filled: number[] = [];
  rows.forEach((row, index) => {
    if (filledCount(row) > 0) filled.push(index);
  });
  if (filled.length === 0) return undefined;
  const width = Math.max(...filled.slice(0, 100).map((index) => filledCount(rows[index])));
  const wide = (index: number) => filledCount(rows[index]) >= (width <= 1 ? 1 : Math.max(2, Math.ceil(width / 2)));
  for (let k = 0; k < Math.min(HEADER_SCAN_ROWS, filled.length); k++) {
    const index = filled[k] as number;
    const row = rows[index] ?? [];
    if (!wide(index)) continue;
    const kinds = row.map(kindOf).filter((kind) => kind !== undefined);
    const text = kinds.filter((kind) => kind === 'text').length;
    if (text * 2 <= kinds.length) continue;
    const body = filled.slice(k + 1, k + 1 + BODY_SAMPLE_ROWS).map((i) => rows[i] ?? []);
    if (typesHold(body)) return index;
  }
  return filled.find(wide) ?? filled[0];
}

/** Each column of these rows keeps one kind of value, the first row's included. */
function typesHold(body: CellValue[][]): boolean {
  const first = body[0];
  if (!first) return true;
  const width = Math.max(...body.map((row) => row.length));
  for (let c = 0; c < width; c++) {
    const kinds = body.map((row) => kindOf(row[c])).filter((kind) => kind !== undefined);
    if (kinds.length < 2) continue;
    const tally = new Map<CellKind, number>();
    for (const kind of kinds) tally.set(kind, (tally.get(kind) ?? 0) + 1);
    const [dominant, count] = [...tally].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
    if (count < kinds.length * CONSISTENT_SHARE) return false;
    const top = kindOf(first[c]);
    if (top !== undefined && top !== dominant) return false;
  }
  return true;
}

interface SheetLayout {
  headerIndex: number;
  body: CellValue[][];
  /** Source column index of each output column (columns with no header and no value are left out). */
  sources: number[];
  names: string[];
  renamed: SheetTable['renamedHeaders'];
  skippedRows: number;
}

/**
 * Where a sheet's table is, with `headerIndex` (0-based) as its header row:
 * the rows below it (trailing blank rows dropped), its columns (a column
 * with neither a header nor a value is no column), and their names — blank
 * (often merged) header cells named from their column letter, duplicates
 * given _2, _3….
 */
function layoutOf(rows: CellValue[][], headerIndex: number): SheetLayout {
  const header = rows[headerIndex] ?? [];
  let end = rows.length;
  while (end > headerIndex + 1 && (rows[end - 1] ?? []).every(isBlank)) end -= 1;
  const body = rows.slice(headerIndex + 1, end);
  // A loop, not Math.max(...rows): a spread of a million rows overflows the stack.
  const width = body.reduce((widest, row) => Math.max(widest, row.length), header.length);
  const sources: number[] = [];
  for (let c = 0; c < width; c++) {
    if (!isBlank(header[c]) || body.some((row) => !isBlank(row[c]))) sources.push(c);
  }
  const renamed: SheetTable['renamedHeaders'] = [];
  const used = new Set<string>();
  const names = sources.map((c) => {
    let name = headerText(header[c]);
    if (name === '') {
      name = `column_${columnLetter(c)}`;
      renamed.push({ column: columnLetter(c), name });
    }
    let unique = name;
    for (let n = 2; used.has(unique.toLowerCase()); n++) unique = `${name}_${n}`;
    used.add(unique.toLowerCase());
    return unique;
  });
  const skippedRows = rows.slice(0, headerIndex).filter((row) => filledCount(row) > 0).length;
  return { headerIndex, body, sources, names, renamed, skippedRows };
}

/**
 * A sheet's rows become an Arrow table, with `headerIndex` (0-based; by
 * default the detected header row) as its header, and each column the
 * narrowest type that holds all its values (whole numbers → BIGINT, dates
 * at midnight → DATE, any mix → VARCHAR).
 */
export function sheetToArrow(rows: CellValue[][], headerIndex = detectHeaderRow(rows)): SheetTable | undefined {
  if (headerIndex === undefined || headerIndex < 0 || headerIndex >= rows.length) return undefined;
  const layout = layoutOf(rows, headerIndex);
  const vectors = layout.sources.map((c) => toVector(layout.body.map((row) => row[c] ?? null)));
  return { table: orderedTable(layout.names, vectors, layout.body.length), headerRow: headerIndex + 1, skippedRows: layout.skippedRows, renamedHeaders: layout.renamed };
}

/**
 * A table with its columns in the sheet's order. Not `new Table({…})`: an
 * object puts keys that look like integers (a header of years, 2010, 2011)
 * before the others.
 */
function orderedTable(names: string[], vectors: Vector[], length: number): Table {
  const fields = names.map((name, i) => new Field(name, (vectors[i] as Vector).type, true));
  const children = vectors.map((vector) => vector.data[0] as Data);
  const batch = new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length, nullCount: 0, children }));
  return new Table(batch);
}

/** The columns a sheet gives with `headerIndex` (0-based) as its header: what a picker shows before loading. */
export function sheetColumns(rows: CellValue[][], headerIndex: number): SheetColumn[] {
  if (headerIndex < 0 || headerIndex >= rows.length) return [];
  const layout = layoutOf(rows, headerIndex);
  return layout.names.map((name, i) => {
    const c = layout.sources[i] as number;
    return { name, type: columnType(layout.body.map((row) => row[c] ?? null)) };
  });
}

function columnType(values: CellValue[]): SheetColumn['type'] {
  const present = values.filter((value) => value !== null);
  if (present.length > 0 && present.every((value) => typeof value === 'number')) {
    return present.every((value) => Number.isSafeInteger(value)) ? 'BIGINT' : 'DOUBLE';
  }
  if (present.length > 0 && present.every((value) => typeof value === 'boolean')) return 'BOOLEAN';
  if (present.length > 0 && present.every((value) => value instanceof Date)) {
    return present.every((value) => (value as Date).getTime() % MS_PER_DAY === 0) ? 'DATE' : 'TIMESTAMP';
  }
  return 'VARCHAR';
}

function toVector(values: CellValue[]): Vector {
  const nulls = <T>(map: (value: CellValue) => T) => values.map((value) => (value === null ? null : map(value)));
  switch (columnType(values)) {
    case 'BIGINT':
      return int64Column(nulls((value) => value as number));
    case 'DOUBLE':
      return float64Column(nulls((value) => value as number));
    case 'BOOLEAN':
      return boolColumn(nulls((value) => value as boolean));
    case 'DATE':
      return dateDayColumn(nulls((value) => value as Date));
    case 'TIMESTAMP':
      return timestampColumn(nulls((value) => value as Date));
    case 'VARCHAR':
      return utf8Column(nulls(cellText));
  }
}

/** A cell as text, for a sheet preview and for text columns. */
export function cellText(value: CellValue): string {
  if (value instanceof Date) {
    const iso = value.toISOString();
    return value.getTime() % MS_PER_DAY === 0 ? iso.slice(0, 10) : iso.replace('T', ' ').replace(/\.000Z$|Z$/, '');
  }
  return String(value);
}
