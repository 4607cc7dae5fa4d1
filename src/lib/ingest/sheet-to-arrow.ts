import { Table, type Vector } from 'apache-arrow';
import { boolColumn, dateDayColumn, float64Column, int64Column, timestampColumn, utf8Column } from './arrow-columns';
import type { CellValue } from './deps';

export interface SheetTable {
  table: Table;
  /** Columns whose header cell was empty (merged or blank), with the name given. */
  renamedHeaders: Array<{ column: string; name: string }>;
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

/**
 * A sheet's rows become an Arrow table: the first non-empty row is the
 * header, blank (often merged) header cells get a name from their column
 * letter, duplicates get _2, _3…, and each column gets the narrowest type
 * that holds all its values (whole numbers → BIGINT, dates at midnight →
 * DATE, any mix → VARCHAR).
 */
export function sheetToArrow(rows: CellValue[][]): SheetTable | undefined {
  const headerIndex = rows.findIndex((row) => row.some((cell) => !isBlank(cell)));
  if (headerIndex === -1) return undefined;
  const header = rows[headerIndex] ?? [];
  let body = rows.slice(headerIndex + 1);
  while (body.length > 0 && (body[body.length - 1] ?? []).every(isBlank)) body = body.slice(0, -1);
  const width = Math.max(header.length, ...body.map((row) => row.length));

  const renamedHeaders: SheetTable['renamedHeaders'] = [];
  const used = new Set<string>();
  const names: string[] = [];
  for (let c = 0; c < width; c++) {
    let name = headerText(header[c]);
    if (name === '') {
      name = `column_${columnLetter(c)}`;
      renamedHeaders.push({ column: columnLetter(c), name });
    }
    let unique = name;
    for (let n = 2; used.has(unique.toLowerCase()); n++) unique = `${name}_${n}`;
    used.add(unique.toLowerCase());
    names.push(unique);
  }

  const columns: Record<string, Vector> = {};
  names.forEach((name, c) => {
    columns[name] = toVector(body.map((row) => row[c] ?? null));
  });
  return { table: new Table(columns), renamedHeaders };
}

function toVector(values: CellValue[]): Vector {
  const present = values.filter((value) => value !== null);
  const nulls = <T>(map: (value: CellValue) => T) => values.map((value) => (value === null ? null : map(value)));
  if (present.length > 0 && present.every((value) => typeof value === 'number')) {
    const whole = present.every((value) => Number.isSafeInteger(value));
    return whole ? int64Column(nulls((value) => value as number)) : float64Column(nulls((value) => value as number));
  }
  if (present.length > 0 && present.every((value) => typeof value === 'boolean')) {
    return boolColumn(nulls((value) => value as boolean));
  }
  if (present.length > 0 && present.every((value) => value instanceof Date)) {
    const midnight = present.every((value) => (value as Date).getTime() % MS_PER_DAY === 0);
    return midnight ? dateDayColumn(nulls((value) => value as Date)) : timestampColumn(nulls((value) => value as Date));
  }
  return utf8Column(nulls(cellText));
}

function cellText(value: CellValue): string {
  if (value instanceof Date) {
    const iso = value.toISOString();
    return value.getTime() % MS_PER_DAY === 0 ? iso.slice(0, 10) : iso.replace('T', ' ').replace(/\.000Z$|Z$/, '');
  }
  return String(value);
}
