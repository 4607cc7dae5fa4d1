import type { LoadSubset } from '../../lib/ingest';
import { m } from '../i18n/paraglide/messages.js';
import { formatPercent } from '../i18n/format';

/** "4 columns · 10% sample": what part of its file a table holds. */
export function partWords(part: LoadSubset): string {
  const words: string[] = [];
  if (part.columns?.length) words.push(m.datasets_part_columns({ count: part.columns.length }));
  if (part.samplePercent !== undefined) words.push(m.datasets_part_sample({ share: formatPercent(part.samplePercent) }));
  return words.join(' · ');
}
