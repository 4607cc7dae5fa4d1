/**
 * The selections of one open dashboard: the saved ones (in the workspace
 * document, so undoable and shared) with the ones being made right now laid
 * over them. A brush that moves changes only the live layer, so sixty moves a
 * second do not make sixty undo steps; letting go saves it as one edit.
 */
import { clearDashboardFilters, findDashboard, setTileFilter } from '../../lib/workspace';
import type { DashboardItem, FilterClause } from '../../lib/dashboards';
import { m } from '../i18n/paraglide/messages.js';
import type { WorkspaceSession } from '../workspace/session.svelte';

export class DashboardFilters {
  /** Selections being made, by tile id; null: the tile's selection is being cleared. */
  live = $state.raw<Record<string, FilterClause | null>>({});
  /** The tile the person is brushing or clicking now (its views get indexes). */
  active = $state<string | undefined>();

  readonly #session: WorkspaceSession;
  readonly #dashboardId: string;
  /** How each chart tile takes a selection as its own brush would make it (so it does not draw itself again). */
  // Not state: nothing is drawn from it, tiles only register here.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #brushes = new Map<string, (clause: FilterClause | undefined, final: boolean) => void>();

  constructor(session: WorkspaceSession, dashboardId: string) {
    this.#session = session;
    this.#dashboardId = dashboardId;
  }

  get dashboardId(): string {
    return this.#dashboardId;
  }

  get dashboard(): DashboardItem | undefined {
    return findDashboard(this.#session.doc, this.#dashboardId);
  }

  /** Every tile's selection as it stands now: saved, with the live ones over them. */
  get filters(): Record<string, FilterClause> {
    const saved = this.dashboard?.filters ?? {};
    const merged: Record<string, FilterClause> = { ...saved };
    for (const [tileId, clause] of Object.entries(this.live)) {
      if (clause) merged[tileId] = clause;
      else delete merged[tileId];
    }
    return merged;
  }

  /**
   * A tile's selection changes. `final: false` while a brush moves (shown at
   * once, not saved); `final: true` when it settles (saved, one undo step).
   */
  select(tileId: string, clause: FilterClause | undefined, final: boolean): void {
    this.active = tileId;
    if (!final) {
      this.live = { ...this.live, [tileId]: clause ?? null };
      return;
    }
    const rest = { ...this.live };
    delete rest[tileId];
    this.live = rest;
    const dashboardId = this.#dashboardId;
    this.#session.edit(clause ? m.dashboard_undo_filter() : m.dashboard_undo_clear_filter(), (doc) => setTileFilter(doc, dashboardId, tileId, clause));
  }

  /** A chart tile's own brush or click: registered by the tile; the returned function unregisters it. */
  registerBrush(tileId: string, brush: (clause: FilterClause | undefined, final: boolean) => void): () => void {
    this.#brushes.set(tileId, brush);
    return () => {
      if (this.#brushes.get(tileId) === brush) this.#brushes.delete(tileId);
    };
  }

  /** Selects in a tile as its own brush would (the benchmark's brush moves); a tile without one just selects. */
  brush(tileId: string, clause: FilterClause | undefined, final: boolean): void {
    const brush = this.#brushes.get(tileId);
    if (brush) brush(clause, final);
    else this.select(tileId, clause, final);
  }

  clear(tileId: string): void {
    this.select(tileId, undefined, true);
  }

  clearAll(): void {
    this.live = {};
    const dashboardId = this.#dashboardId;
    this.#session.edit(m.dashboard_undo_clear_filters(), (doc) => clearDashboardFilters(doc, dashboardId));
  }
}
