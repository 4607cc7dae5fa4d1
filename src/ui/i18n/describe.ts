import { ChartCompileError, ChartSourceError } from '../../lib/charts';
import { EngineError, messageOf, type EngineHint, type EngineStop } from '../../lib/engine';
import { m } from './paraglide/messages.js';
import { formatBytes, formatCount, formatList } from './format';
import { AGGREGATE_LABELS, CHANNEL_LABELS, FORMAT_LABELS } from './labels';
import { encodingLabel, IngestError, type IngestNotice } from '../../lib/ingest';
import { ExportError } from '../../lib/results';
import { SampleError } from '../../lib/samples';
import { LinkError, WorkspaceFileError } from '../../lib/share';
import { StoreError, type StoreProblem } from '../../lib/store';
import { WorkspaceFormatError } from '../../lib/workspace';
import { DatasetBytesError } from '../core/dataset-bytes';
import { describeWorkspaceFileError } from '../workspace/file-errors';
import { describeLinkError } from '../workspace/link-errors';
import { DashboardFilterError } from '../../lib/dashboards';
import { TileError } from '../dashboards/tile-data';
import { describeFilterProblem, describeTileProblem } from './dashboard-words';

/**
 * Words for anything `lib` reports. `lib` returns codes and parameters, never
 * sentences; this is where the UI turns them into the person's language.
 */

/** What the person is told about a failure: every error `lib` throws has its words here; anything else, its own message. */
export function describeError(error: unknown, context: { file?: string } = {}): string {
  if (error instanceof IngestError) return describeIngestError(error);
  if (error instanceof EngineError) return describeEngineError(error);
  if (error instanceof ChartCompileError) return describeChartProblem(error);
  if (error instanceof ChartSourceError) return describeChartSource(error);
  if (error instanceof StoreError) return describeStoreError(error);
  if (error instanceof WorkspaceFormatError) return m.workspace_format_invalid({ detail: describeFormatProblem(error) });
  if (error instanceof SampleError) return describeSampleError(error);
  if (error instanceof LinkError) return describeLinkError(error);
  if (error instanceof WorkspaceFileError) return describeWorkspaceFileError(error, context.file ?? m.file_this_file()) ?? messageOf(error);
  if (error instanceof ExportError) {
    const { problem } = error;
    return problem.code === 'xlsxRows'
      ? m.export_xlsx_rows({ rows: formatCount(problem.params.rows), limit: formatCount(problem.params.limit) })
      : m.export_xlsx_columns({ columns: formatCount(problem.params.columns), limit: formatCount(problem.params.limit) });
  }
  if (error instanceof DashboardFilterError) return describeFilterProblem(error.problem);
  if (error instanceof TileError) return describeTileProblem(error.problem);
  if (error instanceof DatasetBytesError) return error.code === 'unknownSample' ? m.workspace_unknown_sample({ id: error.params.id ?? '' }) : m.link_data_absent({ file: error.params.file ?? '' });
  return messageOf(error);
}

// --- Files being loaded -----------------------------------------------------

