import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ValidationError } from "@creditclass/core";
import { DataFrame } from "danfojs-node";
import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { loadTableFile, MISSING_MARKERS, tableFromDataFrame, tableFromObjects } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "cc-table-"));
const CSV = `企业代码,违约,月份,行业,负债率,投诉数
E1,0,2026-09,制造业,0.42,3
E2,1,2026-10-15,批发业,NA,
E3,0,2026-10,制造业,1e5,?
E4,1,2026-10,,-,2
`;
const options = { id: "企业代码", label: "违约", month: "月份", categorical: ["行业"] };

describe("loading a labelled table", () => {
  it("reads the same table from UTF-8 CSV, GB18030 CSV, NDJSON, objects and a DataFrame", async () => {
    writeFileSync(join(dir, "t.csv"), CSV);
    writeFileSync(join(dir, "gb.csv"), iconv.encode(CSV, "gb18030"));
    const objects = CSV.trim()
      .split("\n")
      .slice(1)
      .map((l) => {
        const [id, y, month, sector, ratio, complaints] = l.split(",");
        return { 企业代码: id, 违约: Number(y), 月份: month, 行业: sector === "" ? null : sector, 负债率: ratio, 投诉数: complaints };
      });
    writeFileSync(join(dir, "t.ndjson"), objects.map((o) => JSON.stringify(o)).join("\n"));
    const utf8 = await loadTableFile(join(dir, "t.csv"), options);
    const gb = await loadTableFile(join(dir, "gb.csv"), options);
    expect(gb.encoding).toBe("gb18030");
    expect(utf8.encoding).toBe("utf-8");
    const tables = [
      utf8,
      gb,
      await loadTableFile(join(dir, "t.ndjson"), options),
      tableFromObjects(objects, options),
      await tableFromDataFrame(new DataFrame(objects), options),
    ];
    for (const t of tables) {
      expect(t.frame.ids()).toEqual(["E1", "E2", "E3", "E4"]);
      expect([...(t.label ?? [])]).toEqual([0, 1, 0, 1]);
      expect(t.months).toEqual(["2026-09", "2026-10", "2026-10", "2026-10"]);
      expect(t.columns).toEqual([
        { name: "行业", kind: "categorical", missing: 1, categories: ["制造业", "批发业"] },
        { name: "负债率", kind: "numeric", missing: 2 },
        { name: "投诉数", kind: "numeric", missing: 2 },
      ]);
      expect([...t.frame.column("负债率")]).toEqual([0.42, Number.NaN, 1e5, Number.NaN]);
      expect([...t.frame.column("行业")]).toEqual([0, 1, 0, Number.NaN]);
    }
    // Scoring with a fitted model's dictionary: an unseen category is missing, the codes stay the model's.
    const scored = tableFromObjects(
      [
        { 企业代码: "X", 行业: "批发业" },
        { 企业代码: "Y", 行业: "采矿业" },
      ],
      { id: "企业代码", categories: { 行业: ["制造业", "批发业"] } },
    );
    expect([...scored.frame.column("行业")]).toEqual([1, Number.NaN]);
  });

  it("names every non-numeric column, bad label and missing column, with its line", async () => {
    writeFileSync(join(dir, "bad.csv"), "id,y,ratio,sector\na,1,0.5,C\nb,2,x,C\nc,0,0.1,D\n");
    const messages = async (o: Parameters<typeof loadTableFile>[1]) => {
      try {
        await loadTableFile(join(dir, "bad.csv"), o);
        return [];
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        return e.issues.map((i) => i.message);
      }
    };
    expect(await messages({ id: "id", label: "y" })).toEqual([
      `${join(dir, "bad.csv")}:3: label "2" is not 0 or 1`,
      `${join(dir, "bad.csv")}:3: column ratio is not numeric ("x"); declare it categorical or leave it out`,
      `${join(dir, "bad.csv")}:2: column sector is not numeric ("C"); declare it categorical or leave it out`,
    ]);
    expect(await messages({ id: "id", label: "outcome", month: "m" })).toEqual([
      `${join(dir, "bad.csv")}: no column outcome (columns: id, y, ratio, sector)`,
      `${join(dir, "bad.csv")}: no column m (columns: id, y, ratio, sector)`,
    ]);
  });

  it("reads numbers exactly and counts missing markers per column (property)", () => {
    const cell = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => ({ text: String(x), value: Number(String(x)) })),
      fc.integer().map((x) => ({ text: ` ${x} `, value: x })),
      fc.constantFrom(...MISSING_MARKERS, "NA", "Null", "N/A").map((m) => ({ text: m, value: Number.NaN })),
    );
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 40 }), (cells) => {
        const t = tableFromObjects(
          cells.map((c, i) => ({ id: `r${i}`, x: c.text })),
          { id: "id" },
        );
        expect([...t.frame.column("x")]).toEqual(cells.map((c) => c.value));
        expect(t.columns[0]?.missing).toBe(cells.filter((c) => Number.isNaN(c.value)).length);
      }),
      { numRuns: 200 },
    );
  });
});
