/**
 * `creditclass indicators`: computes the point-in-time indicators of a month to CSV.
 * @module
 */
import type { Period } from "@creditclass/core";
import { computeIndicators, writeFrameCsv } from "@creditclass/ingest";
import { loadProvinceColumns } from "@creditclass/store";
import type { Command } from "commander";
import { parseMonth } from "../options.js";
import { withDatabase } from "../with-database.js";

/**
 * Registers the command.
 *
 * @param program - The root command.
 * @example
 * registerIndicators(program);
 */
export function registerIndicators(program: Command): void {
  program
    .command("indicators")
    .description("compute every indicator as of a month, from data recorded by its end (计算指标)")
    .requiredOption("--db <file>", "ingested DuckDB database")
    .requiredOption("--period <YYYY-MM>", "the as-of month", parseMonth)
    .requiredOption("--out <file.csv>", "CSV to write: uscc, then one column per indicator")
    .action(async (options: { db: string; period: Period; out: string }) => {
      await withDatabase(options.db, async (db) => {
        const started = performance.now();
        const province = await loadProvinceColumns(db);
        const loaded = performance.now();
        const frame = computeIndicators(province, options.period);
        const computed = performance.now();
        await writeFrameCsv(options.out, frame);
        console.log(
          `${frame.rowCount} enterprises × ${frame.columnNames.length} indicators as of ${options.period} → ${options.out} (load ${((loaded - started) / 1000).toFixed(1)} s, compute ${((computed - loaded) / 1000).toFixed(2)} s)`,
        );
      });
    });
}