/** The reason and what to try, for each code an IngestError may carry. */
function ingestReasonAndHint(problem: IngestError['problem'], cause: string | undefined): [reason: string, hint: string] {
  switch (problem.code) {
    case 'empty':
      return [m.ingest_error_empty(), m.ingest_error_empty_hint()];
    case 'binary':
      return [m.ingest_error_binary(), m.ingest_error_binary_hint()];
    case 'xls':
      return [m.ingest_error_xls(), m.ingest_error_xls_hint()];
    case 'gzip':
      return [m.ingest_error_gzip(), m.ingest_error_gzip_hint()];
    case 'gzipDamaged':
      return [m.ingest_error_csv_gzip_damaged(), m.ingest_error_csv_gzip_damaged_hint()];
    case 'encryptedXlsx':
      return [m.ingest_error_encrypted_xlsx(), m.ingest_error_encrypted_xlsx_hint()];
    case 'feather1':
      return [m.ingest_error_feather1(), m.ingest_error_feather1_hint()];
    case 'unknown':
      return [m.ingest_error_unknown(), m.ingest_error_unknown_hint()];
    case 'tooLarge':
      return [m.ingest_error_too_large({ size: formatBytes(problem.params.size), limit: formatBytes(problem.params.limit) }), m.ingest_error_too_large_hint()];
    case 'memoryShort': {
      const { size, needed, held, budget, partial } = problem.params;
      return [
        m.ingest_error_memory_short({ size: formatBytes(size), needed: formatBytes(needed), held: formatBytes(held), budget: formatBytes(budget) }),
        // The notice offers "Load part of it…" when the format's reading can be cut.
        partial ? m.ingest_error_memory_short_part_hint() : m.ingest_error_memory_short_hint(),
      ];
    }
    case 'subsetColumnMissing':
      return [m.ingest_error_subset_column_missing({ column: problem.params.column }), m.ingest_error_subset_column_missing_hint()];
    case 'csv':
      return [m.ingest_error_csv({ cause: problem.params.cause }), m.ingest_error_csv_hint()];
    case 'noRows':
      return [m.ingest_error_no_rows(), m.ingest_error_csv_hint()];
    case 'json':
      return [m.ingest_error_json({ cause: problem.params.cause }), m.ingest_error_json_hint()];
    case 'parquet':
      return [m.ingest_error_parquet({ cause: problem.params.cause }), m.ingest_error_parquet_hint()];
    case 'parquetCorrupt':
      return [m.ingest_error_parquet_corrupt(), m.ingest_error_parquet_corrupt_hint()];
    case 'parquetEncrypted':
      return [m.ingest_error_parquet_encrypted(), m.ingest_error_parquet_encrypted_hint()];
    case 'parquetTooLarge':
      return [
        m.ingest_error_parquet_too_large({ size: formatBytes(problem.params.size), limit: formatBytes(problem.params.limit) }),
        m.ingest_error_parquet_too_large_hint(),
      ];
    case 'arrow':
      return [m.ingest_error_arrow({ cause: problem.params.cause }), m.ingest_error_arrow_hint()];
    case 'arrowNoColumns':
      return [m.ingest_error_arrow_no_columns(), m.ingest_error_arrow_no_columns_hint()];
    case 'xlsxEmpty':
      return [m.ingest_error_xlsx_empty(), m.ingest_error_xlsx_hint()];
    case 'xlsxUnreadable':
      return [m.ingest_error_xlsx_unreadable(), m.ingest_error_xlsx_unreadable_hint()];
    case 'xlsxTooSlow':
      return [m.ingest_error_xlsx_too_slow({ seconds: formatCount(problem.params.seconds) }), m.ingest_error_xlsx_unreadable_hint()];
    case 'engine':
      return [m.ingest_error_engine({ cause: cause ?? problem.params.cause }), m.ingest_error_engine_hint()];
  }
}

/** The parts of a refused file's explanation, for views that lay them out apart. */
export function describeIngestParts(error: IngestError): { where: string; reason: string; hint: string } {
  const { file, line, column, problem } = error;
  const where =
    line === undefined
      ? file
      : column === undefined
        ? m.ingest_error_where_line({ file, line })
        : m.ingest_error_where_line_column({ file, line, column });
  // The engine's own error has words of its own (a restart, a hint).
  const cause = problem.code === 'engine' && error.cause instanceof EngineError ? describeError(error.cause) : undefined;
  const [reason, hint] = ingestReasonAndHint(problem, cause);
  return { where, reason, hint };
}

function describeIngestError(error: IngestError): string {
  return m.ingest_error_full(describeIngestParts(error));
}

