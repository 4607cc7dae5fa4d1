import { tableToIPC } from 'apache-arrow';
import { enginePath, quoteIdentifier, quoteLiteral, type Engine } from '../engine';
import type { ParquetCodec } from '../ingest/deps';
import type { QueryResult } from './run-statement';

let exportSequence = 0;

/** How a CSV file is written: what the spreadsheet that opens it expects. */
export interface CsvOptions {
  delimiter: ',' | ';' | '\t';
  /** The decimal separator of numbers with a fraction (DOUBLE, FLOAT, DECIMAL). */
  decimal: '.' | ',';
  /** Starts the file with the UTF-8 byte-order mark, which Excel needs to read UTF-8 (not the ANSI code page). */
  bom: boolean;
}

/** DuckDB's own CSV: comma, decimal point, no byte-order mark. */
export const PLAIN_CSV: CsvOptions = { delimiter: ',', decimal: '.', bom: false };

/** What Excel expects in a language's regional settings. */
const SEMICOLON_CSV: CsvOptions = { delimiter: ';', decimal: ',', bom: true };

/**
 * The CSV options Excel opens right for people using `locale` (a BCP 47 tag
 * of the interface language): English, comma and point; Spanish and
 * Portuguese (Latin American spreadsheets follow their region's list
 * separator), semicolon, decimal comma and a byte-order mark. Other
 * languages follow their decimal separator.
 */
export function csvDefaultsFor(locale: string): CsvOptions {
  const language = locale.toLowerCase().split(/[-_]/)[0] ?? '';
  if (language === 'en') return { ...PLAIN_CSV };
  if (language === 'es' || language === 'pt') return { ...SEMICOLON_CSV };
  let decimal = '.';
  try {
    decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')?.value ?? '.';
  } catch {
    // Not a locale Intl knows: the plain file.
  }
  return decimal === ',' ? { ...SEMICOLON_CSV } : { ...PLAIN_CSV };
}

const UTF8_BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

/** Types written with a fraction: the ones whose decimal point becomes a comma. */
const FRACTIONAL = /^(FLOAT|DOUBLE|REAL|DECIMAL)/i;

/** Text types: the cells a spreadsheet could take for a formula. */
const TEXT = /^(VARCHAR|TEXT|STRING|CHAR|BPCHAR)\b/i;

/**
 * Text that Excel, LibreOffice and Google Sheets would run as a formula when
 * the CSV is opened (`=HYPERLINK(…)`, `@SUM(…)`, `+cmd|…`, `-2+3`): it is
 * written with a leading apostrophe, which the spreadsheet shows as plain
 * text. Signed numbers written as text (`-12`, `+57 300 123`) are left alone.
 */
const FORMULA_SQL = (ref: string) =>
  `CASE WHEN regexp_matches(${ref}, '^[=@\t\r]') OR (regexp_matches(${ref}, '^[+-]') AND NOT regexp_matches(${ref}, '^[+-][0-9 .,]*$')) THEN '''' || ${ref} ELSE ${ref} END`;

/** A column name as its header would be written: guarded like a text cell. */
function guardedHeader(name: string): string {
  return /^[=@\t\r]/.test(name) || (/^[+-]/.test(name) && !/^[+-][0-9 .,]*$/.test(name)) ? `'${name}` : name;
}

/** CSV with a header row, written by DuckDB's COPY (core, no extension needed). */
export async function exportCsv(engine: Engine, result: QueryResult, options: CsvOptions = PLAIN_CSV): Promise<Uint8Array> {
  if (!result.table) return new Uint8Array();
  return tableToCsv(engine, result.table, options);
}

/**
 * Any table or view (as SQL, already quoted) as CSV bytes. The file is
 * written by COPY under the engine's allowed directory; DuckDB writes no
 * decimal comma itself, so fractional columns are written as their text
 * with the point replaced; text that a spreadsheet would run as a formula
 * is written as text (see FORMULA_SQL).
 */
export async function tableToCsv(engine: Engine, tableSql: string, options: CsvOptions = PLAIN_CSV): Promise<Uint8Array> {
  exportSequence += 1;
  const path = enginePath(`export_${exportSequence}.csv`);
  const columns = await describeColumns(engine, tableSql);
  const projections = columns.map(({ name, type }) => {
    const ref = quoteIdentifier(name);
    const header = quoteIdentifier(guardedHeader(name));
    if (options.decimal === ',' && FRACTIONAL.test(type)) return `replace(CAST(${ref} AS VARCHAR), '.', ',') AS ${header}`;
    if (TEXT.test(type)) return `${FORMULA_SQL(ref)} AS ${header}`;
    return `${ref} AS ${header}`;
  });
  const select = `SELECT ${projections.join(', ')} FROM ${tableSql}`;
  try {
    // Registered first and written in place (no temporary file beside it):
    // in Node an unregistered path would reach the real file system.
    await engine.registerFileBuffer(path, new Uint8Array(0));
    await engine.query(`COPY (${select}) TO ${quoteLiteral(path)} (HEADER, DELIMITER ${quoteLiteral(options.delimiter)}, USE_TMP_FILE false)`);
    const bytes = await engine.copyFileToBuffer(path);
    if (!options.bom) return bytes;
    const withBom = new Uint8Array(UTF8_BOM.length + bytes.length);
    withBom.set(UTF8_BOM);
    withBom.set(bytes, UTF8_BOM.length);
    return withBom;
  } finally {
    await engine.dropFile(path).catch(() => undefined);
  }
}

/** The columns of any table, view or query (as SQL), with DuckDB's type names. */
export async function describeColumns(engine: Engine, tableSql: string): Promise<Array<{ name: string; type: string }>> {
  const described = await engine.query(`DESCRIBE SELECT * FROM ${tableSql}`);
  const names = described.getChild('column_name')?.toArray() ?? [];
  const types = described.getChild('column_type')?.toArray() ?? [];
  return Array.from(names, (name, i) => ({ name: String(name), type: String(types[i]) }));
}

/** Parquet, written by parquet-wasm from the result's Arrow data (DuckDB's parquet extension is unavailable offline). */
export async function exportParquet(engine: Engine, codec: ParquetCodec, result: QueryResult): Promise<Uint8Array> {
  if (!result.table) return new Uint8Array();
  return tableToParquet(engine, codec, result.table);
}

/** Any table or view (as SQL, already quoted) as Parquet bytes. */
export async function tableToParquet(engine: Engine, codec: ParquetCodec, tableSql: string): Promise<Uint8Array> {
  const table = await engine.query(`SELECT * FROM ${tableSql}`);
  return codec.arrowIPCToParquet(tableToIPC(table, 'stream'));
}

/** Names Windows refuses for a file, whatever its extension. */
const RESERVED_FILE_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * The name of an exported file: what it holds (a query's or table's name)
 * and the day, `Homicidios por país_2024-05-31.xlsx`. Characters no file
 * system takes are replaced; an empty name becomes "atalaya". `date` is read
 * in local time: the day the person sees.
 */
export function exportFileName(base: string, date: Date, extension: string): string {
  let name = base
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, '_')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const characters = Array.from(name); // whole characters: a cut never splits an emoji
  if (characters.length > 100) name = characters.slice(0, 100).join('').trim();
  if (name === '' || /^_+$/.test(name)) name = 'atalaya';
  if (RESERVED_FILE_NAMES.test(name)) name = `${name}_`;
  const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  const ext = extension.replace(/^\.+/, '').toLowerCase();
  return `${name}_${day}.${ext}`;
}
