/**
 * `creditclass warn`: the early-warning rules for a month over the database; alerts stored (so
 * cooldowns hold across monthly runs) and written to CSV.
 * @module
 */
import type { Period } from "@creditclass/core";
import { addPeriods } from "@creditclass/core";
import { loadProvinceColumns, writeCsvFile } from "@creditclass/ingest";
import { storedClasses } from "@creditclass/scoring";
import { evaluateMonth, lastAlertDays, MEASURE_LABELS, NATIONAL_RULES, parseRules, replaceMonthAlerts, rulesHash } from "@creditclass/warning";
import type { Command } from "commander";
import { readJsonFile } from "../json-file.js";
import { parseMonth } from "../options.js";
import { withDatabase } from "../with-database.js";

/** Columns of the alerts CSV. */
const ALERT_COLUMNS = ["rule", "name_zh", "name_en", "severity", "measure", "measure_zh", "uscc", "period", "day", "evidence"] as const;

/**
 * Registers the command.
 *
 * @param program - The root command.
 * @example
 * registerWarn(program);
 */
export function registerWarn(program: Command): void {
  program
    .command("warn")
    .description("evaluate the early-warning rules for a month: alerts with graded measures, stored for cooldowns (风险预警)")
    .requiredOption("--db <file>", "ingested DuckDB database (classified months enable the class-transition rules)")
    .requiredOption("--period <YYYY-MM>", "the month; evaluated as of its last day", parseMonth)
    .option("--rules <file.json>", "rule set (default: the national rules)")
    .requiredOption("--out <alerts.csv>", "alerts to write")
    .action(async (options: { db: string; period: Period; rules?: string; out: string }) => {
      const rules = options.rules === undefined ? NATIONAL_RULES : parseRules(readJsonFile(options.rules));
      const started = performance.now();
      const { alerts, withClasses } = await withDatabase(options.db, async (db) => {
        const province = await loadProvinceColumns(db);
        const current = await storedClasses(db, options.period);
        const previous = await storedClasses(db, addPeriods(options.period, -1));
        const classes = current.size > 0 && previous.size > 0 ? { previous, current } : undefined;
        // Cooldowns hold across runs: earlier months' alerts are read back, this month's replaced.
        const lastAlerts = await lastAlertDays(db, options.period);
        // Register tags (a snapshot, as stored now) for rules scoped by tag.
        const tagged = await db.all("SELECT uscc, tags FROM enterprises WHERE coalesce(tags, '') <> ''");
        const tags = new Map(
          tagged.map(
            (r) =>
              [
                String(r.uscc),
                String(r.tags)
                  .split(";")
                  .filter((t) => t !== ""),
              ] as const,
          ),
        );
        const found = evaluateMonth(province, options.period, rules, { lastAlerts, tags, ...(classes === undefined ? {} : { classes }) });
        await replaceMonthAlerts(db, options.period, found, rulesHash(rules));
        return { alerts: found, withClasses: classes !== undefined };
      });
      await writeCsvFile(
        options.out,
        ALERT_COLUMNS,
        alerts.map((a) => [
          a.ruleId,
          a.name.zh,
          a.name.en,
          a.severity,
          a.measure,
          MEASURE_LABELS[a.measure].zh,
          a.uscc,
          a.period,
          a.day,
          JSON.stringify(a.evidence),
        ]),
      );
      const byRule = new Map<string, number>();
      for (const a of alerts) byRule.set(a.ruleId, (byRule.get(a.ruleId) ?? 0) + 1);
      console.log(
        `${options.period}: ${alerts.length} alerts (${((performance.now() - started) / 1000).toFixed(1)} s), rules ${rules.id} ${rulesHash(rules).slice(0, 12)}…`,
      );
      for (const rule of rules.rules)
        console.log(`  ${rule.id.padEnd(24)} ${MEASURE_LABELS[rule.measure].zh} ${rule.measure.padEnd(10)} ${byRule.get(rule.id) ?? 0}`);
      if (!withClasses)
        console.log("  (no stored classes for this and the previous month: class-transition rules raised nothing; run creditclass classify first)");
      console.log(`alerts → ${options.out}`);
    });
}