/** What the person is told about a file that loaded with something to know. */
export function describeNotice(notice: IngestNotice): string {
  switch (notice.code) {
    case 'formatMismatch': {
      const { file, named, actual } = notice.params;
      return m.files_format_mismatch({ file, named: FORMAT_LABELS[named](), actual: FORMAT_LABELS[actual]() });
    }
    case 'decoded':
      return m.files_decoded({ file: notice.params.file, encoding: encodingLabel(notice.params.encoding) });
    case 'rejected': {
      const { file, rows, lines } = notice.params;
      return m.files_rejected({ file, rows, lines: lines.join(', ') });
    }
    case 'sheetHeader': {
      const { file, sheet, headerRow, skippedRows, renamed } = notice.params;
      const where = m.files_file_sheet({ file, sheet });
      // Each is a whole sentence; a sheet may have both things to tell.
      const sentences: string[] = [];
      if (skippedRows > 0) sentences.push(m.files_header_row({ file: where, row: headerRow, skipped: skippedRows }));
      const [first] = renamed;
      if (renamed.length === 1 && first) sentences.push(m.files_header_renamed({ file: where, column: first.column, name: first.name }));
      else if (renamed.length > 1) {
        const names = renamed.map((entry) => m.files_header_renamed_entry({ column: entry.column, name: entry.name }));
        sentences.push(m.files_headers_renamed({ file: where, count: renamed.length, names: formatList(names) }));
      }
      return sentences.join(' ');
    }
    case 'ambiguousNumbers': {
      const { file, sheet, columns } = notice.params;
      const where = sheet === undefined ? file : m.files_file_sheet({ file, sheet });
      return m.files_ambiguous_numbers({ file: where, count: columns.length, columns: formatList(columns) });
    }
    case 'jsonText': {
      const { file, columns } = notice.params;
      return m.ingest_notice_json_text({ file, count: columns.length, columns: formatList(columns) });
    }
  }
}

// --- The engine ---------------------------------------------------------------

/** What an engine error means in this offline app (shown before DuckDB's own message). */
export function describeEngineHint(hint: EngineHint): string {
  switch (hint.code) {
    case 'permission':
      return m.engine_hint_permission({ target: hint.params.target });
    case 'extension':
      return m.engine_hint_extension({ extension: hint.params.extension });
    case 'noExtensions':
      return m.engine_hint_no_extensions();
    case 'locked':
      return m.engine_hint_locked();
    case 'icu':
      return m.engine_hint_icu();
    case 'parquet':
      return m.engine_hint_parquet();
    case 'json':
      return m.engine_hint_json();
    case 'network':
      return m.engine_hint_network();
  }
}

/** Why a statement failed when its engine instance went away. */
export function describeEngineStop(stop: EngineStop): string {
  return stop.code === 'replaced' ? m.engine_replaced() : m.engine_stopped_midway({ reason: stop.params.reason });
}

function describeEngineError(error: EngineError): string {
  switch (error.kind) {
    case 'cancelled':
      return m.engine_cancelled();
    case 'start-failed':
      return m.engine_error_start_failed({ cause: messageOf(error) });
    case 'crashed':
      return describeEngineStop(error.stop ?? { code: 'stoppedMidway', params: { reason: messageOf(error) } });
    case 'sql': {
      const message = messageOf(error);
      return error.hint ? m.engine_error_with_hint({ message, hint: describeEngineHint(error.hint) }) : message;
    }
  }
}

// --- Charts -------------------------------------------------------------------

function describeChartProblem(error: ChartCompileError): string {
  const problem = error.problem;
  const channel = error.channel === 'mark' ? m.chart_mark() : CHANNEL_LABELS[error.channel]();
  switch (problem.code) {
    case 'noColumn':
      return m.chart_problem_no_column({ channel });
    case 'columnGone':
      return m.chart_problem_column_gone(problem.params);
    case 'noChannels':
      return m.chart_problem_no_channels();
    case 'aggregateNeedsNumber':
      return m.chart_problem_aggregate_needs_number({ ...problem.params, aggregate: AGGREGATE_LABELS[problem.params.aggregate]() });
    case 'binNeedsNumber':
      return m.chart_problem_bin_needs_number(problem.params);
    case 'timeUnitNeedsDate':
      return m.chart_problem_time_unit_needs_date(problem.params);
    case 'boxplotNeedsNumber':
      return m.chart_problem_boxplot_needs_number();
    case 'boxplotPanels':
      return m.chart_problem_boxplot_panels();
    case 'boxplotGrouping':
      return m.chart_problem_boxplot_grouping();
    case 'geoNoColumn':
      return m.chart_problem_geo_no_column();
    case 'geoShapesMissing':
      return m.chart_problem_geo_shapes_missing();
    case 'geoNoMatch': {
      const { field, examples, more } = problem.params;
      return m.chart_problem_geo_no_match({ field: field ?? m.chart_problem_this_column(), examples: examples.join(', ') + (more ? '…' : '') });
    }
  }
}

