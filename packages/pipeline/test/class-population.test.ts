import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatDayNumber, NEVER, parsePeriod, RISK_CLASSES } from "@creditclass/core";
import { generateProvince } from "@creditclass/generator";
import { ingestDirectory } from "@creditclass/ingest";
import { populationFromRows } from "@creditclass/sampling";
import { classTableColumns, openDatabase } from "@creditclass/store";
import { describe, expect, it } from "vitest";
import { populationOfClassTable } from "../src/class-population.js";
import { classifyMonth } from "../src/index.js";

describe("the sampling population of a month's class-table columns", () => {
  it("equals populationFromRows of the same table as rows: dictionaries, tags, inspections, inactive", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-class-population-"));
    await generateProvince(join(dir, "data"), { enterprises: 4_000, seed: "population", end: parsePeriod("2026-10"), months: 36 });
    const db = await openDatabase(":memory:");
    await ingestDirectory(join(dir, "data"), db);
    const oct = parsePeriod("2026-10");
    await classifyMonth(db, oct);
    const t = await classTableColumns(db, oct);
    const rows = Array.from({ length: t.count }, (_, i) => ({
      uscc: t.uscc[i] as string,
      class: RISK_CLASSES[t.riskClass[i] as number] as string,
      region: t.regions[t.region[i] as number] as string,
      industry: t.industries[t.industry[i] as number] as string,
      entity_type: t.entityTypes[t.entityType[i] as number] as string,
      tags: t.tagSets[t.tags[i] as number] as string,
      last_inspected: t.lastInspected[i] === NEVER ? "" : formatDayNumber(t.lastInspected[i] as number),
      status: t.statuses[t.status[i] as number] as string,
    }));
    // The table is worth testing: several regions, tags, inspections and inactive enterprises.
    expect(t.regions.length).toBeGreaterThan(3);
    expect(t.tagSets.filter((s) => s !== "").length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.last_inspected !== "").length).toBeGreaterThan(100);
    expect(rows.filter((r) => r.status === "revoked" || r.status === "deregistered").length).toBeGreaterThan(0);
    expect([...rows.map((r) => r.uscc)].sort()).toEqual(rows.map((r) => r.uscc));
    const fromColumns = populationOfClassTable(t);
    const fromRows = populationFromRows(rows);
    expect({ ...fromColumns, tags: [...fromColumns.tags] }).toEqual({ ...fromRows, tags: [...fromRows.tags] });
    db.close();
  }, 120_000);
});
