/**
 * Words for what keeps a dashboard selection or tile from showing: the codes
 * of lib/dashboards and of the tile loaders, in the person's language.
 */
import type { DashboardFilterProblem } from '../../lib/dashboards';
import type { TileProblem } from '../dashboards/tile-data';
import { m } from './paraglide/messages.js';
import { formatCount } from './format';

export function describeFilterProblem(problem: DashboardFilterProblem): string {
  switch (problem.code) {
    case 'badClause':
      return m.dashboard_problem_bad_clause();
    case 'tableGone':
      return m.dashboard_problem_table_gone({ table: problem.params.table });
    case 'columnGone':
      return m.dashboard_problem_column_gone({ table: problem.params.table, field: problem.params.field });
    case 'badValue':
      return m.dashboard_problem_bad_value({ field: problem.params.field, value: problem.params.value });
    case 'tooManyValues':
      return m.dashboard_problem_too_many({ field: problem.params.field, count: formatCount(problem.params.count), limit: formatCount(problem.params.limit) });
    case 'wrongType':
      return m.dashboard_problem_wrong_type({ field: problem.params.field, type: problem.params.type });
    case 'linkColumnGone':
      return m.dashboard_problem_link_column_gone({ table: problem.params.table, field: problem.params.field });
  }
}

export function describeTileProblem(problem: TileProblem): string {
  switch (problem.code) {
    case 'chartGone':
      return m.dashboard_tile_chart_gone();
    case 'tableGone':
      return m.dashboard_problem_table_gone({ table: problem.table });
    case 'columnGone':
      return m.dashboard_problem_column_gone({ table: problem.table, field: problem.field });
  }
}
