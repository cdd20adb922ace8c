/**
 * `creditclass ingest`: validates and stores a folder of files, writes the quarantine and the
 * data-quality report.
 * @module
 */
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Period } from "@creditclass/core";
import { CreditclassError } from "@creditclass/core";
import type { IngestSummary, QualityReport, TextEncodingName } from "@creditclass/ingest";
import { ingestDirectory, ingestMapped, qualityReport } from "@creditclass/ingest";
import type { CreditDatabase } from "@creditclass/store";
import { openDatabase } from "@creditclass/store";
import type { Command } from "commander";
import { defaultEnd, oneOf, parseMonth } from "../options.js";
import { startProgress } from "../progress.js";
import { formatIngestSummary, formatQuality, writeQualityReport, writeQuarantine } from "../report-output.js";
import { formatMappingLines, loadMapping } from "./mapping.js";

/** Options of the ingest command. */
export interface IngestCommandOptions {
  readonly db: string;
  readonly encoding: TextEncodingName;
  readonly reports: string;
  readonly period?: Period;
  /** A source-mapping document: read the folder as a bureau's own tables. */
  readonly mapping?: string;
}

/**
 * Ingests a folder with progress bars, then writes `quarantine.csv` and `data-quality.{json,md}`.
 *
 * @param dir - Folder with enterprises / relations / events files, or a bureau's own tables when `options.mapping` is set.
 * @param db - Open database.
 * @param options - Encoding, report folder, month of the quality report.
 * @returns The ingest summary and the quality report.
 * @example
 * const { summary } = await runIngest("data", db, { encoding: "auto", reports: "out" });
 */
export async function runIngest(
  dir: string,
  db: CreditDatabase,
  options: Omit<IngestCommandOptions, "db">,
): Promise<{ summary: IngestSummary; quality: QualityReport }> {
  let bar: ReturnType<typeof startProgress> | undefined;
  let current = "";
  const mapping = options.mapping === undefined ? undefined : loadMapping(options.mapping);
  const summary =
    mapping !== undefined
      ? await ingestMapped(dir, db, mapping, { encoding: options.encoding })
      : await ingestDirectory(dir, db, {
          encoding: options.encoding,
          onProgress: (file, bytes, total) => {
            if (file !== current) {
              bar?.stop();
              current = file;
              bar = startProgress(`ingest ${file}`, total, "bytes");
            }
            bar?.update(bytes);
          },
        });
  bar?.stop();
  mkdirSync(options.reports, { recursive: true });
  await writeQuarantine(db, summary.runId, join(options.reports, "quarantine.csv"));
  const quality = await qualityReport(db, options.period ?? defaultEnd());
  writeQualityReport(quality, join(options.reports, "data-quality"));
  return { summary, quality };
}

/**
 * Registers the command.
 *
 * @param program - The root command.
 * @example
 * registerIngest(program);
 */
export function registerIngest(program: Command): void {
  program
    .command("ingest")
    .description(
      "validate and store enterprises*, relations*, events* files (CSV or NDJSON, UTF-8 or GB18030), or with --mapping a bureau's own tables (CSV, NDJSON, .xlsx) (数据归集)",
    )
    .argument("<dir>", "folder with the files")
    .option("--mapping <mapping.json>", "source-mapping document: read DIR as a bureau's own tables (see creditclass mapping draft)")
    .requiredOption("--db <file>", "DuckDB database file (created if absent)")
    .option("--encoding <name>", "auto, utf-8 or gb18030", oneOf(["auto", "utf-8", "gb18030"] as const), "auto")
    .option("--reports <dir>", "where to write quarantine.csv and data-quality.{json,md}", ".")
    .option("--period <YYYY-MM>", "month of the data-quality report (default: the last complete month)", parseMonth)
    .action(async (dir: string, options: IngestCommandOptions) => {
      // Fail before storing anything: the reports folder must be a folder (or not exist yet).
      if (existsSync(options.reports) && !statSync(options.reports).isDirectory())
        throw new CreditclassError("output_conflict", `--reports ${options.reports} is a file, not a folder: nothing was ingested`);
      // A bad mapping document is bad input: refused before the database is opened.
      if (options.mapping !== undefined) loadMapping(options.mapping);
      const db = await openDatabase(options.db, { ingest: true });
      try {
        const { summary, quality } = await runIngest(dir, db, options);
        for (const line of [...formatIngestSummary(summary), ...formatMappingLines(summary), ...formatQuality(quality)]) console.log(line);
        console.log(`quarantine and data-quality report written to ${options.reports}`);
      } finally {
        db.close();
      }
    });
}
