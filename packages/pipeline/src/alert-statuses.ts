/**
 * Stored alerts judged on a day: the escalation engine of `@creditclass/warning` over the
 * alerts and disposals the store keeps.
 * @module
 */

import type { AlertFilter, CreditDatabase, StoredAlert } from "@creditclass/store";
import { readAlerts, readDisposals } from "@creditclass/store";
import type { AlertStatus, EscalationPolicy } from "@creditclass/warning";
import { alertStatuses } from "@creditclass/warning";

/**
 * Stored alerts with their state on a day: measure after escalation, open or closed, disposals.
 *
 * @param db - An open database.
 * @param asOf - `YYYY-MM-DD`.
 * @param policy - The escalation policy.
 * @param filter - Which alerts to report (repeats are judged against all of the enterprise's alerts).
 * @returns Statuses by day, rule and code.
 * @example
 * (await alertStatusesIn(db, "2026-11-30", DEFAULT_ESCALATION, { uscc })).map((s) => s.measure) //=> the enterprise's alert history
 * @category Alerts
 */
export async function alertStatusesIn(
  db: CreditDatabase,
  asOf: string,
  policy: EscalationPolicy,
  filter: AlertFilter = {},
): Promise<AlertStatus<StoredAlert>[]> {
  const wanted = await readAlerts(db, filter);
  const codes = new Set(wanted.map((a) => a.uscc));
  const ids = new Set(wanted.map((a) => a.id));
  // Repeats look at every earlier alert of the same enterprises, whatever the filter.
  const all = filter.period === undefined && filter.rule === undefined ? wanted : (await readAlerts(db)).filter((a) => codes.has(a.uscc));
  const disposals = await readDisposals(db);
  return alertStatuses(all, disposals, asOf, policy).filter((s) => ids.has(s.alert.id));
}
