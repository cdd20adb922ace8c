/**
 * A province in a bureau's own layout: the register, persons and each business line's events as
 * separate tables with the publicity system's Chinese headers, the bureau's code values, mixed
 * date formats, amounts in 元 or 万元, one table as `.xlsx` and one in GB18030, plus the mapping
 * that reads them back (`mapping.json`). Made from the province in creditclass's own layout, so
 * both hold exactly the same records.
 * @module
 */
import { copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { periodDayBounds } from "@creditclass/core";
import type { GenerateOptions, GenerateSummary } from "../generate-province.js";
import { generateProvince } from "../generate-province.js";
import { bureauMapping } from "./bureau-mapping.js";
import type { BureauTable, DateStyle } from "./bureau-tables.js";
import { BUREAU_TABLES, BUREAU_VALUES } from "./bureau-tables.js";
import type { TableCell, TableWriter } from "./table-writer.js";
import { csvTableWriter, xlsxTableWriter } from "./table-writer.js";

/** Day number of 1899-12-30: serial day 0 of spreadsheets (for days after 1900-02-28). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** A date in a table's style; the `k`-th row of a mixed column takes a date cell, a serial day or `YYYYMMDD` in turn. */
function dateCell(value: string, style: DateStyle, k: number): TableCell {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m === null) return value === "" ? undefined : value;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  switch (style) {
    case "YYYY-MM-DD":
      return value;
    case "YYYY/M/D":
      return `${y}/${Number(mo)}/${Number(d)}`;
    case "YYYYMMDD":
      return `${y}${mo}${d}`;
    case "YYYY年M月D日":
      return `${y}年${Number(mo)}月${Number(d)}日`;
    case "mixed": {
      const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d));
      if (k % 3 === 0) return new Date(ms);
      if (k % 3 === 1) return (ms - EXCEL_EPOCH_MS) / 86_400_000;
      return `${y}${mo}${d}`;
    }
  }
}

/** A creditclass code in the bureau's words (several words are used in turn); unknown values as they are. */
function word(table: string, code: string, k: number): string {
  const words = BUREAU_VALUES[table]?.[code];
  return words === undefined || words.length === 0 ? code : (words[k % words.length] ?? code);
}

/** Yuan to 万元 by moving the decimal point (exact: `148` → `0.0148`). */
function toWan(yuan: string): string {
  if (!/^\d+(\.\d+)?$/.test(yuan)) return yuan;
  const [whole = "", fraction = ""] = yuan.split(".");
  const digits = (whole.padStart(5, "0") + fraction).replace(/0+$/, "");
  const head = digits.slice(0, whole.padStart(5, "0").length - 4).replace(/^0+(?=\d)/, "");
  const tail = digits.slice(whole.padStart(5, "0").length - 4);
  return tail === "" ? head || "0" : `${head || "0"}.${tail}`;
}

/** One table being written, with its row counter (which picks the word and date style of each row). */
class Table {
  readonly #out: TableWriter;
  readonly #def: BureauTable;
  rows = 0;
  constructor(dir: string, def: BureauTable, day: Date) {
    this.#def = def;
    const path = join(dir, def.file);
    this.#out =
      def.encoding === "xlsx" ? xlsxTableWriter(path, def.file.replace(/\.xlsx$/, ""), def.header, day) : csvTableWriter(path, def.header, def.encoding);
  }
  /** Adds a row; date columns are written in their style. */
  push(cells: readonly TableCell[]): void {
    const k = this.rows++;
    this.#out.push(cells.map((c, i) => (typeof c === "string" && Object.hasOwn(this.#def.dates, i) ? dateCell(c, this.#def.dates[i] as DateStyle, k) : c)));
  }
  drain(): Promise<void> {
    return this.#out.drain();
  }
  close(): Promise<void> {
    return this.#out.close();
  }
}

