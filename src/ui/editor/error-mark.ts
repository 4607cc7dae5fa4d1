import { StateEffect, StateField, type Range } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';
import { m } from '../i18n/paraglide/messages.js';

/** Sets (or with null clears) the range of SQL that DuckDB's error points at. */
export const setErrorRange = StateEffect.define<{ from: number; to: number } | null>();

/** Made when shown, so that its title is in the interface's language of the moment. */
const errorMark = () => Decoration.mark({ class: 'cm-sql-error', attributes: { title: m.editor_error_here() } });

/** Underlines the error position; any edit clears it, since the position no longer applies. */
export const errorField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, transaction) {
    if (transaction.docChanged) return Decoration.none;
    for (const effect of transaction.effects) {
      if (effect.is(setErrorRange)) {
        if (!effect.value) return Decoration.none;
        const ranges: Range<Decoration>[] = [errorMark().range(effect.value.from, effect.value.to)];
        return Decoration.set(ranges);
      }
    }
    return marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** The word starting at offset (at least one character), to underline. */
export function tokenRangeAt(text: string, offset: number): { from: number; to: number } {
  const from = Math.max(0, Math.min(offset, text.length - 1));
  const match = /^[\w$."']+/.exec(text.slice(from));
  return { from, to: Math.min(text.length, from + Math.max(1, match?.[0].length ?? 1)) };
}
