/**
 * `creditclass demo`: the main job on generated data — generate a province, ingest it, report
 * data quality and compute the latest month's indicators, printing a summary.
 * @module
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Period } from "@creditclass/core";
import { computeIndicators, loadProvinceColumns, openDatabase, writeFrameCsv } from "@creditclass/ingest";
import type { Command } from "commander";
import { defaultEnd, parseCount, parseMonth } from "../options.js";
import { formatIngestSummary, formatQuality } from "../report-output.js";
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
    .description("the main job on generated data: generate, ingest, data quality, indicators (演示)")
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
        const frame = computeIndicators(await loadProvinceColumns(db), end);
        await writeFrameCsv(join(options.out, `indicators-${end}.csv`), frame);
        const t3 = performance.now();
        const s = (a: number, b: number): string => `${((b - a) / 1000).toFixed(1)} s`;
        const lines = [
          `creditclass demo — ${generated.enterprises} enterprises, ${generated.events} events, ${generated.months} months to ${end} (seed ${generated.seed})`,
          ...formatIngestSummary(summary),
          ...formatQuality(quality),
          `indicators: ${frame.rowCount} enterprises × ${frame.columnNames.length} indicators as of ${end}`,
          `timings: generate ${s(t0, t1)}, ingest + quality ${s(t1, t2)}, indicators ${s(t2, t3)}`,
          `output: ${options.out}/ (data/, province.duckdb, quarantine.csv, data-quality.{json,md}, indicators-${end}.csv)`,
        ];
        for (const line of lines) console.log(line);
      } finally {
        db.close();
      }
    });
}
