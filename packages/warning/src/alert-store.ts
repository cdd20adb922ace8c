/**
 * Alerts in the embedded database: one row per alert in `alerts`, a month's batch replaced in one
 * transaction, the last alert day per rule and enterprise read back so cooldowns hold across
 * monthly runs; disposals in `alert_disposals`; alerts listed by month, region, rule or
 * enterprise with their state on a day.
 * @module
 */

import type { Period } from "@creditclass/core";
import { parseDayNumber, ValidationError } from "@creditclass/core";
import type { CreditDatabase } from "@creditclass/ingest";
import { inTransaction } from "@creditclass/ingest";
import type { AlertRecord, AlertStatus, Disposal, EscalationPolicy } from "./escalation.js";
import { alertStatuses } from "./escalation.js";
import type { Alert } from "./evaluate-month.js";
import type { Measure } from "./rule-schema.js";

/**
 * Creates the alert and disposal tables when absent.
 *
 * @param db - An open database.
 * @example
 * await ensureAlertTable(db);
 * @category Alerts
 */
export async function ensureAlertTable(db: CreditDatabase): Promise<void> {
  await db.run(`CREATE TABLE IF NOT EXISTS alerts (period VARCHAR, rule VARCHAR, uscc VARCHAR, day DATE, severity INTEGER, measure VARCHAR,
    evidence VARCHAR, rules_hash VARCHAR)`);
  await db.run("CREATE TABLE IF NOT EXISTS alert_disposals (alert_id VARCHAR, day DATE, recorded_by VARCHAR, action VARCHAR, resolved BOOLEAN)");
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
export async function replaceMonthAlerts(db: CreditDatabase, period: Period, alerts: readonly Alert[], rulesHash: string): Promise<void> {
  await ensureAlertTable(db);
  await db.run("CREATE OR REPLACE TEMP TABLE stage_alerts AS SELECT * FROM alerts LIMIT 0");
  const appender = await db.connection.createAppender("stage_alerts");
  try {
    for (const a of alerts) {
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
  } finally {
    appender.closeSync();
  }
  try {
    await inTransaction(db, async () => {
      await db.run("DELETE FROM alerts WHERE period = ?", [period]);
      await db.run("INSERT INTO alerts SELECT * FROM stage_alerts ORDER BY rule, uscc");
    });
  } finally {
    await db.run("DROP TABLE IF EXISTS stage_alerts");
  }
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
  await ensureAlertTable(db);
  const rows = await db.all("SELECT rule, uscc, strftime(max(day), '%Y-%m-%d') AS day FROM alerts WHERE period < ? GROUP BY rule, uscc", [period]);
  return new Map(rows.map((r) => [`${String(r.rule)}|${String(r.uscc)}`, parseDayNumber(String(r.day))] as const));
}

/** The id of a stored alert row, as SQL. */
const ID_SQL = "a.rule || '/' || a.uscc || '/' || strftime(a.day, '%Y-%m-%d')";

/**
 * A stored alert.
 * @category Disposal
 */
export interface StoredAlert extends AlertRecord {
  readonly period: Period;
  readonly severity: number;
  readonly evidence: Readonly<Record<string, number | string>>;
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
  await ensureAlertTable(db);
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
export async function recordDisposal(db: CreditDatabase, disposal: Disposal): Promise<void> {
  await ensureAlertTable(db);
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
 * Stored alerts with their state on a day: measure after escalation, open or closed, disposals.
 *
 * @param db - An open database.
 * @param asOf - `YYYY-MM-DD`.
 * @param policy - The escalation policy.
 * @param filter - Which alerts to report (repeats are judged against all of the enterprise's alerts).
 * @returns Statuses by day, rule and code.
 * @example
 * (await alertStatusesIn(db, "2026-11-30", DEFAULT_ESCALATION, { uscc })).map((s) => s.measure) //=> the enterprise's alert history
 * @category Disposal
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
  const rows = await db.all("SELECT alert_id, strftime(day, '%Y-%m-%d') AS day, recorded_by, action, resolved FROM alert_disposals ORDER BY day, rowid");
  const disposals = rows.map((r) => ({
    alertId: String(r.alert_id),
    day: String(r.day),
    by: String(r.recorded_by),
    action: String(r.action),
    resolved: r.resolved === true,
  }));
  return alertStatuses(all, disposals, asOf, policy).filter((s) => ids.has(s.alert.id));
}
