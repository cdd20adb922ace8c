/**
 * What each role may do: one table, read by every route.
 * @module
 */
import type { ApiRole } from "@creditclass/store";

/** An action a route performs. */
export type Action =
  | "read_enterprises"
  | "read_months"
  | "run_months"
  | "ingest"
  | "read_alerts"
  | "dispose_alerts"
  | "read_plans"
  | "draw_plans"
  | "export"
  | "manage_tokens"
  | "read_access_log"
  | "verify_history";

/**
 * The roles allowed each action: admin runs months, ingests, draws plans and manages tokens (and
 * reads what analysts read); analyst reads everything in scope; inspector reads enterprises,
 * alerts and plans in scope and records disposals; auditor reads the access log and verifies
 * the history.
 */
export const PERMISSIONS: Readonly<Record<Action, readonly ApiRole[]>> = {
  read_enterprises: ["admin", "analyst", "inspector"],
  read_months: ["admin", "analyst"],
  run_months: ["admin"],
  ingest: ["admin"],
  read_alerts: ["admin", "analyst", "inspector"],
  dispose_alerts: ["admin", "inspector"],
  read_plans: ["admin", "analyst", "inspector"],
  draw_plans: ["admin"],
  export: ["admin", "analyst"],
  manage_tokens: ["admin"],
  read_access_log: ["auditor"],
  verify_history: ["admin", "auditor"],
};

/**
 * The authenticated caller of a request.
 * @category Service
 */
export interface Principal {
  readonly tokenId: string;
  readonly role: ApiRole;
  /** GB/T 2260 prefix: the enterprises the caller sees. */
  readonly region: string;
}

/** Whether a region code lies in a principal's scope. */
export function inScope(principal: Principal, region: string): boolean {
  return region.startsWith(principal.region);
}
