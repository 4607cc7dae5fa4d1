/**
 * The columns a person can choose from to load part of a file
 * (load-subset.ts): listed as the load itself will name them.
 */
import type { Engine } from '../engine';
import { delimitedColumnNames } from './csv-reader';
import type { FileFormat } from './detect-format';
import { PARTIAL_LOAD_FORMATS } from './memory-budget';
import { readParquetFooter } from './parquet-footer';

let listing = 0;

/** A Parquet file's top-level column names, from its footer; undefined when it cannot be read. */
async function parquetColumns(file: Blob): Promise<string[] | undefined> {
  try {
    const footer = await readParquetFooter(file);
    return footer.encrypted ? undefined : footer.topLevelNames;
  } catch {
    return undefined;
  }
}

/**
 * The columns of a file, in file order; undefined for formats whose reading
 * cannot be cut (loading part of them would not need less memory) or when
 * the columns cannot be told.
 */
export async function subsetColumnChoices(engine: Engine, format: FileFormat, file: Blob, signal?: AbortSignal): Promise<string[] | undefined> {
  if (!PARTIAL_LOAD_FORMATS.includes(format)) return undefined;
  return format === 'delimited' ? delimitedColumnNames(engine, file, `__atalaya_columns_${++listing}`, signal) : parquetColumns(file);
}
