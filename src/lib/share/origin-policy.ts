/**
 * The person's decisions about a workspace from a link or a file: which of
 * its statements the SQL policy lists they allowed. Applied to everything the
 * app runs for that workspace (the editor, chart sources).
 */
import type { WorkspaceOrigin } from '../workspace';
import { riskySql, type RiskySql } from './sql-policy';

/** The first statement of `sql` that the policy lists and the person did not allow; undefined when all may run. */
export function blockedStatement(origin: WorkspaceOrigin | undefined, sql: string): RiskySql | undefined {
  if (!origin) return undefined;
  return riskySql(sql).find((risk) => !origin.allowed.includes(risk.statement));
}
