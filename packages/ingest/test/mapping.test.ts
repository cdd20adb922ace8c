import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase } from "@creditclass/store";
import ExcelJS from "exceljs";
import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import type { SourceMappingInput } from "../src/index.js";
import { checkMapping, draftMapping, ingestMapped, parseMapping, safeParseMapping } from "../src/index.js";
import { convertAmount } from "../src/mapping/parse-amount.js";
import { parseSourceDate } from "../src/mapping/parse-date.js";
import { code, tempDir } from "./helpers.js";

const REGISTER_HEADER = "统一社会信用代码,企业名称,市场主体类型,行政区划代码,行业代码,成立日期,注册资本（万元）,登记状态,住所,核准日期";

/** A small mapping: a register and a penalty table. */
function mappingDoc(): SourceMappingInput {
  return {
    kind: "creditclass.source-mapping",
    version: 1,
    name: { zh: "测试", en: "test" },
    codeTables: {
      entity_type: { values: { "1130": "company", 个体工商户: "individual" } },
      status: { values: { 存续: "active", 注销: "deregistered" } },
      penalty_kind: { values: { 警告: "minor", 罚款: "general" } },
    },
    sources: [
      {
        id: "register",
        files: ["登记*.csv", "登记*.xlsx", "登记*.ndjson"],
        kind: "enterprises",
        records: [
          {
            fields: {
              uscc: { column: ["统一社会信用代码", "注册号"] },
              name: { column: "企业名称" },
              entity_type: { column: "市场主体类型", codes: "entity_type" },
              region: { column: "行政区划代码" },
              industry: { column: "行业代码" },
              established: { column: "成立日期" },
              registered_capital: { column: "注册资本（万元）", unit: "万元" },
              status: { column: "登记状态", codes: "status" },
              address: { column: "住所" },
              recorded: { column: "核准日期" },
            },
          },
        ],
      },
      {
        id: "penalties",
        files: ["处罚_*.csv"],
        kind: "events",
        extracted: "file_name",
        records: [
          {
            fields: {
              source_id: { column: "决定书文号" },
              kind: { constant: "penalty" },
              uscc: { column: "统一社会信用代码" },
              case_id: { column: "决定书文号" },
              severity: { column: "处罚种类", codes: "penalty_kind" },
              amount: { column: "罚款金额（元）", unit: "元" },
              authority: { constant: "某市市场监督管理局" },
              date: { column: "处罚决定日期" },
              published: { column: "公示日期" },
              recorded: { extracted: true },
            },
          },
        ],
      },
    ],
  };
}

const row = (n: number, over: Partial<Record<string, string>> = {}): string =>
  [
    over.uscc ?? code(n),
    over.name ?? `测试企业${n}有限公司`,
    over.type ?? "1130",
    "330106",
    "F5211",
    over.established ?? "2020年1月15日",
    over.capital ?? "100",
    over.status ?? "存续",
    `ADDR-${n}`,
    over.recorded ?? "2020/1/16",
  ].join(",");

async function ingestFolder(dir: string, doc: SourceMappingInput = mappingDoc()) {
  const db = await openDatabase(":memory:");
  const summary = await ingestMapped(dir, db, parseMapping(doc));
  return { db, summary };
}

describe("the mapping document", () => {
  it("reports every problem at once, with its path", () => {
    const doc = mappingDoc();
    const register = doc.sources[0];
    if (register === undefined) throw new Error("fixture");
    const fields = register.records[0]?.fields ?? {};
    delete fields.name;
    fields.status = { column: "登记状态", codes: "no_such_table" };
    fields.colour = { constant: "red" };
    const result = safeParseMapping(doc);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.map((i) => [i.path?.join("."), i.message])).toEqual([
      ["sources.0.records.0.fields.status.codes", "no code table no_such_table in codeTables"],
      ["sources.0.records.0.fields.colour", expect.stringContaining("colour is not a field of enterprises")],
      ["sources.0.records.0.fields.name", "the required field name of enterprises is not mapped"],
    ]);
  });

  it("refuses an extracted date on a source without one, and a unit on a field that is not an amount", () => {
    const doc = mappingDoc();
    const reg = doc.sources[0]?.records[0]?.fields;
    if (reg === undefined) throw new Error("fixture");
    reg.recorded = { extracted: true };
    reg.name = { column: "企业名称", unit: "元" };
    const result = safeParseMapping(doc);
    expect(result.success ? [] : result.issues.map((i) => i.path?.join("."))).toEqual([
      "sources.0.records.0.fields.name.unit",
      "sources.0.records.0.fields.recorded",
    ]);
  });
});

