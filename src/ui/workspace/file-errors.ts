import { m } from '../i18n/paraglide/messages.js';
import { formatBytes } from '../i18n/format';
import { WorkspaceFileError } from '../../lib/share';

/** The user-facing explanation of a refused workspace file, or undefined for other errors. */
export function describeWorkspaceFileError(error: unknown, file: string): string | undefined {
  if (!(error instanceof WorkspaceFileError)) return undefined;
  const problem = error.problem;
  switch (problem.kind) {
    case 'tooLarge':
      return m.file_error_too_large({ file, limit: formatBytes(problem.limit) });
    case 'notZip':
      return m.file_error_not_zip({ file });
    case 'damaged':
      return m.file_error_damaged({ file, cause: problem.cause });
    case 'tooManyEntries':
      return m.file_error_too_many_entries({ file, count: problem.count, limit: problem.limit });
    case 'directoryTooLarge':
      return m.file_error_directory_too_large({ file, limit: formatBytes(problem.limit) });
    case 'bomb':
      return m.file_error_bomb({ file, limit: formatBytes(problem.limit) });
    case 'entrySize':
      return m.file_error_entry_size({ file, entry: problem.entry, declared: formatBytes(problem.declared) });
    case 'duplicateEntry':
      return m.file_error_duplicate_entry({ file, entry: problem.entry });
    case 'nulEntryName':
      return m.file_error_nul_entry_name({ file, entry: problem.entry });
    case 'nulField':
      return m.file_error_nul_field({ file, field: problem.field, value: problem.value });
    case 'manifest':
      return m.file_error_manifest({ file, cause: problem.cause });
    case 'manifestTooLarge':
      return m.file_error_manifest_too_large({ file, limit: formatBytes(problem.limit) });
    case 'invalid':
      return m.file_error_invalid({ file, cause: problem.cause });
    case 'missingData':
      return m.file_error_missing_data({ file, table: problem.table, path: problem.path });
    case 'hash':
      return m.file_error_hash({ file, table: problem.table });
  }
}
