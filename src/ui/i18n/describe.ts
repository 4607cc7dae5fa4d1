import { ChartCompileError, ChartSourceError, type Channel } from '../../lib/charts';
import { EngineError, messageOf, type EngineHint, type EngineStop } from '../../lib/engine';
import { formatBytes, formatRows, t, type MessageKey } from './messages';
import { encodingLabel, IngestError, type FileFormat, type IngestNotice, type IngestProblemCode } from '../../lib/ingest';
import { SampleError } from '../../lib/samples';
import { LinkError, WorkspaceFileError } from '../../lib/share';
import { StoreError, type StoreProblem } from '../../lib/store';
import { WorkspaceFormatError } from '../../lib/workspace';
import { DatasetBytesError } from '../core/dataset-bytes';
import { describeWorkspaceFileError } from '../workspace/file-errors';
import { describeLinkError } from '../workspace/link-errors';

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
  if (error instanceof WorkspaceFormatError) return t('workspace.format.invalid', { detail: describeFormatProblem(error) });
  if (error instanceof SampleError) return describeSampleError(error);
  if (error instanceof LinkError) return describeLinkError(error);
  if (error instanceof WorkspaceFileError) return describeWorkspaceFileError(error, context.file ?? t('file.thisFile')) ?? messageOf(error);
  if (error instanceof DatasetBytesError) return t(error.code === 'unknownSample' ? 'workspace.unknownSample' : 'link.dataAbsent', error.params);
  return messageOf(error);
}

// --- Files being loaded -----------------------------------------------------

/** The reason and what to try, for each code an IngestError may carry. */
const INGEST_KEYS: Record<IngestProblemCode, [reason: MessageKey, hint: MessageKey]> = {
  empty: ['ingest.error.empty', 'ingest.error.empty.hint'],
  binary: ['ingest.error.binary', 'ingest.error.binary.hint'],
  xls: ['ingest.error.xls', 'ingest.error.xls.hint'],
  gzip: ['ingest.error.gzip', 'ingest.error.gzip.hint'],
  feather1: ['ingest.error.feather1', 'ingest.error.feather1.hint'],
  unknown: ['ingest.error.unknown', 'ingest.error.unknown.hint'],
  tooLarge: ['ingest.error.tooLarge', 'ingest.error.tooLarge.hint'],
  csv: ['ingest.error.csv', 'ingest.error.csv.hint'],
  noRows: ['ingest.error.noRows', 'ingest.error.csv.hint'],
  json: ['ingest.error.json', 'ingest.error.json.hint'],
  jsonShape: ['ingest.error.jsonShape', 'ingest.error.jsonShape.hint'],
  jsonNoRows: ['ingest.error.jsonNoRows', 'ingest.error.jsonShape.hint'],
  parquet: ['ingest.error.parquet', 'ingest.error.parquet.hint'],
  arrow: ['ingest.error.arrow', 'ingest.error.arrow.hint'],
  arrowNoColumns: ['ingest.error.arrowNoColumns', 'ingest.error.arrowNoColumns.hint'],
  xlsx: ['ingest.error.xlsx', 'ingest.error.xlsx.hint'],
  xlsxEmpty: ['ingest.error.xlsxEmpty', 'ingest.error.xlsx.hint'],
  engine: ['ingest.error.engine', 'ingest.error.engine.hint'],
};

/** The parts of a refused file's explanation, for views that lay them out apart. */
export function describeIngestParts(error: IngestError): { where: string; reason: string; hint: string } {
  const { file, line, column, problem } = error;
  const where =
    line === undefined
      ? file
      : column === undefined
        ? t('ingest.error.where.line', { file, line })
        : t('ingest.error.where.lineColumn', { file, line, column });
  const params =
    problem.code === 'tooLarge'
      ? { size: formatBytes(problem.params.size), limit: formatBytes(problem.params.limit) }
      : // The engine's own error has words of its own (a restart, a hint).
        problem.code === 'engine' && error.cause instanceof EngineError
        ? { cause: describeError(error.cause) }
        : problem.params;
  const [reason, hint] = INGEST_KEYS[problem.code];
  return { where, reason: t(reason, params), hint: t(hint, params) };
}

function describeIngestError(error: IngestError): string {
  return t('ingest.error.full', describeIngestParts(error));
}

const FORMAT_KEYS: Record<FileFormat, MessageKey> = {
  delimited: 'files.format.delimited',
  json: 'files.format.json',
  ndjson: 'files.format.ndjson',
  parquet: 'files.format.parquet',
  arrow: 'files.format.arrow',
  xlsx: 'files.format.xlsx',
};

/** What the person is told about a file that loaded with something to know. */
export function describeNotice(notice: IngestNotice): string {
  switch (notice.code) {
    case 'formatMismatch': {
      const { file, named, actual } = notice.params;
      return t('files.formatMismatch', { file, named: t(FORMAT_KEYS[named]), actual: t(FORMAT_KEYS[actual]) });
    }
    case 'decoded':
      return t('files.decoded', { file: notice.params.file, encoding: encodingLabel(notice.params.encoding) });
    case 'rejected': {
      const { file, rows, lines } = notice.params;
      return t('files.rejected', { file, rows: formatRows(rows), lines: lines.join(', ') });
    }
    case 'headerRenamed': {
      const { file, sheet, column, name } = notice.params;
      return t('files.headerRenamed', { file: t('files.fileSheet', { file, sheet }), column, name });
    }
  }
}

// --- The engine ---------------------------------------------------------------

