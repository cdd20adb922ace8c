import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatDayNumber, NEVER, parsePeriod, RISK_CLASSES } from "@creditclass/core";
import { generateProvince } from "@creditclass/generator";
import { ingestDirectory } from "@creditclass/ingest";
import { populationFromRows } from "@creditclass/sampling";
import type { ClassTableColumns } from "@creditclass/store";
import { classTableColumns, monthScores, openDatabase } from "@creditclass/store";
import { describe, expect, it } from "vitest";
import { populationOfClassTable } from "../src/class-population.js";
import { classifyMonth } from "../src/index.js";

const COLUMNS = ["uscc", "class", "region", "industry", "entity_type", "tags", "last_inspected", "status"] as const;

/** The columns as the rows plan.classes.csv holds (the CLI's `classTableRows` maps them the same way). */
function rowsOf(t: ClassTableColumns): Record<(typeof COLUMNS)[number], string>[] {
  return Array.from({ length: t.count }, (_, i) => ({
    uscc: t.uscc[i] as string,
    class: RISK_CLASSES[t.riskClass[i] as number] as string,
    region: t.regions[t.region[i] as number] as string,
    industry: t.industries[t.industry[i] as number] as string,
    entity_type: t.entityTypes[t.entityType[i] as number] as string,
    tags: t.tagSets[t.tags[i] as number] as string,
    last_inspected: t.lastInspected[i] === NEVER ? "" : formatDayNumber(t.lastInspected[i] as number),
    status: t.statuses[t.status[i] as number] as string,
  }));
}

describe("the sampling population of a month's class-table columns", () => {
  it("equals what the row-by-row class table gave — rows, population, odd texts, NULLs — twice the same; the scores likewise", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-class-population-"));
    await generateProvince(join(dir, "data"), { enterprises: 4_000, seed: "population", end: parsePeriod("2026-10"), months: 36 });
    const db = await openDatabase(":memory:");
    await ingestDirectory(join(dir, "data"), db);
    const oct = parsePeriod("2026-10");
    await classifyMonth(db, oct);
    // Texts a register may hold that sort differently under other collations, and absent values.
    const edits: [string, string][] = [
      ["region", "NULL"],
      ["industry", "NULL"],
      ["entity_type", "NULL"],
      ["tags", "NULL"],
      ["status", "NULL"],
      ["region", "'b'"],
      ["region", "'B'"],
      ["industry", "'é'"],
      ["industry", "'浙江'"],
      ["entity_type", "'company '"],
      ["tags", "' food ; new;;food'"],
      ["tags", "';;'"],
      ["status", "'Revoked'"],
    ];
    for (const [k, [column, value]] of edits.entries()) {
      await db.run(`UPDATE enterprises SET ${column} = ${value} WHERE uscc = (SELECT uscc FROM enterprises ORDER BY uscc LIMIT 1 OFFSET ${k * 7})`);
    }
    // The class table as it was read before: one SQL row per enterprise, every value a string.
    const end = "2026-10-31";
    const before = (
      await db.all(
        `SELECT c.uscc, c.class, e.region, e.industry, e.entity_type, coalesce(e.tags, '') AS tags, coalesce(strftime(i.last, '%Y-%m-%d'), '') AS last_inspected, e.status
         FROM classifications c JOIN enterprises e USING (uscc)
         LEFT JOIN (SELECT uscc, max(date) AS last FROM events WHERE kind = 'inspection' AND date <= ?::DATE AND recorded <= ?::DATE GROUP BY uscc) i USING (uscc)
         WHERE c.period = ? ORDER BY c.uscc`,
        [end, end, oct],
      )
    ).map((r) => Object.fromEntries(COLUMNS.map((c) => [c, String(r[c] ?? "")]))) as Record<(typeof COLUMNS)[number], string>[];
    const t = await classTableColumns(db, oct);
    // Read again (its temporary table has a name of its own and is gone afterwards): the same table.
    expect(rowsOf(await classTableColumns(db, oct))).toEqual(rowsOf(t));
    expect(rowsOf(t)).toEqual(before);
    // The table is worth testing: several regions, tags, inspections and inactive enterprises.
    expect(t.regions.length).toBeGreaterThan(3);
    expect(before.filter((r) => r.last_inspected !== "").length).toBeGreaterThan(100);
    expect(before.filter((r) => r.status === "revoked" || r.status === "deregistered").length).toBeGreaterThan(0);
    const fromColumns = populationOfClassTable(t);
    const fromRows = populationFromRows(before);
    expect({ ...fromColumns, tags: [...fromColumns.tags] }).toEqual({ ...fromRows, tags: [...fromRows.tags] });
    expect([...fromColumns.tags.keys()]).toEqual(expect.arrayContaining(["food", "new"]));
    // The month's scores as columns (the report's histograms) hold what the rows hold, a stored class outside A–D as 255.
    await db.run("UPDATE classifications SET class = 'X' WHERE uscc = (SELECT min(uscc) FROM classifications WHERE period = ?)", [oct]);
    const scores = await monthScores(db, oct);
    const triples = (await db.all("SELECT model, class, score FROM classifications WHERE period = ?", [oct]))
      .map((r) => `${String(r.model)} ${String(r.class)} ${Number(r.score)}`)
      .sort();
    const fromScores = Array.from(
      { length: scores.count },
      (_, i) => `${scores.models[scores.model[i] as number]} ${RISK_CLASSES[scores.riskClass[i] as number] ?? "X"} ${scores.score[i]}`,
    ).sort();
    expect(fromScores).toEqual(triples);
    expect(scores.models.length).toBeGreaterThan(1);
    db.close();
  }, 120_000);
});
