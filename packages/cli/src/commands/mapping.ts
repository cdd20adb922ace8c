/**
 * `creditclass mapping draft | check`: a first source mapping proposed from a folder of bureau
 * exports, and a dry run of a mapping against the files (counts per file, first problems) that
 * stores nothing.
 * @module
 */

import { ValidationError } from "@creditclass/core";
import type { IngestSummary, SourceMapping, TextEncodingName } from "@creditclass/ingest";
import { checkMapping, draftMapping, mappingHash, safeParseMapping } from "@creditclass/ingest";
import type { Command } from "commander";
import { readJsonFile } from "../json-file.js";
import { oneOf } from "../options.js";
import { writeFileAtomic } from "../output-folder.js";
import { formatIngestSummary } from "../report-output.js";

/**
 * Reads and validates a mapping document.
 *
 * @param path - The JSON file.
 * @returns The mapping.
 * @throws {ValidationError} Every problem of the document, each naming the file and its path in it.
 * @example
 * loadMapping("mapping.json").sources.length //=> 11
 */
export function loadMapping(path: string): SourceMapping {
  const result = safeParseMapping(readJsonFile(path));
  if (!result.success) throw new ValidationError(result.issues.map((i) => ({ ...i, file: path })));
  return result.data;
}

/**
 * The lines an ingest through a mapping adds to the summary: the mapping and its hash, rows that
 * gave several records, the files not read.
 *
 * @param summary - The ingest summary.
 * @returns Lines to print (none without a mapping).
 * @example
 * formatMappingLines(summary) //=> ["mapping: generated bureau export (sha256 d4a7…)", "经营异常名录.csv: 341 rows → 369 records", …]
 */
export function formatMappingLines(summary: IngestSummary): string[] {
  if (summary.mapping === undefined) return [];
  const lines = [`mapping: ${summary.mapping.name} (sha256 ${summary.mapping.sha256})`];
  for (const f of summary.files) if (f.rows !== undefined && f.rows !== f.read) lines.push(`${f.file}: ${f.rows} rows → ${f.read} records`);
  if (summary.mapping.unmatched.length > 0) lines.push(`files no source of the mapping matches (not read): ${summary.mapping.unmatched.join(", ")}`);
  return lines;
}

/**
 * Registers `mapping draft` and `mapping check`.
 *
 * @param program - The root command.
 * @example
 * registerMapping(program);
 */
export function registerMapping(program: Command): void {
  const mapping = program.command("mapping").description("source mappings from a bureau's own tables: draft one, check one (数据映射)");
  mapping
    .command("draft")
    .description("propose a mapping from the files' headers (publicity-system field names and code tables); list what it could not place")
    .argument("<dir>", "folder of exports (CSV, NDJSON, .xlsx)")
    .requiredOption("--out <mapping.json>", "file to write the draft to")
    .option("--encoding <name>", "auto, utf-8 or gb18030", oneOf(["auto", "utf-8", "gb18030"] as const), "auto")
    .option("--name <text>", "the mapping's name")
    .action(async (dir: string, options: { out: string; encoding: TextEncodingName; name?: string }) => {
      const draft = await draftMapping(dir, { encoding: options.encoding, ...(options.name === undefined ? {} : { name: options.name }) });
      writeFileAtomic(options.out, `${JSON.stringify(draft.mapping, null, 2)}\n`);
      for (const f of draft.files) {
        if (f.preset === undefined) {
          console.log(`${f.file}: no preset fits; not mapped (columns: ${f.unplaced.join(", ") || "none"})`);
          continue;
        }
        console.log(`${f.file}: ${f.preset}, ${f.placed.length} columns placed`);
        if (f.missing.length > 0) console.log(`  required fields no column names (edit the draft): ${f.missing.join(", ")}`);
        if (f.unplaced.length > 0) console.log(`  columns not placed: ${f.unplaced.join(", ")}`);
      }
      console.log(`draft → ${options.out}; check it with: creditclass mapping check ${options.out} ${dir}`);
    });
  mapping
    .command("check")
    .description("validate a mapping and apply it to the files without storing anything: counts per file and the first problems")
    .argument("<mapping.json>", "the mapping document")
    .argument("[dir]", "folder of exports to try it on")
    .option("--encoding <name>", "auto, utf-8 or gb18030", oneOf(["auto", "utf-8", "gb18030"] as const), "auto")
    .option("--problems <n>", "how many problems to list", (v) => Number.parseInt(v, 10), 20)
    .action(async (file: string, dir: string | undefined, options: { encoding: TextEncodingName; problems: number }) => {
      const doc = loadMapping(file);
      console.log(`${file}: ${doc.sources.length} sources, ${Object.keys(doc.codeTables).length} code tables (sha256 ${mappingHash(doc)})`);
      if (dir === undefined) return;
      const { summary, problems, problemCount, unknownCodes } = await checkMapping(dir, doc, { encoding: options.encoding, problems: options.problems });
      for (const line of [...formatIngestSummary(summary).slice(0, -1), ...formatMappingLines(summary).slice(1)]) console.log(line);
      for (const p of problems) console.log(`${p.file}:${p.line} ${p.field ?? ""} ${p.code} — ${p.reason}`);
      if (problemCount > problems.length) console.log(`… and ${problemCount - problems.length} more problems`);
      if (unknownCodes.length > 0) {
        console.log("unknown values, most frequent first (add them to a code table of the mapping):");
        for (const u of unknownCodes) console.log(`  ${u.file} ${u.column}: ${JSON.stringify(u.value)} × ${u.count}`);
      }
      console.log(`dry run: nothing was stored`);
    });
}
