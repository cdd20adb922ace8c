/**
 * Alerts in the embedded database: one row per alert in `alerts`, a month's batch replaced in one
 * transaction, the last alert day per rule and enterprise read back so cooldowns hold across
 * monthly runs; disposals in `alert_disposals`; alerts listed by month, region, rule or
 * enterprise with their state on a day.
 * @module
 */

import type { Measure, Period } from "@creditclass/core";
import { parseDayNumber, ValidationError } from "@creditclass/core";
import type { CreditDatabase } from "../database/open-database.js";
import { inTransaction } from "../database/open-database.js";
import { appendSeal } from "../history/seal-month.js";

/**
 * An alert as the store keeps it: what the early-warning engines raise, as plain values.
 *
 * @example
 * const row: AlertRow = { ruleId: "complaint_surge", uscc: "91330100716105852F", day: "2026-10-31", severity: 2, measure: "warning", evidence: { complaints: 6 } };
 * @category Alerts
 */
export interface AlertRow {
  readonly ruleId: string;
  readonly uscc: string;
  /** `YYYY-MM-DD`. */
  readonly day: string;
  readonly severity: number;
  readonly measure: Measure;
  readonly evidence: Readonly<Record<string, number | string>>;
}

/**
 * A disposal of a stored alert: who did what on which day, and whether it closes the alert.
 *
 * @example
 * const d: DisposalRow = { alertId: "annual_report_overdue/9133…/2026-10-31", day: "2026-11-05", by: "张三", action: "reminder sent", resolved: false };
 * @category Disposal
 */
export interface DisposalRow {
  readonly alertId: string;
  /** `YYYY-MM-DD`. */
  readonly day: string;
  readonly by: string;
  readonly action: string;
  readonly resolved: boolean;
}

/**
 * Replaces a month's batch alerts atomically.
 *
 * @param db - An open database.
 * @param period - The month.
 * @param alerts - Its alerts.
 * @param rulesHash - The rule set's hash, stored with each row.
 * @example
 * await replaceMonthAlerts(db, p("2026-10"), alerts, rulesHash(rules));
 * @category Alerts
 */
export async function replaceMonthAlerts(db: CreditDatabase, period: Period, alerts: readonly AlertRow[], rulesHash: string): Promise<void> {
  const byKey = (x: AlertRow, y: AlertRow): number =>
    x.ruleId < y.ruleId ? -1 : x.ruleId > y.ruleId ? 1 : x.uscc < y.uscc ? -1 : x.uscc > y.uscc ? 1 : x.day < y.day ? -1 : x.day > y.day ? 1 : 0;
  // Appended straight into the table inside the transaction, in (rule, code, day) order: no staging copy.
  await inTransaction(db, async () => {
    await db.run("DELETE FROM alerts WHERE period = ?", [period]);
    const appender = await db.connection.createAppender("alerts");
    let failed = true;
    try {
      for (const a of [...alerts].sort(byKey)) {
        appender.appendVarchar(period);
        appender.appendVarchar(a.ruleId);
        appender.appendVarchar(a.uscc);
        appender.appendVarchar(a.day);
        appender.appendInteger(a.severity);
        appender.appendVarchar(a.measure);
        appender.appendVarchar(JSON.stringify(a.evidence));
        appender.appendVarchar(rulesHash);
        appender.endRow();
      }
      failed = false;
    } finally {
      if (failed) appender.clear();
      appender.closeSync();
    }
    await appendSeal(db, period, ["alerts"]);
  });
}

/**
 * The day of the last stored alert per rule and enterprise, from months before `period`.
 *
 * @param db - An open database.
 * @param period - Alerts of this month and later are not read (a re-run replaces them).
 * @returns `ruleId|uscc` → day number, for `evaluateMonth`'s `lastAlerts`.
 * @example
 * (await lastAlertDays(db, p("2026-11"))).get("annual_report_overdue|9133…") //=> 20_757
 * @category Alerts
 */
export async function lastAlertDays(db: CreditDatabase, period: Period): Promise<Map<string, number>> {
  const rows = await db.all("SELECT rule, uscc, strftime(max(day), '%Y-%m-%d') AS day FROM alerts WHERE period < ? GROUP BY rule, uscc", [period]);
  return new Map(rows.map((r) => [`${String(r.rule)}|${String(r.uscc)}`, parseDayNumber(String(r.day))] as const));
}

/** The id of a stored alert row, as SQL. */
const ID_SQL = "a.rule || '/' || a.uscc || '/' || strftime(a.day, '%Y-%m-%d')";

