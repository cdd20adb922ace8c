/**
 * `creditclass demo`: the main job on generated data — generate a province, ingest it, report
 * data quality, classify the last 12 months one after another (stored, with history), raise the
 * national early-warning alerts, train and judge a logistic-regression model against the weighted
 * model (AUC / KS per model part, adverse rate by class and the D-to-A lift), draw the latest month's inspection plan, write one HTML report, and print a summary.
 * @module
 */
import { join } from "node:path";
import type { Period } from "@creditclass/core";
import { addPeriods, formatDayNumber, periodDayBounds, RISK_CLASSES } from "@creditclass/core";
import { BUREAU_FILES } from "@creditclass/generator";
import { writeFrameCsv } from "@creditclass/ingest";
import { compareModels, jobReport, runMonths } from "@creditclass/pipeline";
import { PROVINCE_ANNUAL } from "@creditclass/sampling";
import { historySeals, loadProvinceColumns, openDatabase } from "@creditclass/store";
import type { Command } from "commander";
import { defaultEnd, oneOf, parseCount, parseMonth } from "../options.js";
import { OutputFolder, writeFileAtomic } from "../output-folder.js";
import { chartJsSource, renderReportHtml } from "../report-html.js";
import { formatIngestSummary, formatQuality } from "../report-output.js";
import { runProgressBars, writePlanFiles } from "../run-output.js";
import { formatMonthResult, writeClassTable } from "./classify.js";
import { runGenerate } from "./generate.js";
import { runIngest } from "./ingest.js";
import { formatMappingLines } from "./mapping.js";

