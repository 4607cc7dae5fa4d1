import type { MessageKey } from '../i18n/messages';

export interface TourStep {
  /** The element the step points at: [data-tour="…"]. */
  target: string;
  title: MessageKey;
  body: MessageKey;
}

export const TOUR_STEPS: TourStep[] = [
  { target: 'open', title: 'tour.open.title', body: 'tour.open.body' },
  { target: 'samples', title: 'tour.samples.title', body: 'tour.samples.body' },
  { target: 'datasets', title: 'tour.datasets.title', body: 'tour.datasets.body' },
  { target: 'editor', title: 'tour.editor.title', body: 'tour.editor.body' },
  { target: 'results', title: 'tour.results.title', body: 'tour.results.body' },
];
