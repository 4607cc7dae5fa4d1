import { t, type MessageKey, type MessageParams } from '../i18n/messages';

/**
 * A file that could not be loaded, said in the user's terms: which file,
 * where in it (when that is known), what is wrong, and what to try.
 */
export class IngestError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly reason: string;
  readonly hint: string;

  constructor(
    file: string,
    reasonKey: MessageKey,
    hintKey: MessageKey,
    params: MessageParams = {},
    where: { line?: number; column?: number } = {},
  ) {
    const reason = t(reasonKey, params);
    const hint = t(hintKey, params);
    const location =
      where.line === undefined
        ? file
        : where.column === undefined
          ? t('ingest.error.where.line', { file, line: where.line })
          : t('ingest.error.where.lineColumn', { file, line: where.line, column: where.column });
    super(`${location}: ${reason} ${hint}`);
    this.name = 'IngestError';
    this.file = file;
    this.line = where.line;
    this.column = where.column;
    this.reason = reason;
    this.hint = hint;
  }
}
