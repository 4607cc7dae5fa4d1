import { formatBytes, t } from '../../lib/i18n/messages';
import { MAX_EXPANDED_BYTES, MAX_WORKSPACE_FILE_BYTES, WorkspaceFileError } from '../../lib/share';

/** The user-facing explanation of a refused workspace file, or undefined for other errors. */
export function describeWorkspaceFileError(error: unknown, file: string): string | undefined {
  if (!(error instanceof WorkspaceFileError)) return undefined;
  const problem = error.problem;
  switch (problem.kind) {
    case 'tooLarge':
      return t('file.error.tooLarge', { file, limit: formatBytes(MAX_WORKSPACE_FILE_BYTES) });
    case 'notZip':
      return t('file.error.notZip', { file });
    case 'bomb':
      return t('file.error.bomb', { file, limit: formatBytes(MAX_EXPANDED_BYTES) });
    case 'manifest':
      return t('file.error.manifest', { file, cause: problem.cause });
    case 'invalid':
      return t('file.error.invalid', { file, cause: problem.cause });
    case 'missingData':
      return t('file.error.missingData', { file, table: problem.table, path: problem.path });
    case 'hash':
      return t('file.error.hash', { file, table: problem.table });
  }
}
