/**
 * `creditclass indicators`: computes the point-in-time indicators of a month to CSV, with the
 * register attributes classification reads (status flags, entity type, industry, tags), so the
 * file can be scored with `creditclass score --model`.
 * @module
 */
import type { Period } from "@creditclass/core";
import { computeIndicators, writeFrameCsv } from "@creditclass/ingest";
import { loadProvinceColumns, readRegisterAttributes } from "@creditclass/store";
import type { Command } from "commander";
import { parseMonth } from "../options.js";
import { registerColumns } from "../register-columns.js";
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
    .requiredOption(
      "--out <file.csv>",
      "CSV to write: uscc, one column per indicator, is_revoked and is_deregistered (1/0), then entity_type, region, industry and tags (;-separated) from the register — what classify reads, so score --model on it gives classify's classes",
    )
    .action(async (options: { db: string; period: Period; out: string }) => {
      await withDatabase(options.db, async (db) => {
        const started = performance.now();
        const province = await loadProvinceColumns(db);
        const loaded = performance.now();
        const indicators = computeIndicators(province, options.period);
        const computed = performance.now();
        const { frame, text } = registerColumns(province, indicators, await readRegisterAttributes(db));
        await writeFrameCsv(options.out, frame, "uscc", { text });
        console.log(
          `${frame.rowCount} enterprises × ${indicators.columnNames.length} indicators and ${frame.columnNames.length - indicators.columnNames.length + text.size} register attributes as of ${options.period} → ${options.out} (load ${((loaded - started) / 1000).toFixed(1)} s, compute ${((computed - loaded) / 1000).toFixed(2)} s)`,
        );
      });
    });
}
