import type { Engine } from '../engine';
import type { IngestDeps } from './deps';
import type { RejectedRows } from './csv-reader';
import type { IngestNotice } from './ingest-error';
import type { LoadSubset } from './load-subset';
import type { SheetChoice, SheetPick } from './xlsx-reader';

/** Everything one reader needs to turn one file into staging tables. */
export interface LoadContext {
  engine: Engine;
  deps: IngestDeps;
  fileName: string;
  /** The file itself: readers that can hand it to DuckDB or parquet-wasm as is never copy it. */
  file: Blob;
  /** Its first bytes, for sniffing. */
  head: Uint8Array;
  /** Reads the whole file (once), reporting progress. */
  readBytes(): Promise<Uint8Array>;
  /** Tells the caller the reader moved on to parsing. */
  startParsing(): void;
  /** Table to create (readers of multi-table files derive more names from it). */
  stagingName: string;
  /** Unique prefix for scratch files and tables of this load. */
  scratchPrefix: string;
  signal: AbortSignal | undefined;
  /** Sheets to load from a workbook (all when undefined). */
  sheets: string[] | undefined;
  /** The header row (1-based) of sheets that must be read with a given one (a replay); others are detected. */
  headerRows: Map<string, number>;
  pickSheets: ((names: string[]) => Promise<string[]>) | undefined;
  chooseSheets: ((sheets: SheetChoice[]) => Promise<SheetPick[]>) | undefined;
  /** What the person should know about this file that is not an error (worded by the UI). */
  notices: IngestNotice[];
  /** Only some columns or a sample of rows (load-subset.ts); readers that can cut while reading do. */
  subset: LoadSubset | undefined;
}

/** One table a reader created under a staging name, before it is renamed into place. */
export interface LoadedPart {
  stagingName: string;
  sheet?: string;
  /** The sheet row (1-based) read as the header. */
  headerRow?: number;
  rejected?: RejectedRows;
}