/** Options of the demo command. */
interface DemoOptions {
  readonly enterprises: number;
  readonly seed: string;
  readonly out: string;
  readonly end?: Period;
  readonly months: number;
  readonly format: "own" | "bureau";
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
    .description(
      "the main job on generated data: generate, ingest, data quality, 12 months classified, alerts, models compared, inspection plan, one HTML report (演示)",
    )
    .option("--enterprises <n>", "number of enterprises (100k, 1m accepted)", parseCount, 100_000)
    .option("--seed <text>", "seed", "1")
    .option("--out <dir>", "output folder (replaced)", "out/demo")
    .option("--end <YYYY-MM>", "last month (default: the last complete month)", parseMonth)
    .option("--months <n>", "months to classify, ending with the last", parseCount, 12)
    .option(
      "--format <layout>",
      "the generated data's layout: own, or bureau (a bureau's own tables, ingested through their mapping)",
      oneOf(["own", "bureau"] as const),
      "own",
    )
    .action(async (options: DemoOptions) => {
      const end = options.end ?? defaultEnd();
      // Only a new or empty folder, or the demo's own earlier output (whose files alone are replaced).
      const out = OutputFolder.open(options.out, "demo");
      out.removePrevious();
      for (const name of ["province.duckdb", "province.duckdb.wal", "quarantine.csv", "data-quality.json", "data-quality.md", "trained-model.json"])
        out.claim(name);
      for (const name of [`indicators-${end}.csv`, `classes-${end}.csv`, `report-${end}.html`]) out.claim(name);
      const dataDir = join(options.out, "data");
      const files =
        options.format === "bureau"
          ? [...BUREAU_FILES, "mapping.json", "anomalies.csv", "truth.csv", "manifest.json"]
          : ["enterprises.csv", "relations.csv", "events.csv", "anomalies.csv", "truth.csv", "manifest.json"];
      for (const name of files) out.claim(join("data", name));
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
        format: options.format,
      });
      const t1 = performance.now();
      const dbPath = join(options.out, "province.duckdb");
      const db = await openDatabase(dbPath);
      try {
        const { summary, quality } = await runIngest(dataDir, db, {
          encoding: "auto",
          reports: options.out,
          period: end,
          ...(options.format === "bureau" ? { mapping: join(dataDir, "mapping.json") } : {}),
        });
        const t2 = performance.now();
        const province = await loadProvinceColumns(db);
        const from = addPeriods(end, 1 - options.months);
        const asOf = formatDayNumber(periodDayBounds(end).last);
        const bars = runProgressBars();
        const run = await runMonths(db, from, end, {
          province,
          // The demo records no disposals, so older alerts would all have climbed to inspection:
          // only the month's own alerts standing at inspection become mandatory.
          alertTargets: "month",
          task: {
            kind: "creditclass.inspection-task",
            version: 1,
            id: `demo-${end}`,
            name: { zh: "演示双随机抽查", en: "Demo double-random inspections" },
            period: addPeriods(end, 1),
            ...PROVINCE_ANNUAL.task,
            stratify: { region: "city", industry: "none" },
          },
          seed: `${asOf}/demo-${options.seed}`,
          onProgress: bars.onProgress,
        });
        bars.stop();
        const t20 = performance.now();
        // A logistic model trained on a year of months, judged with the weighted model on the latest month with a year of outcomes.
        const compared = compareModels(province, end);
        writeFileAtomic(join(options.out, "trained-model.json"), `${JSON.stringify(compared.model, null, 2)}\n`);
        const trainSeconds = (performance.now() - t20) / 1000;
        await writePlanFiles(out, run.plan, "parsed");
        const jobData = await jobReport(db, run, {
          models: compared.judged,
          quality: quality.dimensions.map((d) => ({ name: `${d.name.zh} ${d.name.en}`, score: d.score })),
        });
        const result = run.last;
        const report = run.report;
        if (report === undefined) throw new RangeError("no report gathered");
        await writeFrameCsv(join(options.out, `indicators-${end}.csv`), result.frame);
        await writeClassTable(join(options.out, `classes-${end}.csv`), result);
        const reportPath = join(options.out, `report-${end}.html`);
        writeFileAtomic(reportPath, renderReportHtml(report, chartJsSource(), jobData));
        const t3 = performance.now();
        const { migration, regions, industries } = report;
        const s = (a: number, b: number): string => `${((b - a) / 1000).toFixed(1)} s`;
        const top = (rows: typeof regions): string =>
          rows
            .slice(0, 3)
            .map((r) => `${r.group} ${(100 * r.highRiskShare).toFixed(1)} % of ${r.total}`)
            .join(", ");
        const { alerts, plan, models } = jobData;
        const lines = [
          `creditclass demo — ${generated.enterprises} enterprises, ${generated.events} events, ${generated.months} months to ${end} (seed ${generated.seed})`,
          ...formatIngestSummary(summary),
          ...formatMappingLines(summary),
          ...formatQuality(quality),
          `indicators: ${result.frame.rowCount} enterprises × ${result.frame.columnNames.length - 2} indicators as of ${end}`,
          ...formatMonthResult(result, run.seconds.classify / options.months),
          `classified ${options.months} months ${jobData.monthly[0]?.period} … ${end}: D share ${jobData.monthly
            .map((m) =>
              (
                (100 * (m.counts[3] ?? 0)) /
                Math.max(
                  1,
                  m.counts.reduce((a, b) => a + b, 0),
                )
              ).toFixed(1),
            )
            .join(" / ")} %`,
          `migration ${migration.from} → ${end}: ${(100 * migration.stability).toFixed(1)} % kept their class; ${RISK_CLASSES.map((c, k) => `${c}→worse ${migration.counts[k]?.slice(k + 1).reduce((a, b) => a + b, 0)}`).join(", ")}`,
          `highest C+D share — counties: ${top(regions)}; industry sections: ${top(industries)}`,
          `alerts: ${alerts.perMonth.reduce((t, m) => t + m.count, 0)} over ${options.months} months (${alerts.byRule.map((r) => `${r.rule} ${r.count}`).join(", ")}); ${alerts.perMonth[alerts.perMonth.length - 1]?.count ?? 0} in ${end}`,
          // Ranking per model part (each on its own score scale); what a regulator reads, by final class.
          ...models.flatMap((m) => [
            `model ${m.name} on ${m.period} (outcomes in 12 months):`,
            `  AUC / KS per model part: ${m.parts.map((p) => `${p.id} ${p.auc.toFixed(3)} / ${p.ks.toFixed(3)} (${p.enterprises} enterprises)`).join(", ")}`,
            `  by final class: adverse rate A / B / C / D ${m.adverseRates.map((r) => (100 * r).toFixed(1)).join(" / ")} %, D/A lift ${m.lift.toFixed(2)}${m.violations.length === 0 ? "" : `; ⚠ not rising: ${m.violations.join(", ")}`}`,
          ]),
          `inspection plan ${plan.task}: ${plan.planned} inspections (${plan.mandatory} mandatory from inspection alerts), seed ${plan.seed}, manifest ${plan.manifest.slice(0, 16)}…`,
          `timings: generate ${s(t0, t1)}, ingest + quality ${s(t1, t2)}, classify ${run.seconds.classify.toFixed(1)} s, warn ${run.seconds.warn.toFixed(1)} s, train + compare ${trainSeconds.toFixed(1)} s, sample ${run.seconds.plan.toFixed(1)} s; total ${s(t0, t3)}`,
          `output: ${options.out}/ (data/, province.duckdb, quarantine.csv, data-quality.{json,md}, indicators-${end}.csv, classes-${end}.csv, trained-model.json, plan.csv, plan.audit.json, plan.task.json, plan.classes.csv)`,
          `report: ${reportPath} — open it in a browser (no server needed)`,
          `history head ${(await historySeals(db)).at(-1)?.head ?? ""} (creditclass verify-history --db ${dbPath} checks that no month was changed since)`,
          `serve it to a platform: creditclass tokens create --db ${dbPath} --name platform --role admin --region 33, then creditclass serve --db ${dbPath} (docs/service.md)`,
        ];
        for (const line of lines) console.log(line);
      } finally {
        db.close();
        out.finish();
      }
    });
}
