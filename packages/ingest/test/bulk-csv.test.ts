import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parsePeriod } from "@creditclass/core";
import { generateProvince } from "@creditclass/generator";
import type { CreditDatabase } from "@creditclass/store";
import { openDatabase } from "@creditclass/store";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RecordKind } from "../src/index.js";
import { ingestDirectory, ingestFile } from "../src/index.js";
import { code, tempDir } from "./helpers.js";

const TABLES = ["enterprises", "relations", "events", "quarantine", "duplicates"];

async function dump(db: CreditDatabase): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES)
    out[t] = await db.all(`SELECT * EXCLUDE (${t === "quarantine" || t === "duplicates" ? "run_id" : "source_file"}) FROM ${t} ORDER BY ALL`);
  return out;
}

async function bothWays(dir: string): Promise<[Record<string, unknown[]>, Record<string, unknown[]>, unknown, unknown]> {
  const dbs = [await openDatabase(":memory:"), await openDatabase(":memory:")] as const;
  const a = await ingestDirectory(dir, dbs[0], { bulk: true });
  const b = await ingestDirectory(dir, dbs[1], { bulk: false });
  const result: [Record<string, unknown[]>, Record<string, unknown[]>, unknown, unknown] = [await dump(dbs[0]), await dump(dbs[1]), a.totals, b.totals];
  for (const db of dbs) db.close();
  return result;
}

describe("bulk CSV path", () => {
  it("stores exactly what the record-by-record path stores, on a dirty province with odd but valid rows", async () => {
    const dir = tempDir();
    await generateProvince(dir, { enterprises: 700, seed: "bulk", end: parsePeriod("2026-10"), dirtyRate: 0.05 });
    // Rows that zod accepts but that are not canonical: lower case, padding, exponent, ideographic space.
    appendFileSync(
      join(dir, "events.csv"),
      `${[
        `X1,complaint,${code(1).toLowerCase()},2026-01-02,2026-01-03,,,,,,,,,,,,report,`,
        `X2,pledge,${code(2)},2026-01-02,2026-01-03,,,,,1e3,,,,,,,,`,
        ` X3 ,penalty,${code(3)},2026-01-02,2026-01-03,,,,general,  500 ,2026-01-04,　局　,C9,,,,,`,
        `X4,annual_report,${code(4)},2026-01-02,2026-01-03,,2025,zero_revenue;,,,,,,,,,,`,
        `X5,annual_report,${code(5)},2026-01-02,2026-01-03,,2025,zero_profit,,,,,,,,,,`,
        `X6,inspection,${code(6)},0000-01-02,2026-01-03,,,,,,,,,,T,problem,,`,
      ].join("\n")}\n`,
    );
    const [bulk, slow, bulkTotals, slowTotals] = await bothWays(dir);
    expect(bulkTotals).toEqual(slowTotals);
    for (const t of TABLES) expect(bulk[t], t).toEqual(slow[t]);
    expect(bulk.events?.length).toBeGreaterThan(3000);
    expect((bulk.events as { source_id: string }[]).filter((e) => e.source_id.startsWith("X")).map((e) => e.source_id)).toEqual(["X1", "X2", "X3", "X4"]);
  }, 60_000);

  it("property: for random field values, both paths accept, convert and reject alike", async () => {
    const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
    const cell = (good: readonly string[], bad: readonly string[]) => fc.oneof({ weight: 4, arbitrary: pick(good) }, { weight: 1, arbitrary: pick(bad) });
    const row = fc.record({
      source_id: cell(["E1", "E2", "E3", "e4", "E-5"], ["", " E6", "E7 "]),
      kind: cell(["change", "penalty", "complaint", "annual_report", "pledge", "credit_repair"], ["fine", "", "Penalty"]),
      uscc: cell([code(1), code(2)], [code(1).toLowerCase(), "91330100716105852A", "123", ""]),
      date: cell(["2025-01-01", "2024-02-29"], ["2025-02-29", "2025-1-1", "20250101", ""]),
      recorded: cell(["2025-03-01", "2026-01-01"], ["2023-01-01", "2025-13-01", ""]),
      field: cell(["legal_rep", "address", ""], ["LEGAL_REP", " address"]),
      report_year: cell(["2024", ""], ["1989", "2024.5", "20x4", " 2024"]),
      flags: cell(["", "zero_revenue", "zero_employees;zero_revenue"], ["zero", ";;", "zero_revenue; zero_assets"]),
      severity: cell(["minor", "serious"], ["grave", ""]),
      amount: cell(["100", "0", "12.5", ""], ["-1", "1e2", "0x10", "1,000", " 7", "Infinity"]),
      published: cell(["2025-03-01"], ["2024-12-31", "", "2025-3-1"]),
      authority: cell(["局", "A"], ["", " 局"]),
      case_id: cell(["C1"], [""]),
      channel: cell(["report", "complaint"], ["phone", ""]),
      repairs: cell(["E1"], ["", "　E1"]),
    });
    const header = [
      "source_id",
      "kind",
      "uscc",
      "date",
      "recorded",
      "field",
      "report_year",
      "flags",
      "severity",
      "amount",
      "published",
      "authority",
      "case_id",
      "channel",
      "repairs",
    ];
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 25 }), async (rows) => {
        const dir = tempDir("cc-prop-");
        const lines = rows.map((r) => header.map((h) => (r as Record<string, string>)[h]).join(","));
        writeFileSync(join(dir, "events.csv"), `${header.join(",")}\n${lines.join("\n")}\n`);
        const results = [];
        for (const bulk of [true, false]) {
          const db = await openDatabase(":memory:");
          const s = await ingestFile(db, join(dir, "events.csv"), "events" as RecordKind, { bulk });
          results.push({ s: { ...s, encoding: "" }, tables: await dump(db) });
          db.close();
        }
        expect(results[0]).toEqual(results[1]);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
