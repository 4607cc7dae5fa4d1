import type { ColumnProfile, HistogramBin } from '../../lib/profile';
import { formatCompact, formatCount, formatDate } from '../i18n/format';

export { formatShare } from '../i18n/format';

/** A histogram bound in the column's own terms: a date for dates, a short number otherwise. */
export function formatBound(profile: ColumnProfile, value: number): string {
  if (profile.kind === 'temporal') return formatDate(new Date(value * 1000), { time: profile.type !== 'DATE' });
  return formatCompact(value);
}

export function formatMean(value: number | undefined): string {
  return value === undefined ? '' : formatCompact(value);
}

/** Bar heights relative to the tallest bar, 0..1. */
export function relativeHeights(bins: HistogramBin[]): number[] {
  const max = Math.max(1, ...bins.map((bin) => bin.count));
  return bins.map((bin) => bin.count / max);
}

export function formatDistinct(profile: ColumnProfile): string {
  if (profile.distinct === undefined) return '';
  return `${profile.distinctApproximate ? '≈' : ''}${formatCount(profile.distinct)}`;
}

/** An exact median as DuckDB wrote it; an estimated one marked ≈ and, for numbers, rounded like the mean. */
export function formatMedian(profile: ColumnProfile): string {
  if (profile.median === undefined) return '';
  if (!profile.medianApproximate) return profile.median;
  const numeric = profile.kind === 'number' || profile.kind === 'float';
  return `≈${numeric ? formatCompact(Number(profile.median)) : profile.median}`;
}