function describeChartSource(error: ChartSourceError): string {
  const problem = error.problem;
  switch (problem.code) {
    case 'notSingleQuery':
      return m.chart_source_not_single_query(problem.params);
    case 'noTable':
      return m.chart_source_no_table(problem.params);
    case 'noQuery':
      return m.chart_source_no_query();
    case 'blocked':
      return m.link_blocked(problem.params);
  }
}

// --- Saved workspaces -----------------------------------------------------------

function describeStoreProblem(problem: StoreProblem): string {
  switch (problem.code) {
    case 'workspaceMissing':
      return m.store_error_workspace_missing();
    case 'dataMissing':
      return m.store_error_data_missing();
    case 'chunkMissing':
      return m.store_error_chunk_missing({ part: problem.params.part, parts: problem.params.parts });
    case 'sizeMismatch':
      return m.store_error_size_mismatch({ size: formatBytes(problem.params.size), expected: formatBytes(problem.params.expected) });
    case 'conflict':
      return m.workspace_stale();
  }
}

function describeStoreError(error: StoreError): string {
  if (error.problem) return describeStoreProblem(error.problem);
  switch (error.kind) {
    case 'quota':
      return m.workspace_quota();
    case 'unavailable':
      return m.workspace_unavailable();
    case 'blocked':
      return m.workspace_blocked();
    case 'conflict':
      return m.workspace_stale();
    case 'missing':
    case 'failed':
      // A document that does not validate reaches the store's callers wrapped (toStoreError).
      if (error.cause instanceof WorkspaceFormatError) return describeError(error.cause);
      return m.store_error_failed({ cause: messageOf(error) });
  }
}

/** The field of a workspace document that is wrong, and what is wrong with it (a detail, not a sentence). */
export function describeFormatProblem(error: WorkspaceFormatError): string {
  const problem = error.problem;
  let text: string;
  switch (problem.code) {
    case 'oneOf':
      text = m.workspace_format_one_of({ allowed: problem.params.allowed.join(', ') });
      break;
    case 'tooLong':
      text = m.workspace_format_too_long(problem.params);
      break;
    case 'tooMany':
      text = m.workspace_format_too_many(problem.params);
      break;
    case 'tooDeep':
      text = m.workspace_format_too_deep(problem.params);
      break;
    case 'range':
      text = m.workspace_format_range(problem.params);
      break;
    case 'duplicateId':
      text = m.workspace_format_duplicate_id(problem.params);
      break;
    case 'duplicateTable':
      text = m.workspace_format_duplicate_table(problem.params);
      break;
    case 'newerFormat':
      text = m.workspace_format_newer_format(problem.params);
      break;
    case 'format':
      text = m.workspace_format_format(problem.params);
      break;
    case 'unknownItem':
      text = m.workspace_format_unknown_item(problem.params);
      break;
    case 'object':
      text = m.workspace_format_object();
      break;
    case 'text':
      text = m.workspace_format_text();
      break;
    case 'count':
      text = m.workspace_format_count();
      break;
    case 'list':
      text = m.workspace_format_list();
      break;
    case 'hash':
      text = m.workspace_format_hash();
      break;
    case 'empty':
      text = m.workspace_format_empty();
      break;
    case 'noQuery':
      text = m.workspace_format_no_query();
      break;
    case 'activeQuery':
      text = m.workspace_format_active_query();
      break;
    case 'missingItems':
      text = m.workspace_format_missing_items();
      break;
  }
  return m.workspace_format_at({ field: error.field, problem: text });
}

// --- Samples ----------------------------------------------------------------------

function describeSampleError(error: SampleError): string {
  const problem = error.problem;
  return problem.code === 'notBundled' ? m.samples_error_not_bundled(problem.params) : m.samples_error_unreadable(problem.params);
}