describe("dates and amounts as bureaus write them", () => {
  it.each([
    ["2024-03-16", "2024-03-16"],
    ["2024/3/16", "2024-03-16"],
    ["20240316", "2024-03-16"],
    ["2024年3月16日", "2024-03-16"],
    ["2024-03-16 09:30:00", "2024-03-16"],
    ["45367", "2024-03-16"],
    ["59", "1900-02-28"],
    ["61", "1900-03-01"],
  ])("reads %s as %s", (text, iso) => {
    expect(parseSourceDate(text, ["YYYY-MM-DD", "YYYY/M/D", "YYYYMMDD", "YYYY年M月D日", "excel"])).toBe(iso);
  });

  it.each(["2024/2/30", "2024-13-01", "16.3.2024", "60", "昨天", ""])("refuses %s", (text) => {
    expect(parseSourceDate(text, ["YYYY-MM-DD", "YYYY/M/D", "YYYYMMDD", "YYYY年M月D日", "excel"])).toBeUndefined();
  });

  it("a date written in any format reads back to the same calendar date (property)", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1901, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true }), (d) => {
        const y = d.getUTCFullYear();
        const m = d.getUTCMonth() + 1;
        const day = d.getUTCDate();
        const iso = `${y}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
        const serial = String(Math.round((Date.UTC(y, m - 1, day) - Date.UTC(1899, 11, 30)) / 86_400_000));
        for (const text of [iso, `${y}/${m}/${day}`, iso.replace(/-/g, ""), `${y}年${m}月${day}日`, serial])
          expect(parseSourceDate(text, ["YYYY-MM-DD", "YYYY/M/D", "YYYYMMDD", "YYYY年M月D日", "excel"])).toBe(iso);
      }),
    );
  });

  it("converts 元 and 万元 exactly by moving the decimal point", () => {
    expect(convertAmount("0.0148", "万元", "元")).toEqual({ ok: true, text: "148" });
    expect(convertAmount("148", "元", "万元")).toEqual({ ok: true, text: "0.0148" });
    expect(convertAmount("1,250.50", "元", "元")).toEqual({ ok: true, text: "1250.50" });
    expect(convertAmount("50万元", "元", "元")).toEqual({ ok: true, text: "500000" });
    expect(convertAmount("30万美元", "万元", "万元")).toEqual({ ok: false, message: "has a unit other than 元 or 万元" });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        const yuan = `${whole}.${String(cents).padStart(2, "0")}`.replace(/\.?0+$/, "") || "0";
        const wan = convertAmount(yuan, "元", "万元");
        expect(wan.ok && convertAmount(wan.text, "万元", "元")).toEqual({ ok: true, text: yuan });
      }),
    );
  });
});

describe("ingest --mapping", () => {
  it("quarantines unknown codes, unreadable dates and unit mistakes with the source file, row, column, value and reason; counts add up", async () => {
    const dir = tempDir("cc-map-");
    writeFileSync(
      join(dir, "登记_2026.csv"),
      [
        REGISTER_HEADER,
        row(1),
        row(2, { type: "9999" }),
        row(3, { established: "2020/13/45" }),
        row(4, { capital: "50000000000" }),
        row(5, { status: "__proto__" }),
        row(6, { type: "constructor", status: "toString" }),
        row(7, { capital: "30万美元" }),
      ].join("\n"),
    );
    const { db, summary } = await ingestFolder(dir);
    const file = summary.files[0];
    expect(file).toMatchObject({ file: "登记_2026.csv", read: 7, rows: 7, accepted: 1, quarantined: 6, duplicates: 0 });
    const rows = await db.all("SELECT line, field, value, code FROM quarantine ORDER BY line, field");
    expect(rows).toEqual([
      { line: 3, field: "市场主体类型", value: "9999", code: "invalid_enum" },
      { line: 4, field: "成立日期", value: "2020/13/45", code: "invalid_date" },
      { line: 5, field: "注册资本（万元）", value: "50000000000", code: "invalid_number" },
      { line: 6, field: "登记状态", value: "__proto__", code: "invalid_enum" },
      { line: 7, field: "市场主体类型", value: "constructor", code: "invalid_enum" },
      { line: 7, field: "登记状态", value: "toString", code: "invalid_enum" },
      { line: 8, field: "注册资本（万元）", value: "30万美元", code: "invalid_number" },
    ]);
    const [reason] = await db.all("SELECT reason FROM quarantine WHERE line = 3");
    expect(reason?.reason).toBe('市场主体类型 (entity_type) "9999" is not in the code table entity_type');
    expect(({} as Record<string, unknown>).active).toBeUndefined();
    db.close();
  });

  it("takes the extraction date from the file name, reads GB18030, and splits nothing silently", async () => {
    const dir = tempDir("cc-map-");
    writeFileSync(join(dir, "登记.csv"), [REGISTER_HEADER, row(1), row(2)].join("\n"));
    const penalties = [
      "决定书文号,统一社会信用代码,处罚种类,罚款金额（元）,处罚决定日期,公示日期",
      `杭市监罚〔2026〕1号,${code(1)},罚款,"12,500",2026-10-09,2026-10-12`,
      `杭市监罚〔2026〕2号,${code(2)},警告,0,20261010,2026年10月14日`,
      `杭市监罚〔2026〕3号,${code(2)},罚款,100,20261010`,
    ].join("\r\n");
    writeFileSync(join(dir, "处罚_20261031.csv"), iconv.encode(penalties, "gb18030"));
    const { db, summary } = await ingestFolder(dir);
    const file = summary.files.find((f) => f.file === "处罚_20261031.csv");
    expect(file).toMatchObject({ encoding: "gb18030", read: 3, accepted: 2, quarantined: 1 });
    const events = await db.all("SELECT source_id, detail, amount, strftime(recorded, '%Y-%m-%d') AS recorded FROM events ORDER BY source_id");
    expect(events).toEqual([
      { source_id: "杭市监罚〔2026〕1号", detail: "general", amount: 12500, recorded: "2026-10-31" },
      { source_id: "杭市监罚〔2026〕2号", detail: "minor", amount: 0, recorded: "2026-10-31" },
    ]);
    const [bad] = await db.all("SELECT line, code FROM quarantine");
    expect(bad).toEqual({ line: 4, code: "malformed_record" });
    db.close();
  });

  it("one row, two records: each problem names the column its own record reads (移出原因, not 列入原因)", async () => {
    const dir = tempDir("cc-map-");
    writeFileSync(join(dir, "登记.csv"), [REGISTER_HEADER, row(1)].join("\n"));
    writeFileSync(
      join(dir, "名录.csv"),
      [
        "列入编号,统一社会信用代码,列入原因,列入日期,移出编号,移出原因,移出日期",
        `A1,${code(1)},未年报,2024-07-10,A1r,,2024-09-01`,
        `A2,${code(1)},未年报,2025-07-10,,,`,
      ].join("\n"),
    );
    const doc = mappingDoc();
    doc.sources.push({
      id: "list",
      files: ["名录.csv"],
      kind: "events",
      records: (["列入", "移出"] as const).map((k) => ({
        ...(k === "移出" ? { when: { filled: "移出日期" } } : {}),
        fields: {
          source_id: { column: `${k}编号` },
          kind: { constant: k === "列入" ? "abnormal_entry" : "abnormal_removal" },
          uscc: { column: "统一社会信用代码" },
          reason: { column: `${k}原因` },
          date: { column: `${k}日期` },
          recorded: { column: `${k}日期` },
        },
      })),
    });
    for (const bulk of [true, false]) {
      const db = await openDatabase(":memory:");
      const summary = await ingestMapped(dir, db, parseMapping(doc), { bulk });
      expect(
        summary.files.find((f) => f.file === "名录.csv"),
        String(bulk),
      ).toMatchObject({ rows: 2, read: 3, accepted: 2, quarantined: 1 });
      expect(await db.all("SELECT line, field, code FROM quarantine")).toEqual([{ line: 2, field: "移出原因", code: "missing_field" }]);
      db.close();
    }
  });

  it("a source's own encoding wins over the run's", async () => {
    const dir = tempDir("cc-map-");
    writeFileSync(join(dir, "登记.csv"), iconv.encode([REGISTER_HEADER, row(1)].join("\n"), "gb18030"));
    const doc = mappingDoc();
    const register = doc.sources[0];
    if (register === undefined) throw new Error("fixture");
    const db = await openDatabase(":memory:");
    const summary = await ingestMapped(dir, db, parseMapping({ ...doc, sources: [{ ...register, encoding: "gb18030" }] }), { encoding: "utf-8" });
    expect(summary.files[0]).toMatchObject({ encoding: "gb18030", accepted: 1 });
    expect(await db.all("SELECT name FROM enterprises")).toEqual([{ name: "测试企业1有限公司" }]);
    db.close();
  });

  it("reads an .xlsx worksheet: date cells, serial days, formulas by their result; rows named file!sheet and row", async () => {
    const dir = tempDir("cc-map-");
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("企业");
    ws.addRow(REGISTER_HEADER.split(","));
    ws.addRow([code(1), "甲公司", "1130", "330106", "F5211", new Date(Date.UTC(2020, 0, 15)), 100, "存续", "ADDR-1", 43846]);
    ws.addRow([code(2), "乙商行", "个体工商户", "330106", "F5211", "2020-01-15", { formula: "1+1", result: 2 }, "存续", "ADDR-2", "2020/1/16"]);
    ws.addRow([code(3), "丙公司", "1130", "330106", "F5211", "someday", 5, "存续", "ADDR-3", "2020/1/16"]);
    await wb.xlsx.writeFile(join(dir, "登记.xlsx"));
    const { db, summary } = await ingestFolder(dir);
    expect(summary.files[0]).toMatchObject({ file: "登记.xlsx", encoding: "xlsx", read: 3, accepted: 2, quarantined: 1 });
    const stored = await db.all(
      "SELECT uscc, strftime(established, '%Y-%m-%d') AS e, registered_capital AS c, strftime(recorded, '%Y-%m-%d') AS r FROM enterprises ORDER BY uscc",
    );
    expect(stored).toEqual([
      { uscc: code(1), e: "2020-01-15", c: 100, r: "2020-01-16" },
      { uscc: code(2), e: "2020-01-15", c: 2, r: "2020-01-16" },
    ]);
    expect(await db.all("SELECT file, line, field, value FROM quarantine")).toEqual([{ file: "登记.xlsx!企业", line: 4, field: "成立日期", value: "someday" }]);
    db.close();
  });

  it.each([
    ["shared strings", false],
    ["inline strings (streaming writer)", true],
  ])("reads thousands of Chinese cells of a workbook exactly (%s): no character cut at a chunk boundary", async (_what, streaming) => {
    const dir = tempDir("cc-map-");
    const names = Array.from({ length: 4000 }, (_, n) => `浙江省杭州市测试企业第${n}号有限责任公司（分支机构）`);
    const rows = names.map((name, n) => [
      code(n + 1),
      name,
      "1130",
      "330106",
      "F5211",
      "2020-01-15",
      100,
      "存续",
      `浙江省杭州市西湖区文三路${n}号`,
      "2020-01-16",
    ]);
    const path = join(dir, "登记.xlsx");
    if (streaming) {
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
      const ws = wb.addWorksheet("企业");
      ws.addRow(REGISTER_HEADER.split(",")).commit();
      for (const r of rows) ws.addRow(r).commit();
      ws.commit();
      await wb.commit();
    } else {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet("企业");
      ws.addRow(REGISTER_HEADER.split(","));
      ws.addRows(rows);
      await wb.xlsx.writeFile(path);
    }
    const { db, summary } = await ingestFolder(dir);
    expect(summary.totals).toEqual({ read: 4000, accepted: 4000, quarantined: 0, duplicates: 0 });
    const stored = await db.all("SELECT name FROM enterprises ORDER BY source_line");
    expect(stored.map((r) => r.name)).toEqual(names);
    db.close();
  });

  it("reads NDJSON with the same mapping", async () => {
    const dir = tempDir("cc-map-");
    const header = REGISTER_HEADER.split(",");
    const lines = [row(1), row(2, { type: "不存在" })].map((r) => JSON.stringify(Object.fromEntries(r.split(",").map((v, i) => [header[i], v]))));
    writeFileSync(join(dir, "登记.ndjson"), `${lines.join("\n")}\n`);
    const { db, summary } = await ingestFolder(dir);
    expect(summary.files[0]).toMatchObject({ read: 2, accepted: 1, quarantined: 1 });
    db.close();
  });

  it("refuses a header without a required column before storing anything, naming the file and every column", async () => {
    const dir = tempDir("cc-map-");
    writeFileSync(join(dir, "登记.csv"), [REGISTER_HEADER.replace("企业名称,", "").replace(",核准日期", ""), "x"].join("\n"));
    const db = await openDatabase(":memory:");
    const before = await db.all("SELECT count(*) AS n FROM ingest_files");
    await expect(ingestMapped(dir, db, parseMapping(mappingDoc()))).rejects.toThrow(/登记\.csv:1 企业名称: missing required column/);
    expect(await db.all("SELECT count(*) AS n FROM ingest_files")).toEqual(before);
    db.close();
  });

  it("a worksheet without a required column rolls the whole run back: the database is as it was", async () => {
    const dir = tempDir("cc-map-");
    writeFileSync(join(dir, "登记.csv"), [REGISTER_HEADER, row(1), row(2)].join("\n"));
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("企业").addRow(["统一社会信用代码", "企业名称"]);
    await wb.xlsx.writeFile(join(dir, "登记_2.xlsx"));
    const db = await openDatabase(":memory:");
    await expect(ingestMapped(dir, db, parseMapping(mappingDoc()))).rejects.toThrow(/登记_2\.xlsx!企业:1 市场主体类型: missing required column/);
    for (const table of ["enterprises", "quarantine", "duplicates", "ingest_files"])
      expect(await db.all(`SELECT count(*) AS n FROM ${table}`), table).toEqual([{ n: 0 }]);
    db.close();
  });

  it("a CSV file DuckDB's reader refuses is read record by record in a retried run, with the same result", async () => {
    const dir = tempDir("cc-map-");
    // A row with a field too many: DuckDB's strict reader refuses the file, which aborts the run's transaction.
    writeFileSync(join(dir, "登记.csv"), [REGISTER_HEADER, row(1), `${row(2)},多余`, row(3)].join("\n"));
    const { db, summary } = await ingestFolder(dir);
    expect(summary.files[0]).toMatchObject({ read: 3, accepted: 2, quarantined: 1 });
    expect(await db.all("SELECT line, code FROM quarantine")).toEqual([{ line: 3, code: "malformed_record" }]);
    db.close();
  });

  it("re-ingesting the same export adds nothing: every record is a duplicate already stored", async () => {
    const dir = tempDir("cc-map-");
    writeFileSync(join(dir, "登记.csv"), [REGISTER_HEADER, row(1), row(2)].join("\n"));
    const db = await openDatabase(":memory:");
    const mapping = parseMapping(mappingDoc());
    await ingestMapped(dir, db, mapping);
    const again = await ingestMapped(dir, db, mapping);
    expect(again.totals).toEqual({ read: 2, accepted: 0, quarantined: 0, duplicates: 2 });
    expect(await db.all("SELECT count(*) AS n FROM enterprises")).toEqual([{ n: 2 }]);
    expect(await db.all("SELECT DISTINCT reason FROM duplicates")).toEqual([{ reason: "already stored" }]);
    expect(await db.all("SELECT count(*) AS n FROM ingest_files WHERE record_kind = 'mapping'")).toEqual([{ n: 2 }]);
    db.close();
  });

  it("check: a dry run with counts and the first problems, storing nothing", async () => {
    const dir = tempDir("cc-map-");
    writeFileSync(join(dir, "登记.csv"), [REGISTER_HEADER, row(1), row(2, { status: "迁出" })].join("\n"));
    const result = await checkMapping(dir, parseMapping(mappingDoc()));
    expect(result.summary.totals).toEqual({ read: 2, accepted: 1, quarantined: 1, duplicates: 0 });
    expect(result.unknownCodes).toEqual([{ file: "登记.csv", column: "登记状态", value: "迁出", count: 1 }]);
    expect(result.problems).toEqual([
      { file: "登记.csv", line: 3, field: "登记状态", value: "迁出", code: "invalid_enum", reason: '登记状态 (status) "迁出" is not in the code table status' },
    ]);
  });
});

describe("mapping draft", () => {
  it("places header variants: full-width brackets, spaces, 注册号 for 统一社会信用代码, English names", async () => {
    const dir = tempDir("cc-draft-");
    writeFileSync(
      join(dir, "企业登记信息.csv"),
      ["注册号, 企业 名称 ,企业类型,登记机关区划,行业代码,成立日期,注册资本(万元),经营状态,住所,核准日期,备注", `${row(1)},无`].join("\n"),
    );
    writeFileSync(join(dir, "penalties.csv"), ["source_id,uscc,case_id,处罚种类,罚没款金额(元),处罚机关,决定日期,公示日期", ""].join("\n"));
    const { mapping, files } = await draftMapping(dir);
    const register = files.find((f) => f.file === "企业登记信息.csv");
    expect(register?.preset).toBe("register");
    expect(register?.unplaced).toEqual(["备注"]);
    expect(register?.missing).toEqual([]);
    expect(Object.fromEntries(register?.placed.map((p) => [p.field, p.column]) ?? [])).toMatchObject({
      uscc: "注册号",
      name: "企业 名称",
      registered_capital: "注册资本(万元)",
      status: "经营状态",
    });
    const penalties = files.find((f) => f.file === "penalties.csv");
    expect(penalties).toMatchObject({ preset: "penalties", unplaced: [], missing: [] });
    // The draft is a valid document that reads the file it was drafted from.
    const { summary } = await ingestFolder(dir, mapping);
    expect(summary.files.find((f) => f.file === "企业登记信息.csv")).toMatchObject({ read: 1, accepted: 1 });
  });

  it("places every column of the generated bureau export", async () => {
    const { generateBureauExport } = await import("@creditclass/generator");
    const { parsePeriod } = await import("@creditclass/core");
    const dir = tempDir("cc-draft-");
    await generateBureauExport(dir, { enterprises: 300, seed: "d", end: parsePeriod("2026-10") });
    const { files } = await draftMapping(dir);
    const tables = files.filter((f) => f.preset !== undefined);
    expect(tables.map((f) => f.preset).sort()).toEqual(
      [
        "abnormal_list",
        "annual_reports",
        "changes",
        "complaints",
        "credit_repairs",
        "inspections",
        "pledges",
        "penalties",
        "persons",
        "register",
        "serious_list",
      ].sort(),
    );
    for (const f of tables) expect({ file: f.file, unplaced: f.unplaced, missing: f.missing }).toEqual({ file: f.file, unplaced: [], missing: [] });
    expect(files.filter((f) => f.preset === undefined).map((f) => f.file)).toEqual(["anomalies.csv", "truth.csv"]);
    expect(JSON.parse(readFileSync(join(dir, "mapping.json"), "utf8")).kind).toBe("creditclass.source-mapping");
  }, 30_000);
});
