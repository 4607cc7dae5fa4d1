import { m } from '../i18n/paraglide/messages.js';

export interface TourStep {
  /** The element the step points at: [data-tour="…"]. */
  target: string;
  title: () => string;
  body: () => string;
}

export const TOUR_STEPS: TourStep[] = [
  { target: 'open', title: m.tour_open_title, body: m.tour_open_body },
  { target: 'samples', title: m.tour_samples_title, body: m.tour_samples_body },
  { target: 'datasets', title: m.tour_datasets_title, body: m.tour_datasets_body },
  { target: 'editor', title: m.tour_editor_title, body: m.tour_editor_body },
  { target: 'results', title: m.tour_results_title, body: m.tour_results_body },
];
