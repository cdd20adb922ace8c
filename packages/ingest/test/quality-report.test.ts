import { join } from "node:path";
import { parsePeriod } from "@creditclass/core";
import { generateProvince } from "@creditclass/generator";
import { openDatabase } from "@creditclass/store";
import { describe, expect, it } from "vitest";
import { ingestDirectory, ingestObjects, qualityReport } from "../src/index.js";
import { enterprise, event, tempDir } from "./helpers.js";

describe("qualityReport", () => {
  it("scores the seven dimensions from the planted problems", async () => {
    const dir = tempDir();
    const g = await generateProvince(dir, { enterprises: 800, seed: "dq", end: parsePeriod("2026-10"), dirtyRate: 0.04 });
    const db = await openDatabase(join(dir, "db.duckdb"));
    const s = await ingestDirectory(dir, db);
    const report = await qualityReport(db, parsePeriod("2026-10"));
    expect(report.dimensions.map((d) => d.id)).toEqual([
      "comprehensiveness",
      "timeliness",
      "completeness",
      "accuracy",
      "standardisation",
      "redundancy",
      "linkage",
    ]);
    const dim = (id: string) => report.dimensions.find((d) => d.id === id);
    expect(dim("redundancy")).toMatchObject({ checked: s.totals.read, failed: g.dirty.duplicate });
    expect(dim("accuracy")?.failed).toBe(g.dirty.invalid_code + g.dirty.impossible_date);
    expect(dim("completeness")?.failed).toBe(g.dirty.missing_field);
    const [rel] = await db.all("SELECT count(*) AS n FROM relations WHERE uscc NOT IN (SELECT uscc FROM enterprises)");
    expect(Number(rel?.n)).toBeGreaterThan(0); // relations of the enterprises quarantined for invalid codes
    expect(dim("linkage")?.failed).toBe(s.orphanEvents + Number(rel?.n));
    // The generator publishes ~10 % of penalties after more than 7 working days.
    const timeliness = dim("timeliness");
    expect(timeliness?.failed).toBeGreaterThan(0);
    expect(timeliness?.score).toBeGreaterThan(80);
    expect(timeliness?.samples[0]?.working_days).toBeGreaterThan(7);
    for (const d of report.dimensions) {
      expect(d.score).toBeGreaterThanOrEqual(0);
      expect(d.score).toBeLessThanOrEqual(100);
      expect(d.samples.length).toBeLessThanOrEqual(Math.min(5, d.failed));
    }
    db.close();
  });

  it("finds event kinds and regions with no data at all", async () => {
    const db = await openDatabase(":memory:");
    await ingestObjects(db, "enterprises", [enterprise(1), enterprise(2, { region: "330108" })]);
    await ingestObjects(db, "events", [event(1, "complaint", "2026-01-02", { channel: "report" })]);
    const report = await qualityReport(db, parsePeriod("2026-10"));
    const c = report.dimensions[0];
    expect(c?.failed).toBe(9 + 1);
    expect(c?.samples).toContainEqual({ kind: "penalty" });
    expect(report.dimensions.find((d) => d.id === "timeliness")).toMatchObject({ checked: 0, score: 100 });
    db.close();
  });
});
