/**
 * Alerts in the embedded database: one row per alert in `alerts`, a month's batch replaced in one
 * transaction, and the last alert day per rule and enterprise read back so cooldowns hold across
 * monthly runs.
 * @module
 */

import type { Period } from "@creditclass/core";
import { parseDayNumber } from "@creditclass/core";
import type { CreditDatabase } from "@creditclass/ingest";
import { inTransaction } from "@creditclass/ingest";
import type { Alert } from "./evaluate-month.js";

/**
 * Creates the alerts table when absent.
 *
 * @param db - An open database.
 * @example
 * await ensureAlertTable(db);
 * @category Alerts
 */
export async function ensureAlertTable(db: CreditDatabase): Promise<void> {
  await db.run(`CREATE TABLE IF NOT EXISTS alerts (period VARCHAR, rule VARCHAR, uscc VARCHAR, day DATE, severity INTEGER, measure VARCHAR,
    evidence VARCHAR, rules_hash VARCHAR)`);
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
