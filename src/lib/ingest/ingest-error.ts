import type { FileFormat, FormatProblem } from './detect-format';
import type { DetectedEncoding } from './text-encoding';

type NoParams = Record<string, never>;

/**
 * Why a file could not be loaded, as a code and its parameters: `cause` is
 * the parser's or DuckDB's own text, sizes are bytes. The UI words it
 * (src/ui/i18n/describe.ts), with what to try.
 */
export type IngestProblem =
  | { code: FormatProblem; params: NoParams }
  | { code: 'tooLarge'; params: { size: number; limit: number } }
  /** A file of `size` bytes would need about `needed` bytes of engine memory; `held` are taken by the open data, of `budget`. */
  | { code: 'memoryShort'; params: { size: number; needed: number; held: number; budget: number; format: FileFormat; partial: boolean } }
  /** A load of part of a file (load-subset.ts) names a column the file does not have. */
  | { code: 'subsetColumnMissing'; params: { column: string } }
  | { code: 'csv' | 'json' | 'parquet' | 'arrow' | 'engine'; params: { cause: string } }
  | { code: 'noRows' | 'arrowNoColumns' | 'xlsxEmpty'; params: NoParams }
  /** Parquet: the decoder crashed on it (malformed in a way it cannot report), or the file is encrypted. */
  | { code: 'parquetCorrupt' | 'parquetEncrypted'; params: NoParams }
  /** Parquet: a row group would take `size` bytes decoded, more than `limit`. */
  | { code: 'parquetTooLarge'; params: { size: number; limit: number } }
  /** XLSX: neither workbook reader (read-excel-file, then exceljs) could read it; their messages are internal, so none is kept. */
  | { code: 'xlsxUnreadable'; params: NoParams }
  /** XLSX: the reader was still parsing after `seconds` (a budget that grows with the file's size); it was stopped. */
  | { code: 'xlsxTooSlow'; params: { seconds: number } }
  /** A compressed file (.gz, .zst) whose data is damaged or cut short. */
  | { code: 'gzipDamaged'; params: NoParams };

export type IngestProblemCode = IngestProblem['code'];

/** Something the person should know about a file that loaded: a code and its parameters. */
export type IngestNotice =
  /** Named like one format, holding another (`named`, `actual`); it was read as what it holds. */
  | { code: 'formatMismatch'; params: { file: string; named: FileFormat; actual: FileFormat } }
  /** Not UTF-8 text: decoded from `encoding`. */
  | { code: 'decoded'; params: { file: string; encoding: Exclude<DetectedEncoding, 'utf-8'> } }
  /** `rows` malformed rows were skipped; `lines` are the first of them (1-based). */
  | { code: 'rejected'; params: { file: string; rows: number; lines: number[] } }
  /**
   * How a sheet's header was read, once per sheet when there is something to
   * know: sheet row `headerRow` (1-based, as Excel numbers rows) is the header,
   * `skippedRows` rows with content above it (a title, notes) were left out,
   * and the columns in `renamed` (letter `column`) had no usable header and
   * were named `name`.
   */
  | { code: 'sheetHeader'; params: { file: string; sheet: string; headerRow: number; skippedRows: number; renamed: Array<{ column: string; name: string }> } }
  /**
   * Text columns (`columns`, of `sheet` for a workbook) whose values all read
   * as numbers, but differently with a decimal comma or point (`5,5` beside
   * `5.555`): kept as text; the type fix converts them after a preview.
   */
  | { code: 'ambiguousNumbers'; params: { file: string; sheet?: string; columns: string[] } }
  /**
   * JSON fields (`columns`; nested ones as dotted paths, list elements as
   * `[]`, map values as `.*`) whose values mix kinds (a number beside a
   * text, an object beside a number): kept as text (JSON text where they
   * hold objects or lists) so that no value is lost.
   */
  | { code: 'jsonText'; params: { file: string; columns: string[] } };

/**
 * A file that could not be loaded: which file, where in it (when that is
 * known) and what is wrong, as a code and parameters. The message is for
 * logs only. For 'engine', the engine's own error is kept as `cause` (an
 * EngineError has words of its own: a restart, a hint).
 */
export class IngestError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly problem: IngestProblem;

  constructor(file: string, problem: IngestProblem, where: { line?: number; column?: number } = {}, cause?: unknown) {
    const location = where.line === undefined ? file : where.column === undefined ? `${file}:${where.line}` : `${file}:${where.line}:${where.column}`;
    const params = Object.keys(problem.params).length > 0 ? ` ${JSON.stringify(problem.params)}` : '';
    super(`${location}: ${problem.code}${params}`, cause === undefined ? undefined : { cause });
    this.name = 'IngestError';
    this.file = file;
    this.line = where.line;
    this.column = where.column;
    this.problem = problem;
  }

  get code(): IngestProblemCode {
    return this.problem.code;
  }
}
