/**
 * `creditclass demo`: the main job on generated data — generate a province, ingest it, report
 * data quality, classify the last two months (stored, with history) and print a summary.
 * @module
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Period } from "@creditclass/core";
import { addPeriods, RISK_CLASSES } from "@creditclass/core";
import { loadProvinceColumns, openDatabase, writeFrameCsv } from "@creditclass/ingest";
import { classifyMonth, DEFAULT_MODEL_SET, monthReport } from "@creditclass/scoring";
import type { Command } from "commander";
import { defaultEnd, parseCount, parseMonth } from "../options.js";
import { chartJsSource, renderReportHtml } from "../report-html.js";
import { formatIngestSummary, formatQuality } from "../report-output.js";
import { formatMonthResult, writeClassTable } from "./classify.js";
import { runGenerate } from "./generate.js";
import { runIngest } from "./ingest.js";

/** Options of the demo command. */
interface DemoOptions {
  readonly enterprises: number;
  readonly seed: string;
  readonly out: string;
  readonly end?: Period;
}

/**
 * Registers the command.
 *
 * @param program - The root command.
 * @example
 * registerDemo(program);
 */
export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description("the main job on generated data: generate, ingest, data quality, indicators, monthly classification (演示)")
    .option("--enterprises <n>", "number of enterprises (100k, 1m accepted)", parseCount, 100_000)
    .option("--seed <text>", "seed", "1")
    .option("--out <dir>", "output folder (replaced)", "out/demo")
    .option("--end <YYYY-MM>", "last month (default: the last complete month)", parseMonth)
    .action(async (options: DemoOptions) => {
      const end = options.end ?? defaultEnd();
      rmSync(options.out, { recursive: true, force: true });
      const dataDir = join(options.out, "data");
      mkdirSync(dataDir, { recursive: true });
      const t0 = performance.now();
      const generated = await runGenerate({
        enterprises: options.enterprises,
        seed: options.seed,
        out: dataDir,
        end,
        months: 48,
        dirty: 0.002,
        encoding: "utf-8",
        province: "33",
      });
      const t1 = performance.now();
      const db = await openDatabase(join(options.out, "province.duckdb"));
      try {
        const { summary, quality } = await runIngest(dataDir, db, { encoding: "auto", reports: options.out, period: end });
        const t2 = performance.now();
        const province = await loadProvinceColumns(db);
        await classifyMonth(db, addPeriods(end, -1), { province });
        const t2b = performance.now();
        const result = await classifyMonth(db, end, { province });
        const t2c = performance.now();
        await writeFrameCsv(join(options.out, `indicators-${end}.csv`), result.frame);
        await writeClassTable(join(options.out, `classes-${end}.csv`), result);
        const report = await monthReport(db, end, DEFAULT_MODEL_SET, { province });
        writeFileSync(join(options.out, `report-${end}.html`), renderReportHtml(report, chartJsSource()));
        const t3 = performance.now();
        const { migration, regions, industries } = report;
        const s = (a: number, b: number): string => `${((b - a) / 1000).toFixed(1)} s`;
        const top = (rows: typeof regions): string =>
          rows
            .slice(0, 3)
            .map((r) => `${r.group} ${(100 * r.highRiskShare).toFixed(1)} % of ${r.total}`)
            .join(", ");
        const lines = [
          `creditclass demo — ${generated.enterprises} enterprises, ${generated.events} events, ${generated.months} months to ${end} (seed ${generated.seed})`,
          ...formatIngestSummary(summary),
          ...formatQuality(quality),
          `indicators: ${result.frame.rowCount} enterprises × ${result.frame.columnNames.length - 2} indicators as of ${end}`,
          ...formatMonthResult(result, (t2c - t2b) / 1000),
          `migration ${migration.from} → ${end}: ${(100 * migration.stability).toFixed(1)} % kept their class; ${RISK_CLASSES.map((c, k) => `${c}→worse ${migration.counts[k]?.slice(k + 1).reduce((a, b) => a + b, 0)}`).join(", ")}`,
          `highest C+D share — counties: ${top(regions)}; industry sections: ${top(industries)}`,
          ...(report.validation === null
            ? []
            : [
                `validation ${report.validation.period} (outcomes in the next ${report.validation.horizon} months): AUC ${report.validation.auc.toFixed(3)}, adverse rate A / B / C / D ${report.validation.adverseRates.map((r) => (100 * r).toFixed(1)).join(" / ")} %${report.validation.violations.length === 0 ? "" : ` ⚠ ${report.validation.violations.join("; ")}`}`,
              ]),
          `timings: generate ${s(t0, t1)}, ingest + quality ${s(t1, t2)}, indicators + 2 months classified and stored + report ${s(t2, t3)}`,
          `output: ${options.out}/ (data/, province.duckdb, quarantine.csv, data-quality.{json,md}, indicators-${end}.csv, classes-${end}.csv, report-${end}.html)`,
        ];
        for (const line of lines) console.log(line);
      } finally {
        db.close();
      }
    });
}
