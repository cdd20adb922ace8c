import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePeriod } from "@creditclass/core";
import { generateProvince } from "@creditclass/generator";
import { ingestDirectory } from "@creditclass/ingest";
import { backtest, DEFAULT_MODEL_SET } from "@creditclass/scoring";
import { loadProvinceColumns, openDatabase } from "@creditclass/store";
import { describe, expect, it } from "vitest";
import { indicatorSource } from "../src/index.js";

describe("the default national model ranks risk on its own backtest", () => {
  for (const seed of ["1", "2"]) {
    it(`gives adverse rates rising A < B < C < D on the months with 12 months of outcomes (seed ${seed})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "cc-order-"));
      await generateProvince(join(dir, "data"), { enterprises: 20_000, seed, end: parsePeriod("2026-10"), months: 48 });
      const db = await openDatabase(":memory:");
      await ingestDirectory(join(dir, "data"), db);
      const province = await loadProvinceColumns(db);
      db.close();
      const months = [parsePeriod("2025-07"), parsePeriod("2025-10")];
      const rows = backtest(province, [{ name: "default", models: DEFAULT_MODEL_SET }], { months, horizon: 12, indicatorsAt: indicatorSource(province) });
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        const [a = 0, b = 0, c = 0, d = 0] = row.byClass.rates;
        expect({ period: row.period, rising: a < b && b < c && c < d, violations: row.byClass.violations }).toEqual({
          period: row.period,
          rising: true,
          violations: [],
        });
        expect(row.byClass.lift).toBeGreaterThan(1.5);
      }
    }, 120_000);
  }
});