/** What an engine error means in this offline app (shown before DuckDB's own message). */
export function describeEngineHint(hint: EngineHint): string {
  switch (hint.code) {
    case 'permission':
      return t('engine.hint.permission', { target: hint.params.target });
    case 'extension':
      return t('engine.hint.extension', { extension: hint.params.extension });
    case 'noExtensions':
      return t('engine.hint.noExtensions');
    case 'locked':
      return t('engine.hint.locked');
    case 'icu':
      return t('engine.hint.icu');
    case 'parquet':
      return t('engine.hint.parquet');
    case 'json':
      return t('engine.hint.json');
    case 'network':
      return t('engine.hint.network');
  }
}

/** Why a statement failed when its engine instance went away. */
export function describeEngineStop(stop: EngineStop): string {
  return stop.code === 'replaced' ? t('engine.replaced') : t('engine.stoppedMidway', { reason: stop.params.reason });
}

function describeEngineError(error: EngineError): string {
  switch (error.kind) {
    case 'cancelled':
      return t('engine.cancelled');
    case 'start-failed':
      return t('engine.error.startFailed', { cause: messageOf(error) });
    case 'crashed':
      return describeEngineStop(error.stop ?? { code: 'stoppedMidway', params: { reason: messageOf(error) } });
    case 'sql': {
      const message = messageOf(error);
      return error.hint ? t('engine.error.withHint', { message, hint: describeEngineHint(error.hint) }) : message;
    }
  }
}

// --- Charts -------------------------------------------------------------------

const channelName = (channel: Channel) => t(`chart.channel.${channel}`);

function describeChartProblem(error: ChartCompileError): string {
  const problem = error.problem;
  const channel = error.channel === 'mark' ? t('chart.mark') : channelName(error.channel);
  switch (problem.code) {
    case 'noColumn':
      return t('chart.problem.noColumn', { channel });
    case 'columnGone':
      return t('chart.problem.columnGone', problem.params);
    case 'noChannels':
      return t('chart.problem.noChannels');
    case 'aggregateNeedsNumber':
      return t('chart.problem.aggregateNeedsNumber', { ...problem.params, aggregate: t(`chart.aggregate.${problem.params.aggregate}`) });
    case 'binNeedsNumber':
      return t('chart.problem.binNeedsNumber', problem.params);
    case 'timeUnitNeedsDate':
      return t('chart.problem.timeUnitNeedsDate', problem.params);
    case 'boxplotNeedsNumber':
      return t('chart.problem.boxplotNeedsNumber');
    case 'boxplotPanels':
      return t('chart.problem.boxplotPanels');
    case 'boxplotGrouping':
      return t('chart.problem.boxplotGrouping');
    case 'geoNoColumn':
      return t('chart.problem.geoNoColumn');
    case 'geoShapesMissing':
      return t('chart.problem.geoShapesMissing');
    case 'geoNoMatch': {
      const { field, examples, more } = problem.params;
      return t('chart.problem.geoNoMatch', { field: field ?? t('chart.problem.thisColumn'), examples: examples.join(', ') + (more ? '…' : '') });
    }
  }
}

function describeChartSource(error: ChartSourceError): string {
  const problem = error.problem;
  switch (problem.code) {
    case 'notSingleQuery':
      return t('chart.source.notSingleQuery', problem.params);
    case 'noTable':
      return t('chart.source.noTable', problem.params);
    case 'noQuery':
      return t('chart.source.noQuery');
    case 'blocked':
      return t('link.blocked', problem.params);
  }
}

// --- Saved workspaces -----------------------------------------------------------

function describeStoreProblem(problem: StoreProblem): string {
  switch (problem.code) {
    case 'workspaceMissing':
      return t('store.error.workspaceMissing');
    case 'dataMissing':
      return t('store.error.dataMissing');
    case 'chunkMissing':
      return t('store.error.chunkMissing', { part: problem.params.part, parts: problem.params.parts });
    case 'sizeMismatch':
      return t('store.error.sizeMismatch', { size: formatBytes(problem.params.size), expected: formatBytes(problem.params.expected) });
    case 'conflict':
      return t('workspace.stale');
  }
}

function describeStoreError(error: StoreError): string {
  if (error.problem) return describeStoreProblem(error.problem);
  switch (error.kind) {
    case 'quota':
      return t('workspace.quota');
    case 'unavailable':
      return t('workspace.unavailable');
    case 'blocked':
      return t('workspace.blocked');
    case 'conflict':
      return t('workspace.stale');
    case 'missing':
    case 'failed':
      // A document that does not validate reaches the store's callers wrapped (toStoreError).
      if (error.cause instanceof WorkspaceFormatError) return describeError(error.cause);
      return t('store.error.failed', { cause: messageOf(error) });
  }
}

/** The field of a workspace document that is wrong, and what is wrong with it (a detail, not a sentence). */
export function describeFormatProblem(error: WorkspaceFormatError): string {
  const problem = error.problem;
  let text: string;
  switch (problem.code) {
    case 'oneOf':
      text = t('workspace.format.oneOf', { allowed: problem.params.allowed.join(', ') });
      break;
    case 'tooLong':
    case 'tooMany':
    case 'tooDeep':
    case 'range':
    case 'duplicateId':
    case 'duplicateTable':
    case 'newerFormat':
    case 'format':
    case 'unknownItem':
      text = t(`workspace.format.${problem.code}`, problem.params);
      break;
    default:
      text = t(`workspace.format.${problem.code}`);
  }
  return t('workspace.format.at', { field: error.field, problem: text });
}

// --- Samples ----------------------------------------------------------------------

function describeSampleError(error: SampleError): string {
  const problem = error.problem;
  return problem.code === 'notBundled' ? t('samples.error.notBundled', problem.params) : t('samples.error.unreadable', problem.params);
}
