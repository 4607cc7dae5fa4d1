/**
 * The table-name rule: a file becomes a table named after it.
 * `Países (2012).csv` → `paises_2012`.
 */

/** Letters NFD cannot decompose into base + accent, folded by hand. */
const SPECIAL_FOLDS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', þ: 'th', ð: 'd' };

/** Folds a piece of text into a bare SQL-friendly name (no uniqueness). */
export function toTableName(text: string): string {
  const folded = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[ßæœøđłþð]/g, (ch) => SPECIAL_FOLDS[ch] ?? ch);
  let name = folded.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (name === '') name = 'table';
  if (/^[0-9]/.test(name)) name = `t_${name}`;
  return name;
}

/** The file name without its last extension ("a.b.csv" → "a.b"). */
export function fileStem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** Appends _2, _3… until the name is not taken (case-insensitively, as DuckDB compares). */
export function uniqueName(base: string, taken: Iterable<string>): string {
  const used = new Set(Array.from(taken, (name) => name.toLowerCase()));
  // DuckDB's names ignore case: "Sales" and "sales" are one table.
  if (!used.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}_${n}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/** The table name for a file (or one sheet of a workbook with several). */
export function tableNameForFile(fileName: string, taken: Iterable<string>, sheet?: string): string {
  const stem = fileStem(fileName);
  return uniqueName(toTableName(sheet === undefined ? stem : `${stem}_${sheet}`), taken);
}
