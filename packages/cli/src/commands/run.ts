/**
 * `creditclass run`: the monthly job on the user's own ingested data — classify, raise alerts
 * (cooldowns, register tags, class transitions), draw the inspection plan, write the report and
 * the CSVs — for one month or a range that loads the events once. Idempotent: a re-run replaces
 * the months atomically and writes byte-identical files.
 * @module
 */
import type { Period } from "@creditclass/core";
import { jobReport, runMonths } from "@creditclass/pipeline";
import { parseModel } from "@creditclass/scoring";
import { historySeals } from "@creditclass/store";
import { parseRules } from "@creditclass/warning";
import type { Command } from "commander";
import { readJsonFile } from "../json-file.js";
import { oneOf, parseMonth, UsageError } from "../options.js";
import { OutputFolder, writeFileAtomic } from "../output-folder.js";
import { chartJsSource, renderReportHtml } from "../report-html.js";
import { formatRunSummary, runProgressBars, writeAlerts, writePlanFiles } from "../run-output.js";
import { withDatabase } from "../with-database.js";
import { escalationPolicy } from "./alerts.js";
import { writeClassTable } from "./classify.js";

/** Options of the run command. */
interface RunOptions {
  readonly db: string;
  readonly period?: Period;
  readonly from?: Period;
  readonly to?: Period;
  readonly models?: string;
  readonly rules?: string;
  readonly task?: string;
  readonly seed?: string;
  readonly policy?: string;
  readonly alerts: "open" | "month" | "none";
  readonly out: string;
}

/**
 * Registers the command.
 *
 * @param program - The root command.
 * @example
 * registerRun(program);
 */
export function registerRun(program: Command): void {
  program
    .command("run")
    .description("the monthly job on your ingested data: classify, alerts, inspection plan, report and CSVs (月度作业)")
    .requiredOption("--db <file>", "ingested DuckDB database")
    .option("--period <YYYY-MM>", "the month", parseMonth)
    .option("--from <YYYY-MM>", "or: first month of a range (with --to); the events are loaded once", parseMonth)
    .option("--to <YYYY-MM>", "last month of the range; the plan and the report are for it", parseMonth)
    .option("--models <file.json>", "model or model set (default: the national default models)")
    .option("--rules <file.json>", "early-warning rule set (default: the national rules)")
    .option("--task <task.json>", "inspection task (default: the national default task for the month after)")
    .option("--seed <text>", "the published seed of the draw (default: the last month's last day)")
    .option("--policy <file.json>", "escalation policy judging which alerts stand at inspection")
    .option(
      "--alerts <which>",
      "alerts at inspection that become mandatory targets: open, month (the month's own) or none",
      oneOf(["open", "month", "none"] as const),
      "open",
    )
    .option("--out <dir>", "output folder (created if missing; only the files named below are written)", "out/run")
    .action(async (options: RunOptions) => {
      const range = monthsOf(options);
      const models = options.models === undefined ? undefined : parseModel(readJsonFile(options.models));
      const rules = options.rules === undefined ? undefined : parseRules(readJsonFile(options.rules));
      const task = options.task === undefined ? undefined : (readJsonFile(options.task) as Record<string, unknown>);
      const policy = options.policy === undefined ? undefined : escalationPolicy(options.policy);
      // A new or empty folder, or run's own earlier output: no file of the user's is overwritten.
      const out = OutputFolder.open(options.out, "run");
      const written: string[] = [];
      const summary = await withDatabase(options.db, async (db) => {
        const bars = runProgressBars();
        const run = await runMonths(db, range.from, range.to, {
          ...(models === undefined ? {} : { models }),
          ...(rules === undefined ? {} : { rules }),
          ...(task === undefined ? {} : { task }),
          ...(options.seed === undefined ? {} : { seed: options.seed }),
          ...(policy === undefined ? {} : { policy }),
          alertTargets: options.alerts,
          onProgress: bars.onProgress,
          // Each month's files as soon as it is stored: the run keeps only the last month's frame.
          onMonth: async (m) => {
            const classes = out.claim(`classes-${m.period}.csv`);
            const alerts = out.claim(`alerts-${m.period}.csv`);
            await writeClassTable(classes, m.classified);
            await writeAlerts(alerts, m.alerts);
            written.push(classes, alerts);
          },
        });
        bars.stop();
        written.push(...(await writePlanFiles(out, run.plan, "document")));
        if (run.report !== undefined) {
          const data = await jobReport(db, run, { models: [], quality: [] });
          const path = out.claim(`report-${range.to}.html`);
          writeFileAtomic(path, renderReportHtml(run.report, chartJsSource(), data));
          written.push(path);
        }
        const head = (await historySeals(db)).at(-1)?.head ?? "";
        return [...formatRunSummary(run), `history head ${head} (publish or countersign it; creditclass verify-history --db ${options.db} checks it)`];
      }).finally(() => out.finish());
      for (const line of summary) console.log(line);
      console.log(`written: ${written.join(", ")}`);
    });
}

/** The months from `--period`, or `--from` with `--to`. */
function monthsOf(options: RunOptions): { from: Period; to: Period } {
  if (options.period !== undefined && options.from === undefined && options.to === undefined) return { from: options.period, to: options.period };
  if (options.period === undefined && options.from !== undefined && options.to !== undefined) {
    if (options.from > options.to) throw new UsageError(`--from ${options.from} is after --to ${options.to}`);
    return { from: options.from, to: options.to };
  }
  throw new UsageError("give --period YYYY-MM, or --from YYYY-MM with --to YYYY-MM");
}
