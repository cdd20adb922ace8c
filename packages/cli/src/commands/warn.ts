/**
 * `creditclass warn`: the early-warning rules for a month over the database; alerts stored (so
 * cooldowns hold across monthly runs) and written to CSV.
 * @module
 */
import type { Period } from "@creditclass/core";
import { MEASURE_LABELS } from "@creditclass/core";
import { indicatorSource, warnMonth } from "@creditclass/pipeline";
import { loadProvinceColumns } from "@creditclass/store";
import { NATIONAL_RULES, parseRules, rulesHash } from "@creditclass/warning";
import type { Command } from "commander";
import { readJsonFile } from "../json-file.js";
import { parseMonth } from "../options.js";
import { writeAlerts } from "../run-output.js";
import { withDatabase } from "../with-database.js";

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
        return warnMonth(db, province, options.period, { rules, indicators: indicatorSource(province) });
      });
      await writeAlerts(options.out, alerts);
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
