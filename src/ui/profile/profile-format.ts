import type { ColumnProfile, HistogramBin } from '../../lib/profile';
import { formatCount } from '../i18n/messages';

const compact = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });

/** A histogram bound in the column's own terms: a date for dates, a short number otherwise. */
export function formatBound(profile: ColumnProfile, value: number): string {
  if (profile.kind === 'temporal') {
    const iso = new Date(value * 1000).toISOString();
    return profile.type === 'DATE' ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
  }
  return compact.format(value);
}

export function formatShare(share: number): string {
  if (share === 0) return '0%';
  if (share < 0.001) return '<0.1%';
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}

export function formatMean(value: number | undefined): string {
  return value === undefined ? '' : compact.format(value);
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
  return `≈${numeric ? compact.format(Number(profile.median)) : profile.median}`;
}