/** A list table (abnormal operations, serious violations): an entry and its later removal share a row. */
class ListTable {
  readonly rows: TableCell[][] = [];
  readonly #open = new Map<string, number>();
  entry(id: string, uscc: string, reason: string, date: string, recorded: string): void {
    this.#open.set(uscc, this.rows.length);
    this.rows.push([id, uscc, reason, date, recorded, "", "", "", ""]);
  }
  removal(id: string, uscc: string, reason: string, date: string, recorded: string): void {
    const at = this.#open.get(uscc);
    const row = at === undefined ? undefined : this.rows[at];
    if (row === undefined) this.rows.push(["", uscc, "", "", "", id, reason, date, recorded]);
    else {
      row.splice(5, 4, id, reason, date, recorded);
      this.#open.delete(uscc);
    }
  }
}

async function* lines(path: string): AsyncGenerator<string[]> {
  const reader = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Number.POSITIVE_INFINITY });
  let first = true;
  for await (const line of reader) {
    if (first) {
      first = false;
      continue;
    }
    if (line !== "") yield line.split(",");
  }
}

/**
 * Writes the bureau-style tables of a province generated in creditclass's own layout.
 *
 * @param ownDir - Folder with `enterprises.csv`, `relations.csv`, `events.csv` (UTF-8).
 * @param outDir - Folder to write the tables and `mapping.json` into.
 * @param day - The workbook's date (the data's last day keeps the output deterministic).
 * @returns The file names written, with their row counts.
 * @example
 * await writeBureauTables("own/", "bureau/", new Date(Date.UTC(2026, 9, 31))) //=> { "登记注册信息.csv": 1000, … }
 */
export async function writeBureauTables(ownDir: string, outDir: string, day: Date): Promise<Record<string, number>> {
  mkdirSync(outDir, { recursive: true });
  const T = BUREAU_TABLES;
  const register = new Table(outDir, T.register, day);
  for await (const [uscc = "", name, type = "", region, industry, established = "", capital, status = "", address, tags, recorded = ""] of lines(
    join(ownDir, "enterprises.csv"),
  )) {
    const k = register.rows;
    register.push([uscc, name, word("entity_type", type, k), region, industry, established, capital, word("status", status, k), address, tags, recorded]);
    if ((k & 0x3fff) === 0x3fff) await register.drain();
  }
  await register.close();
  const persons = new Table(outDir, T.persons, day);
  for await (const [id, uscc, party, partyType = "", role = "", since, recorded] of lines(join(ownDir, "relations.csv"))) {
    const k = persons.rows;
    persons.push([id, uscc, party, word("party_type", partyType, k), word("role", role, k), since, recorded]);
    if ((k & 0x3fff) === 0x3fff) await persons.drain();
  }
  await persons.close();

  const tables = {
    penalty: new Table(outDir, T.penalty, day),
    inspection: new Table(outDir, T.inspection, day),
    annual_report: new Table(outDir, T.annual_report, day),
    pledge: new Table(outDir, T.pledge, day),
    change: new Table(outDir, T.change, day),
    complaint: new Table(outDir, T.complaint, day),
    credit_repair: new Table(outDir, T.credit_repair, day),
  };
  const abnormal = new ListTable();
  const serious = new ListTable();
  let n = 0;
  for await (const e of lines(join(ownDir, "events.csv"))) {
    const [id = "", kind = "", uscc = "", date = "", recorded = "", field = "", year = "", flags = "", severity = "", amount = "", published = ""] = e;
    const [authority = "", caseId = "", reason = "", task = "", result = "", channel = "", repairs = ""] = e.slice(11);
    switch (kind) {
      case "penalty": {
        const t = tables.penalty;
        const yuan = /^\d+(\.\d+)?$/.test(amount) ? Number(amount) : amount;
        t.push([id, uscc, caseId, word("severity", severity, t.rows), yuan, authority, date, published, recorded]);
        break;
      }
      case "inspection":
        tables.inspection.push([id, uscc, task, word("result", result, tables.inspection.rows), date, recorded]);
        break;
      case "annual_report":
        tables.annual_report.push([id, uscc, year === "" ? "" : `${year}年度`, flags === "" ? "" : word("flags", flags, 0), date, recorded]);
        break;
      case "pledge":
        tables.pledge.push([id, uscc, toWan(amount), date, recorded]);
        break;
      case "change":
        tables.change.push([id, uscc, word("field", field, 0), date, recorded]);
        break;
      case "complaint":
        tables.complaint.push([id, uscc, word("channel", channel, 0), date, recorded]);
        break;
      case "credit_repair":
        tables.credit_repair.push([id, uscc, repairs, date, recorded]);
        break;
      case "abnormal_entry":
        abnormal.entry(id, uscc, word("abnormal_reason", reason, 0), date, recorded);
        break;
      case "abnormal_removal":
        abnormal.removal(id, uscc, word("abnormal_reason", reason, 0), date, recorded);
        break;
      case "serious_entry":
        serious.entry(id, uscc, word("serious_reason", reason, 0), date, recorded);
        break;
      case "serious_removal":
        serious.removal(id, uscc, word("serious_reason", reason, 0), date, recorded);
        break;
      default:
        throw new Error(`events.csv: unknown event kind ${kind}`);
    }
    if ((++n & 0x3fff) === 0) await Promise.all(Object.values(tables).map((t) => t.drain()));
  }
  for (const t of Object.values(tables)) await t.close();
  for (const [def, list] of [
    [T.abnormal, abnormal],
    [T.serious, serious],
  ] as const) {
    const t = new Table(outDir, def, day);
    for (const row of list.rows) t.push(row);
    await t.close();
  }
  const counts: Record<string, number> = { [T.register.file]: register.rows, [T.persons.file]: persons.rows };
  for (const t of Object.keys(tables) as (keyof typeof tables)[]) counts[T[t].file] = tables[t].rows;
  counts[T.abnormal.file] = abnormal.rows.length;
  counts[T.serious.file] = serious.rows.length;
  writeFileSync(join(outDir, "mapping.json"), `${JSON.stringify(bureauMapping(), null, 2)}\n`);
  return counts;
}

