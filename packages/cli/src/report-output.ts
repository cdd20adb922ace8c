/**
 * Writes what the ingest and data-quality steps produce: the quarantine as CSV, the report as
 * JSON and Markdown, and the summary table printed to the terminal.
 * @module
 */

import type { IngestSummary, QualityReport } from "@creditclass/ingest";
import { writeCsvFile } from "@creditclass/ingest";
import type { CreditDatabase } from "@creditclass/store";
import { writeFileAtomic } from "./output-folder.js";

/**
 * Formats the ingest counts as a table.
 *
 * @param summary - From `ingestDirectory`.
 * @returns Lines of text.
 * @example
 * formatIngestSummary(summary).join("\n")
 */
export function formatIngestSummary(summary: IngestSummary): string[] {
  const rows = summary.files.map((f) => [f.file, f.encoding, f.read, f.accepted, f.quarantined, f.duplicates]);
  rows.push(["total", "", summary.totals.read, summary.totals.accepted, summary.totals.quarantined, summary.totals.duplicates]);
  const header = ["file", "encoding", "read", "accepted", "quarantined", "duplicates"];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: readonly unknown[]): string =>
    cells.map((v, c) => (c < 2 ? String(v).padEnd(widths[c] ?? 0) : String(v).padStart(widths[c] ?? 0))).join("  ");
  return [
    line(header),
    ...rows.map(line),
    `events of enterprises not in the register (kept aside): ${summary.orphanEvents}`,
    `input fingerprint: ${summary.fingerprint}`,
  ];
}

/**
 * Writes the quarantined records of an ingest run.
 *
 * @param db - The database.
 * @param runId - The run.
 * @param path - CSV file to write.
 * @returns Rows written.
 * @example
 * await writeQuarantine(db, summary.runId, "out/quarantine.csv");
 */
export async function writeQuarantine(db: CreditDatabase, runId: number, path: string): Promise<number> {
  const rows = await db.all(
    `SELECT record_kind, file, line, field, value, code, reason, record FROM quarantine WHERE run_id = ${Number(runId)} ORDER BY file, line, field`,
  );
  const header = ["record_kind", "file", "line", "field", "value", "code", "reason", "record"];
  return writeCsvFile(
    path,
    header,
    rows.map((r) => header.map((h) => r[h])),
  );
}

/**
 * Writes the data-quality report as `NAME.json` and `NAME.md`.
 *
 * @param report - The report.
 * @param basePath - Path without extension.
 * @example
 * writeQualityReport(report, "out/data-quality");
 */
export function writeQualityReport(report: QualityReport, basePath: string): void {
  writeFileAtomic(`${basePath}.json`, `${JSON.stringify(report, null, 2)}\n`);
  const md = [
    `# Data quality 数据质量 — ${report.period}`,
    "",
    `Overall 总分: **${report.overall}**`,
    "",
    "| dimension 维度 | score 得分 | failed / checked | rule |",
    "| --- | ---: | ---: | --- |",
    ...report.dimensions.map((d) => `| ${d.name.zh} ${d.name.en} | ${d.score} | ${d.failed} / ${d.checked} | ${d.rule} |`),
    "",
    ...report.dimensions.flatMap((d) =>
      d.samples.length === 0 ? [] : [`## ${d.name.zh} ${d.name.en}: samples`, "", "```json", ...d.samples.map((s) => JSON.stringify(s)), "```", ""],
    ),
  ];
  writeFileAtomic(`${basePath}.md`, `${md.join("\n")}\n`);
}

/**
 * One line per dimension for the terminal.
 *
 * @param report - The report.
 * @returns Lines of text.
 * @example
 * formatQuality(report)[0] //=> "data quality 2026-10: overall 97.1"
 */
export function formatQuality(report: QualityReport): string[] {
  return [
    `data quality ${report.period}: overall ${report.overall}`,
    ...report.dimensions.map((d) => `  ${`${d.name.zh} ${d.name.en}`.padEnd(26)} ${String(d.score).padStart(6)}  (${d.failed} of ${d.checked})`),
  ];
}
