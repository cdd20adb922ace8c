import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase } from "@creditclass/store";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SourceMappingInput } from "../src/index.js";
import { ingestMapped, parseMapping } from "../src/index.js";
import { bulkMappedCsv } from "../src/mapping/bulk-mapped-csv.js";
import { RecordWriter } from "../src/record-store.js";
import { code, tempDir } from "./helpers.js";

/** A pledge-and-penalty style table: codes, amounts in 万元, dates in every format, a report year. */
const MAPPING: SourceMappingInput = {
  kind: "creditclass.source-mapping",
  version: 1,
  name: { zh: "性质测试", en: "property test" },
  dateFormats: ["YYYY-MM-DD", "YYYY/M/D", "YYYYMMDD", "YYYY年M月D日", "YYYY.M.D", "excel"],
  codeTables: {
    penalty_kind: { values: { 警告: "minor", 罚款: "general", 吊销许可证件: "serious", "（全角）罚款": "general" }, unknown: "quarantine" },
  },
  sources: [
    {
      id: "penalties",
      files: ["处罚.csv"],
      kind: "events",
      records: [
        {
          fields: {
            source_id: { column: "编号" },
            kind: { constant: "penalty" },
            uscc: { column: "统一社会信用代码" },
            case_id: { column: "编号" },
            severity: { column: "处罚种类", codes: "penalty_kind" },
            amount: { column: "罚款金额（万元）", unit: "万元" },
            authority: { constant: "某局" },
            date: { column: "决定日期" },
            published: { column: "公示日期" },
            recorded: { column: "公示日期" },
          },
        },
      ],
    },
  ],
};

const dates = fc.oneof(
  fc.date({ min: new Date(Date.UTC(1899, 0, 1)), max: new Date(Date.UTC(2101, 11, 31)), noInvalidDate: true }).chain((d) => {
    const y = String(d.getUTCFullYear()).padStart(4, "0");
    const m = d.getUTCMonth() + 1;
    const day = d.getUTCDate();
    const mm = String(m).padStart(2, "0");
    const dd = String(day).padStart(2, "0");
    const serial = String(Math.round((d.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000));
    return fc.constantFrom(
      `${y}-${mm}-${dd}`,
      `${y}/${m}/${day}`,
      `${y}${mm}${dd}`,
      `${y}年${m}月${day}日`,
      `${y}.${m}.${day}`,
      serial,
      `${y}-${m}-${day}`,
      `${y}-${mm}-${dd} 10:30`,
    );
  }),
  fc.constantFrom("", " ", "2024-02-30", "2024/13/1", "20240230", "60", "0", "2958466", "45367.75", "2024-3-16x", "昨天", "2024年2月29日", "2023年2月29日"),
);
const amounts = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 9999 }))
    .map(([w, f]) => (f === 0 ? String(w) : `${w}.${String(f).padStart(4, "0").replace(/0+$/, "")}`)),
  fc.constantFrom("", "0.0148", "1,250.5", "50万", "3000元", "30万美元", "-1", "1e3", "00012.50", ".5", "12.", "１２"),
);
const kinds = fc.constantFrom("警告", "罚款", "吊销许可证件", "(全角)罚款", "（全角）罚款", " 罚款", "记过", "", "__proto__", "constructor");
const ids = fc.constantFrom("P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8");

