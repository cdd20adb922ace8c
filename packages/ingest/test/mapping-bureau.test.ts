import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parsePeriod } from "@creditclass/core";
import { generateBureauExport, generateProvince } from "@creditclass/generator";
import type { CreditDatabase } from "@creditclass/store";
import { openDatabase } from "@creditclass/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestDirectory, ingestMapped, parseMapping, qualityReport } from "../src/index.js";
import { bulkMappedCsv } from "../src/mapping/bulk-mapped-csv.js";
import { RecordWriter } from "../src/record-store.js";
import { tempDir } from "./helpers.js";

const END = parsePeriod("2026-10");
const OPTIONS = { enterprises: 1500, seed: "16", end: END, dirtyRate: 0.04 } as const;
const root = tempDir("cc-bureau-");
const own = join(root, "own");
const bureau = join(root, "bureau");
let a: CreditDatabase;
let b: CreditDatabase;
let c: CreditDatabase;

beforeAll(async () => {
  await generateProvince(own, OPTIONS);
  await generateBureauExport(bureau, OPTIONS);
  a = await openDatabase(":memory:");
  b = await openDatabase(":memory:");
  await ingestDirectory(own, a);
  const mapping = parseMapping(JSON.parse(readFileSync(join(bureau, "mapping.json"), "utf8")));
  await ingestMapped(bureau, b, mapping);
  c = await openDatabase(":memory:");
  await ingestMapped(bureau, c, mapping, { bulk: false });
}, 120_000);
afterAll(() => {
  a?.close();
  b?.close();
  c?.close();
  rmSync(root, { recursive: true, force: true });
});

/** A table's rows without where they came from (file names, lines, the source's column names), sorted. */
async function content(db: CreditDatabase, sql: string): Promise<string[]> {
  const rows = await db.all(sql);
  return rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? String(v) : v))).sort();
}

describe("a province as a bureau exports it, ingested through its mapping", () => {
  it.each([
    ["enterprises", "SELECT * EXCLUDE (source_file, source_line) FROM enterprises"],
    ["relations", "SELECT * EXCLUDE (source_file, source_line) FROM relations"],
    ["events", "SELECT * EXCLUDE (source_file, source_line) FROM events"],
    ["quarantine", "SELECT run_id, record_kind, code, value FROM quarantine"],
    ["duplicates", "SELECT run_id, record_kind, key FROM duplicates"],
    ["orphan_events", "SELECT source_id, kind, uscc FROM orphan_events"],
  ])("stores the same %s as the province in creditclass's own layout", async (_table, sql) => {
    const expected = await content(a, sql);
    expect(expected.length).toBeGreaterThan(0);
    expect(await content(b, sql)).toEqual(expected);
  });

  it("stores the same rows in every other table (results tables are empty after an ingest)", async () => {
    const tables = await a.all("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY 1");
    for (const { table_name } of tables) {
      const name = String(table_name);
      if (["enterprises", "relations", "events", "quarantine", "duplicates", "ingest_files"].includes(name)) continue;
      expect(await content(b, `SELECT * FROM ${name}`), name).toEqual(await content(a, `SELECT * FROM ${name}`));
    }
  });

  it("gives the same data-quality report", async () => {
    const scores = async (db: CreditDatabase) =>
      (await qualityReport(db, END)).dimensions.map((d) => ({ id: d.id, score: d.score, checked: d.checked, failed: d.failed }));
    expect(await scores(b)).toEqual(await scores(a));
  });

  it("counts every row of every source file: read = accepted + quarantined + duplicates, per file and in total", async () => {
    const files = await b.all("SELECT file, read, accepted, quarantined, duplicates FROM ingest_files WHERE record_kind <> 'mapping'");
    expect(files.length).toBe(11);
    for (const f of files) expect(Number(f.read), String(f.file)).toBe(Number(f.accepted) + Number(f.quarantined) + Number(f.duplicates));
    const total = async (db: CreditDatabase) => (await db.all("SELECT sum(read) AS r, sum(accepted) AS a FROM ingest_files"))[0];
    expect(await total(b)).toEqual(await total(a));
  });

  it("gives the same tables, provenance and quarantine on DuckDB's bulk path as record by record", async () => {
    for (const table of ["enterprises", "relations", "events", "quarantine", "duplicates"]) {
      const sql = `SELECT * FROM ${table}`;
      expect(await content(b, sql), table).toEqual(await content(c, sql));
    }
    const files = "SELECT record_kind, file, encoding, sha256, read, accepted, quarantined, duplicates FROM ingest_files";
    expect(await content(b, files)).toEqual(await content(c, files));
  });

  it("takes DuckDB's reader for every UTF-8 CSV table, the list with two records per row included (no SQL error falls back in silence)", async () => {
    const mapping = parseMapping(JSON.parse(readFileSync(join(bureau, "mapping.json"), "utf8")));
    const db = await openDatabase(":memory:");
    let loaded = 0;
    for (const source of mapping.sources) {
      const file = source.files[0] ?? "";
      if (!file.endsWith(".csv") || source.kind === "enterprises") continue;
      const writer = await RecordWriter.open(db, source.kind, 1);
      const result = await bulkMappedCsv(db, 1, mapping, source, join(bureau, file), file, writer, `t${loaded}`, {});
      expect(result.done ? "bulk" : result.reason, file).toBe("bulk");
      await writer.merge(result.done ? result.stages.map((table) => ({ table, file })) : []);
      loaded++;
    }
    expect(loaded).toBe(9);
    db.close();
  });

  it("records the mapping's SHA-256 with the run", async () => {
    const [row] = await b.all("SELECT file, sha256 FROM ingest_files WHERE record_kind = 'mapping'");
    expect(row?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("names the source file, row and column of a quarantined record", async () => {
    const rows = await b.all("SELECT file, line, field, reason FROM quarantine WHERE code = 'missing_field' AND record_kind = 'enterprises' LIMIT 1");
    expect(rows[0]).toMatchObject({ file: "登记注册信息.csv", field: "行政区划代码" });
    expect(String(rows[0]?.reason)).toContain("(region)");
  });
});

describe("generate --format bureau", () => {
  it("writes byte-identical files for the same options", async () => {
    const again = join(root, "again");
    await generateBureauExport(again, OPTIONS);
    for (const file of ["登记注册信息.csv", "严重违法失信名单.xlsx", "行政处罚.csv", "经营异常名录.csv", "mapping.json", "manifest.json"])
      expect(readFileSync(join(again, file)).equals(readFileSync(join(bureau, file))), file).toBe(true);
  }, 60_000);

  it("writes the register in GB18030 and dates in several formats", () => {
    const bytes = readFileSync(join(bureau, "登记注册信息.csv"));
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const text = new TextDecoder("gb18030").decode(bytes);
    expect(text.split("\n")[0]).toContain("统一社会信用代码");
    expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(readFileSync(join(bureau, "抽查检查结果.csv"), "utf8")).toMatch(/,20\d{6},/);
  });
});
