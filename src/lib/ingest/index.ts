export { ingestFile, MAX_FILE_BYTES } from './ingest';
export type { IngestOutcome, IngestRequest, IngestedTable, LoadProgress } from './ingest';
export { IngestError } from './ingest-error';
export { tableNameForFile, toTableName, uniqueName, fileStem } from './table-name';
export { detectFormat } from './detect-format';
export type { FileFormat } from './detect-format';
export type { IngestDeps, ParquetCodec, WorkbookSheet, CellValue } from './deps';
export type { RejectedRows } from './csv-reader';
