import { t } from '../i18n/messages';
import { LinkError } from '../../lib/share';

/** What went wrong with a shared link, and what to do. */
export function describeLinkError(error: unknown): string {
  if (!(error instanceof LinkError)) return t('link.error.other', { cause: error instanceof Error ? error.message : String(error) });
  const problem = error.problem;
  switch (problem.kind) {
    case 'empty':
    case 'malformed':
    case 'checksum':
      return t('link.error.damaged');
    case 'tooLong':
    case 'tooLarge':
      return t('link.error.tooLarge');
    case 'version':
      return t('link.error.version', { version: problem.version });
    case 'corrupt':
      return t('link.error.corrupt', { cause: problem.cause });
    case 'invalid':
      return t('link.error.invalid', { cause: problem.cause });
  }
}
