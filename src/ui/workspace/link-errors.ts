import { m } from '../i18n/paraglide/messages.js';
import { LinkError } from '../../lib/share';

/** What went wrong with a shared link, and what to do. */
export function describeLinkError(error: unknown): string {
  if (!(error instanceof LinkError)) return m.link_error_other({ cause: error instanceof Error ? error.message : String(error) });
  const problem = error.problem;
  switch (problem.kind) {
    case 'empty':
    case 'malformed':
    case 'checksum':
      return m.link_error_damaged();
    case 'tooLong':
    case 'tooLarge':
      return m.link_error_too_large();
    case 'version':
      return m.link_error_version({ version: problem.version });
    case 'corrupt':
      return m.link_error_corrupt({ cause: problem.cause });
    case 'invalid':
      return m.link_error_invalid({ cause: problem.cause });
  }
}
