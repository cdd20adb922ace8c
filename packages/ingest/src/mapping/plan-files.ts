/**
 * Which files of a folder a mapping reads, and with which source: each file goes to the first
 * source whose pattern matches its name; files no source matches are listed, never read in
 * silence. The plan is checked before anything is stored: every CSV file's header has every
 * column its source needs, and every source with an extraction date has one for each file.
 * @module
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Issue } from "@creditclass/core";
import { parseDayNumber, ValidationError } from "@creditclass/core";
import { tokenizeCsv } from "../csv-tokenizer.js";
import type { RecordKind } from "../schemas.js";
import type { TextEncodingName } from "../text-source.js";
import { detectEncoding, readTextFile } from "../text-source.js";
import { headerIssues } from "./compile-source.js";
import type { MappingSource, SourceMapping } from "./mapping-document.js";
import { sourceFormat } from "./read-source-rows.js";

/** One file to read. */
export interface PlannedFile {
  readonly path: string;
  readonly name: string;
  readonly source: MappingSource;
  /** The file's extraction date, when its source has one. */
  readonly extracted?: string;
}

/** What a mapping reads in a folder. */
export interface FilePlan {
  /** In reading order: enterprises, relations, events; then the sources' order; then file names. */
  readonly files: readonly PlannedFile[];
  /** Files no source matches. */
  readonly unmatched: readonly string[];
  /** Sources no file matches. */
  readonly unused: readonly string[];
}

const KIND_ORDER: readonly RecordKind[] = ["enterprises", "relations", "events"];

/**
 * Whether a file name matches a pattern: `*` any characters, `?` one, compared case-insensitively
 * after NFKC (so `行政处罚（2024）.csv` matches `行政处罚(*).csv`).
 *
 * @param name - The file name.
 * @param pattern - The pattern.
 * @returns Whether it matches.
 * @example
 * matchesPattern("行政处罚_20261031.xlsx", "行政处罚*.xlsx") //=> true
 */
export function matchesPattern(name: string, pattern: string): boolean {
  const norm = (s: string): string => s.normalize("NFKC").toLowerCase();
  const regex = norm(pattern)
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${regex}$`, "s").test(norm(name));
}

/**
 * Plans the files of a folder and checks what can be checked before the run: CSV headers,
 * extraction dates, extensions.
 *
 * @param dir - The folder.
 * @param mapping - The mapping.
 * @param encoding - Text encoding of CSV files.
 * @returns The plan.
 * @throws {ValidationError} Every header and extraction-date problem of every file at once; `missing_field` when no file matches.
 * @example
 * planMappedFiles("exports/", mapping, "auto").unmatched //=> ["说明.docx"]
 */
export async function planMappedFiles(dir: string, mapping: SourceMapping, encoding: TextEncodingName): Promise<FilePlan> {
  const names = readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isFile())
    .sort();
  const matched = new Map<string, MappingSource>();
  for (const name of names) {
    const source = mapping.sources.find((s) => s.files.some((p) => matchesPattern(name, p)));
    if (source !== undefined) matched.set(name, source);
  }
  const files: PlannedFile[] = [];
  const issues: Issue[] = [];
  for (const kind of KIND_ORDER) {
    for (const source of mapping.sources) {
      if (source.kind !== kind) continue;
      for (const name of names) {
        if (matched.get(name) !== source) continue;
        const path = join(dir, name);
        let extracted: string | undefined;
        if (source.extracted === "file_name") {
          extracted = dateInName(name);
          if (extracted === undefined)
            issues.push({
              code: "invalid_date",
              file: name,
              value: name,
              expected: "a date YYYYMMDD or YYYY-MM-DD in the file name",
              message: `the source ${source.id} takes the extraction date from the file name, and ${name} has none`,
            });
        } else if (source.extracted !== undefined) extracted = source.extracted;
        try {
          if (sourceFormat(path) === "csv") {
            const header = await csvHeader(path, source.encoding ?? encoding);
            if (header === undefined)
              issues.push({ code: "missing_column", file: name, line: 1, message: "the file is empty: no header", expected: "a header" });
            else for (const i of headerIssues(source, header)) issues.push({ ...i, file: name });
          }
        } catch (error) {
          if (error instanceof ValidationError) issues.push(...error.issues);
          else throw error;
        }
        files.push({ path, name, source, ...(extracted === undefined ? {} : { extracted }) });
      }
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  if (files.length === 0) {
    throw new ValidationError([
      {
        code: "missing_field",
        file: dir,
        expected: mapping.sources.flatMap((s) => s.files).join(", "),
        message: `no file in ${dir} matches a source of the mapping (${mapping.sources.flatMap((s) => s.files).join(", ")})`,
      },
    ]);
  }
  const used = new Set(files.map((f) => f.source.id));
  return { files, unmatched: names.filter((n) => !matched.has(n)), unused: mapping.sources.filter((s) => !used.has(s.id)).map((s) => s.id) };
}

/** The first date `YYYYMMDD` or `YYYY-MM-DD` in a file name that is a real day. */
function dateInName(name: string): string | undefined {
  for (const m of name.matchAll(/(\d{4})-?(\d{2})-?(\d{2})/g)) {
    const iso = `${m[1]}-${m[2]}-${m[3]}`;
    if (!Number.isNaN(parseDayNumber(iso))) return iso;
  }
  return undefined;
}

/** The header of a CSV file from its first 64 KiB (the whole file when the header is longer). */
async function csvHeader(path: string, encoding: TextEncodingName): Promise<string[] | undefined> {
  const fd = openSync(path, "r");
  let head: Buffer;
  try {
    const probe = Buffer.alloc(64 * 1024);
    head = probe.subarray(0, readSync(fd, probe, 0, probe.length, 0));
  } finally {
    closeSync(fd);
  }
  const text = new TextDecoder(detectEncoding(head, encoding)).decode(head);
  const end = text.indexOf("\n");
  const source = end >= 0 ? [text.slice(0, end + 1)] : readTextFile(path, encoding).chunks;
  for await (const batch of tokenizeCsv(source)) {
    const first = batch[0];
    if (first !== undefined) return first.fields.map((f) => f.trim());
  }
  return undefined;
}
