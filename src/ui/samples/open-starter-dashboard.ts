/**
 * "Open the starter dashboard": the sample's table (loaded now, or the one
 * already loaded), then its charts and dashboard added as one undo step, in
 * the interface's language. App opens the dashboard whose id this returns.
 */
import { addStarterDashboard, findSample, STARTER_DASHBOARD_SAMPLE_ID, starterDashboardId, type SampleDataset, type StarterDashboardNames } from '../../lib/samples';
import type { Workspace } from '../../lib/workspace';
import { ITEM_NAMES } from '../i18n/labels';
import { interfaceLocale } from '../i18n/locale.svelte';
import { m } from '../i18n/paraglide/messages.js';

export interface StarterDashboardDeps {
  /** The loaded tables that are bundled samples, table name → sample id (Datasets.sampleTables). */
  sampleTables: () => Record<string, string>;
  /** Loads a sample; its table name, or undefined when it could not be loaded (the person was told why). */
  loadSample: (sample: SampleDataset) => Promise<string | undefined>;
  /** Records an edit as one undo step (WorkspaceSession.edit). */
  edit: (label: string, change: (doc: Workspace) => Workspace) => Workspace;
}

/** The starter dashboard's words in the interface language, read when it is made. */
export function starterDashboardNames(): StarterDashboardNames {
  return {
    locale: interfaceLocale(),
    items: ITEM_NAMES,
    dashboard: m.starter_dash_name(),
    amountsByYear: m.starter_dash_by_year(),
    amountsByAccount: m.starter_dash_by_account(),
    totalAmount: m.starter_dash_total(),
    programme: m.starter_dash_programme(),
    year: m.starter_dash_year(),
    requested: m.starter_dash_requested(),
    sources: m.starter_dash_sources(),
  };
}

/**
 * Adds the starter dashboard of `sample` (or, for another sample, of the one
 * that has it) on its table, loading the sample first unless a table of it is
 * loaded already; resolves to the new dashboard's id, or undefined when the
 * sample could not be loaded.
 */
export async function openStarterDashboard(deps: StarterDashboardDeps, sample: SampleDataset): Promise<string | undefined> {
  const target = sample.id === STARTER_DASHBOARD_SAMPLE_ID ? sample : findSample(STARTER_DASHBOARD_SAMPLE_ID);
  if (!target) return undefined;
  const loaded = Object.entries(deps.sampleTables()).find(([, id]) => id === target.id)?.[0];
  const table = loaded ?? (await deps.loadSample(target));
  if (!table) return undefined;
  const doc = deps.edit(m.starter_dash_undo(), (current) => addStarterDashboard(current, table, starterDashboardNames()));
  return starterDashboardId(doc);
}
