import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';

/**
 * SQL colours that follow the light or dark theme: each token kind takes a
 * --code-* colour from theme.css, chosen there to reach 4.5:1 on the
 * editor's background in both themes. (CodeMirror's default colours are
 * fixed and made for a white page: purple keywords on a dark editor were
 * unreadable.) basicSetup gives that default as a fallback, so this one wins.
 */
const themedSql = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--code-keyword)' },
  { tag: [tags.typeName, tags.standard(tags.name)], color: 'var(--code-type)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--code-string)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--code-number)' },
  { tag: [tags.lineComment, tags.blockComment, tags.comment], color: 'var(--code-comment)', fontStyle: 'italic' },
  { tag: tags.special(tags.name), color: 'var(--code-type)' },
  { tag: tags.invalid, color: 'var(--danger)' },
]);

export const themedSqlHighlighting = syntaxHighlighting(themedSql);