/**
 * A stored alert.
 * @category Disposal
 */
export interface StoredAlert extends AlertRow {
  /** `rule/uscc/day`. */
  readonly id: string;
  readonly period: Period;
}

/**
 * Which stored alerts to read (every given field must match).
 * @category Disposal
 */
export interface AlertFilter {
  readonly period?: Period;
  /** A region code prefix (the enterprise's registered region). */
  readonly region?: string;
  readonly rule?: string;
  readonly uscc?: string;
}

/**
 * Reads stored alerts.
 *
 * @param db - An open database.
 * @param filter - Month, region prefix, rule, enterprise.
 * @returns Alerts by day, rule and code.
 * @example
 * await readAlerts(db, { period: p("2026-10"), region: "3301" })
 * @category Disposal
 */
export async function readAlerts(db: CreditDatabase, filter: AlertFilter = {}): Promise<StoredAlert[]> {
  const where: string[] = [];
  const params: string[] = [];
  const add = (sql: string, value: string | undefined): void => {
    if (value === undefined) return;
    where.push(sql);
    params.push(value);
  };
  add("a.period = ?", filter.period);
  add("a.rule = ?", filter.rule);
  add("a.uscc = ?", filter.uscc);
  add("starts_with(e.region, ?)", filter.region);
  const rows = await db.all(
    `SELECT ${ID_SQL} AS id, a.rule, a.uscc, a.period, strftime(a.day, '%Y-%m-%d') AS day, a.severity, a.measure, a.evidence
     FROM alerts a LEFT JOIN enterprises e ON e.uscc = a.uscc ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
     ORDER BY a.day, a.rule, a.uscc`,
    params,
  );
  return rows.map((r) => ({
    id: String(r.id),
    ruleId: String(r.rule),
    uscc: String(r.uscc),
    period: String(r.period) as Period,
    day: String(r.day),
    severity: Number(r.severity),
    measure: String(r.measure) as Measure,
    evidence: JSON.parse(String(r.evidence)) as Record<string, number | string>,
  }));
}

/**
 * Records a disposal of a stored alert.
 *
 * @param db - An open database.
 * @param disposal - Who did what on which day, and whether it closes the alert.
 * @throws {ValidationError} `unknown_alert` when no stored alert has the id; `invalid_date` for a day that is not a calendar date or before the alert.
 * @example
 * await recordDisposal(db, { alertId: "annual_report_overdue/9133…/2026-10-31", day: "2026-11-05", by: "张三", action: "reminder sent", resolved: false });
 * @category Disposal
 */
export async function recordDisposal(db: CreditDatabase, disposal: DisposalRow): Promise<void> {
  const [alert] = await db.all(`SELECT strftime(a.day, '%Y-%m-%d') AS day FROM alerts a WHERE ${ID_SQL} = ?`, [disposal.alertId]);
  if (alert === undefined) {
    throw new ValidationError([
      {
        code: "unknown_alert",
        field: "alertId",
        value: disposal.alertId,
        expected: "the id of a stored alert (rule/uscc/day)",
        message: `no stored alert ${disposal.alertId}`,
      },
    ]);
  }
  const day = parseDayNumber(disposal.day);
  if (Number.isNaN(day) || day < parseDayNumber(String(alert.day))) {
    throw new ValidationError([
      {
        code: "invalid_date",
        field: "day",
        value: disposal.day,
        expected: `a calendar date on or after the alert's day ${String(alert.day)}`,
        message: `disposal day ${disposal.day} is not a calendar date on or after ${String(alert.day)}`,
      },
    ]);
  }
  await db.run("INSERT INTO alert_disposals VALUES (?, ?::DATE, ?, ?, ?)", [disposal.alertId, disposal.day, disposal.by, disposal.action, disposal.resolved]);
}

/**
 * Every recorded disposal, by day and then in the order recorded.
 *
 * @param db - An open database.
 * @returns The disposals.
 * @example
 * (await readDisposals(db)).filter((d) => d.resolved).length //=> 12
 * @category Disposal
 */
export async function readDisposals(db: CreditDatabase): Promise<DisposalRow[]> {
  const rows = await db.all("SELECT alert_id, strftime(day, '%Y-%m-%d') AS day, recorded_by, action, resolved FROM alert_disposals ORDER BY day, rowid");
  return rows.map((r) => ({
    alertId: String(r.alert_id),
    day: String(r.day),
    by: String(r.recorded_by),
    action: String(r.action),
    resolved: r.resolved === true,
  }));
}
