/**
 * `creditclass alerts list|dispose`: stored alerts by month, region, rule or enterprise with
 * their state on a day (measure after escalation, open or closed, disposals), and recording what
 * was done about one (处置).
 * @module
 */
import type { Period } from "@creditclass/core";
import { MEASURE_LABELS, parseDayNumber } from "@creditclass/core";
import { writeCsvFile } from "@creditclass/ingest";
import { alertStatusesIn } from "@creditclass/pipeline";
import type { AlertFilter } from "@creditclass/store";
import { recordDisposal } from "@creditclass/store";
import type { EscalationPolicy } from "@creditclass/warning";
import { DEFAULT_ESCALATION, parseEscalationPolicy } from "@creditclass/warning";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { readJsonFile } from "../json-file.js";
import { parseMonth } from "../options.js";
import { withDatabase } from "../with-database.js";

/** Columns of the alert list. */
const LIST_COLUMNS = [
  "id",
  "rule",
  "uscc",
  "period",
  "day",
  "rule_measure",
  "measure",
  "measure_zh",
  "open",
  "closed_on",
  "escalations",
  "disposals",
  "evidence",
] as const;

/**
 * Parses a calendar date option.
 *
 * @param text - `YYYY-MM-DD`.
 * @returns The same text.
 * @throws {InvalidArgumentError} If it is not a calendar date.
 * @example
 * parseDate("2026-11-30") //=> "2026-11-30"
 */
export function parseDate(text: string): string {
  if (Number.isNaN(parseDayNumber(text))) throw new InvalidArgumentError(`expected a calendar date YYYY-MM-DD, got ${JSON.stringify(text)}`);
  return text;
}

/**
 * The escalation policy of `--policy`, or the default.
 *
 * @param path - A JSON file, or undefined.
 * @returns The policy.
 * @example
 * escalationPolicy(undefined) //=> DEFAULT_ESCALATION
 */
export function escalationPolicy(path: string | undefined): EscalationPolicy {
  return path === undefined ? DEFAULT_ESCALATION : parseEscalationPolicy(readJsonFile(path));
}

/**
 * Registers the command and its subcommands.
 *
 * @param program - The root command.
 * @example
 * registerAlerts(program);
 */
export function registerAlerts(program: Command): void {
  const alerts = program.command("alerts").description("stored alerts: list them with their escalated measure, record disposals (预警处置)");
  alerts
    .command("list")
    .description("alerts by month, region, rule or enterprise, with their state on a day")
    .requiredOption("--db <file>", "database with stored alerts (creditclass warn)")
    .requiredOption("--as-of <YYYY-MM-DD>", "the day the state is judged on", parseDate)
    .option("--period <YYYY-MM>", "alerts of this month", parseMonth)
    .option("--region <code>", "enterprises registered in this region (code prefix)")
    .option("--rule <id>", "alerts of this rule")
    .option("--uscc <code>", "one enterprise's alert history")
    .option("--open", "only open alerts")
    .option("--policy <file.json>", "escalation policy: { afterDays: { reminder, warning, interview }, repeatWithinDays }")
    .option("--out <alerts.csv>", "write the list as CSV")
    .action(
      async (options: {
        db: string;
        asOf: string;
        period?: Period;
        region?: string;
        rule?: string;
        uscc?: string;
        open?: boolean;
        policy?: string;
        out?: string;
      }) => {
        const policy = escalationPolicy(options.policy);
        const filter: AlertFilter = {
          ...(options.period === undefined ? {} : { period: options.period }),
          ...(options.region === undefined ? {} : { region: options.region }),
          ...(options.rule === undefined ? {} : { rule: options.rule }),
          ...(options.uscc === undefined ? {} : { uscc: options.uscc }),
        };
        const statuses = (await withDatabase(options.db, (db) => alertStatusesIn(db, options.asOf, policy, filter))).filter(
          (s) => options.open !== true || s.open,
        );
        const byMeasure = new Map<string, number>();
        for (const s of statuses) if (s.open) byMeasure.set(s.measure, (byMeasure.get(s.measure) ?? 0) + 1);
        console.log(
          `${statuses.length} alerts as of ${options.asOf}; open by measure: ${
            [...byMeasure].map(([m, n]) => `${MEASURE_LABELS[m as keyof typeof MEASURE_LABELS].zh} ${m} ${n}`).join(", ") || "none"
          }`,
        );
        if (options.out !== undefined) {
          await writeCsvFile(
            options.out,
            LIST_COLUMNS,
            statuses.map((s) => [
              s.alert.id,
              s.alert.ruleId,
              s.alert.uscc,
              s.alert.period,
              s.alert.day,
              s.alert.measure,
              s.measure,
              MEASURE_LABELS[s.measure].zh,
              s.open ? "yes" : "no",
              s.closedOn ?? "",
              s.escalations.map((e) => `${e.day} ${e.measure}`).join("; "),
              s.disposals.map((d) => `${d.day} ${d.by}: ${d.action}${d.resolved ? " (resolved)" : ""}`).join("; "),
              JSON.stringify(s.alert.evidence),
            ]),
          );
          console.log(`alerts → ${options.out}`);
        } else {
          for (const s of statuses.slice(0, 50)) console.log(`  ${s.alert.id.padEnd(58)} ${s.measure.padEnd(10)} ${s.open ? "open" : `closed ${s.closedOn}`}`);
          if (statuses.length > 50) console.log(`  … ${statuses.length - 50} more (use --out)`);
        }
      },
    );
  alerts
    .command("dispose")
    .description("record what was done about an alert; --resolved closes it")
    .requiredOption("--db <file>", "database with stored alerts")
    .requiredOption("--id <alert>", "the alert's id: rule/uscc/day")
    .requiredOption("--date <YYYY-MM-DD>", "when it was done", parseDate)
    .requiredOption("--by <name>", "who did it")
    .requiredOption("--action <text>", "what was done")
    .option("--resolved", "the alert is closed")
    .action(async (options: { db: string; id: string; date: string; by: string; action: string; resolved?: boolean }) => {
      await withDatabase(options.db, (db) =>
        recordDisposal(db, { alertId: options.id, day: options.date, by: options.by, action: options.action, resolved: options.resolved === true }),
      );
      console.log(`${options.id}: ${options.action} (${options.resolved === true ? "resolved" : "still open"})`);
    });
}