/**
 * What {@link generateBureauExport} wrote: the province's counts and the tables' row counts.
 * @category Generator
 */
export interface BureauExportSummary extends GenerateSummary {
  readonly format: "bureau";
  /** File → rows written (without the header). */
  readonly tables: Readonly<Record<string, number>>;
}

/**
 * Generates a province as a bureau exports it: the same province as {@link generateProvince}
 * with the same options (so the two ingest to the same database), written as the bureau tables
 * of `BUREAU_TABLES` plus `mapping.json`, `anomalies.csv`, `truth.csv` and `manifest.json`.
 * Same options ⇒ byte-identical files.
 *
 * @param outDir - Folder to write (created if needed).
 * @param options - As for {@link generateProvince} (`encoding` is ignored: each table has its own).
 * @returns The counts.
 * @example
 * await generateBureauExport("out/bureau", { enterprises: 1000, seed: "7", end: parsePeriod("2026-10") });
 * // out/bureau: 登记注册信息.csv (GB18030), 严重违法失信名单.xlsx, … mapping.json
 * @category Generator
 */
export async function generateBureauExport(outDir: string, options: GenerateOptions): Promise<BureauExportSummary> {
  mkdirSync(outDir, { recursive: true });
  const own = mkdtempSync(join(outDir, ".own-layout-"));
  try {
    const { encoding: _ignored, ...rest } = options;
    const summary = await generateProvince(own, rest);
    const last = periodDayBounds(options.end).last;
    const tables = await writeBureauTables(own, outDir, new Date(last * 86_400_000));
    for (const f of ["anomalies.csv", "truth.csv"]) if (existsSync(join(own, f))) copyFileSync(join(own, f), join(outDir, f));
    const result: BureauExportSummary = { ...summary, format: "bureau", tables };
    writeFileSync(join(outDir, "manifest.json"), `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    rmSync(own, { recursive: true, force: true });
  }
}

/**
 * The bureau tables' file names (for tests and the demo).
 *
 * @example
 * BUREAU_FILES.includes("严重违法失信名单.xlsx") //=> true
 * @category Generator
 */
export const BUREAU_FILES: readonly string[] = Object.values(BUREAU_TABLES).map((t) => t.file);
