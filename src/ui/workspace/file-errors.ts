import { formatBytes, formatCount, t } from '../i18n/messages';
import { WorkspaceFileError } from '../../lib/share';

/** The user-facing explanation of a refused workspace file, or undefined for other errors. */
export function describeWorkspaceFileError(error: unknown, file: string): string | undefined {
  if (!(error instanceof WorkspaceFileError)) return undefined;
  const problem = error.problem;
  switch (problem.kind) {
    case 'tooLarge':
      return t('file.error.tooLarge', { file, limit: formatBytes(problem.limit) });
    case 'notZip':
      return t('file.error.notZip', { file });
    case 'damaged':
      return t('file.error.damaged', { file, cause: problem.cause });
    case 'tooManyEntries':
      return t('file.error.tooManyEntries', { file, count: formatCount(problem.count), limit: formatCount(problem.limit) });
    case 'directoryTooLarge':
      return t('file.error.directoryTooLarge', { file, limit: formatBytes(problem.limit) });
    case 'bomb':
      return t('file.error.bomb', { file, limit: formatBytes(problem.limit) });
    case 'entrySize':
      return t('file.error.entrySize', { file, entry: problem.entry, declared: formatBytes(problem.declared) });
    case 'duplicateEntry':
      return t('file.error.duplicateEntry', { file, entry: problem.entry });
    case 'nulEntryName':
      return t('file.error.nulEntryName', { file, entry: problem.entry });
    case 'nulField':
      return t('file.error.nulField', { file, field: problem.field, value: problem.value });
    case 'manifest':
      return t('file.error.manifest', { file, cause: problem.cause });
    case 'manifestTooLarge':
      return t('file.error.manifestTooLarge', { file, limit: formatBytes(problem.limit) });
    case 'invalid':
      return t('file.error.invalid', { file, cause: problem.cause });
    case 'missingData':
      return t('file.error.missingData', { file, table: problem.table, path: problem.path });
    case 'hash':
      return t('file.error.hash', { file, table: problem.table });
  }
}