describe("the bulk path of a mapped CSV", () => {
  it("stores exactly what the record-by-record path stores, quarantine included, on random values (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(ids, kinds, amounts, dates, dates), { minLength: 1, maxLength: 40 }), async (rows) => {
        const dir = tempDir("cc-bulkprop-");
        const lines = rows.map(([id, kind, amount, date, published], i) =>
          [`${id}-${i % 5}`, code(i % 7), kind, amount, date, published].map((v) => (v.includes(",") ? `"${v}"` : v)).join(","),
        );
        // Quoted fields send a file to the record-by-record path: write the comma-free rows only, so the bulk path is taken.
        const plain = lines.filter((l) => !l.includes('"'));
        fc.pre(plain.length > 0);
        writeFileSync(join(dir, "处罚.csv"), `${["编号,统一社会信用代码,处罚种类,罚款金额（万元）,决定日期,公示日期", ...plain].join("\n")}\n`);
        const mapping = parseMapping(MAPPING);
        // The bulk path is really taken (an SQL error would send the file record by record and make this test vacuous).
        const probe = await openDatabase(":memory:");
        const source = mapping.sources[0];
        if (source === undefined) throw new Error("fixture");
        const writer = await RecordWriter.open(probe, "events", 1);
        const loaded = await bulkMappedCsv(probe, 1, mapping, source, join(dir, "处罚.csv"), "处罚.csv", writer, "probe", {});
        expect(loaded.done ? "bulk" : loaded.reason).toBe("bulk");
        await writer.merge(loaded.done ? loaded.stages.map((table) => ({ table, file: "处罚.csv" })) : []);
        probe.close();
        const tables = async (bulk: boolean) => {
          const db = await openDatabase(":memory:");
          const summary = await ingestMapped(dir, db, mapping, { bulk });
          const out: Record<string, unknown> = { totals: summary.totals };
          for (const t of ["events", "quarantine", "duplicates"]) {
            out[t] = (await db.all(`SELECT * FROM ${t}`)).map((r) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? String(v) : v))).sort();
          }
          db.close();
          return out;
        };
        expect(await tables(true)).toEqual(await tables(false));
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it("also for a list table of two records per row, with empty and blank when-cells (property)", async () => {
    const list: SourceMappingInput = {
      kind: "creditclass.source-mapping",
      version: 1,
      name: { zh: "名录", en: "list" },
      codeTables: { reason: { values: { 未年报: "no_annual_report", 已补报: "report_filed" }, unknown: "keep" } },
      sources: [
        {
          id: "list",
          files: ["名录.csv"],
          kind: "events",
          records: (["列入", "移出"] as const).map((k) => ({
            when: { filled: `${k}日期` },
            fields: {
              source_id: { column: `${k}编号` },
              kind: { constant: k === "列入" ? "abnormal_entry" : "abnormal_removal" },
              uscc: { column: "统一社会信用代码" },
              reason: { column: `${k}原因`, codes: "reason" },
              date: { column: `${k}日期` },
              recorded: { column: `${k}日期` },
            },
          })),
        },
      ],
    };
    const cell = (values: readonly string[]) => fc.oneof(fc.constantFrom(...values), dates);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            ids,
            ids,
            cell(["未年报", "其他", " ", "\u3000", ""]),
            cell(["", " ", "\u3000", "\u2028"]),
            cell(["已补报", "", "__proto__"]),
            cell(["", " ", "\u3000"]),
          ),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        async (rows) => {
          const dir = tempDir("cc-bulklist-");
          const lines = rows.map(([a, b, ra, da, rb, db], i) => [`${a}-${i}`, code(i % 5), ra, da, `${b}-${i}r`, rb, db].join(","));
          writeFileSync(join(dir, "名录.csv"), `${["列入编号,统一社会信用代码,列入原因,列入日期,移出编号,移出原因,移出日期", ...lines].join("\n")}\n`);
          const mapping = parseMapping(list);
          const source = mapping.sources[0];
          if (source === undefined) throw new Error("fixture");
          const probe = await openDatabase(":memory:");
          const writer = await RecordWriter.open(probe, "events", 1);
          const loaded = await bulkMappedCsv(probe, 1, mapping, source, join(dir, "名录.csv"), "名录.csv", writer, "probe", {});
          expect(loaded.done ? "bulk" : loaded.reason).toBe("bulk");
          await writer.merge(loaded.done ? loaded.stages.map((table) => ({ table, file: "名录.csv" })) : []);
          probe.close();
          const tables = async (bulk: boolean) => {
            const db = await openDatabase(":memory:");
            const summary = await ingestMapped(dir, db, mapping, { bulk });
            const out: Record<string, unknown> = { files: summary.files.map((f) => [f.rows, f.read, f.accepted, f.quarantined, f.duplicates]) };
            for (const t of ["events", "quarantine", "duplicates"]) {
              out[t] = (await db.all(`SELECT * FROM ${t}`)).map((r) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? String(v) : v))).sort();
            }
            db.close();
            return out;
          };
          expect(await tables(true)).toEqual(await tables(false));
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
