import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatDayNumber, parsePeriod, periodDayBounds } from "@creditclass/core";
import { ingestDirectory } from "@creditclass/ingest";
import { openDatabase } from "@creditclass/store";
import { afterAll, describe, expect, it } from "vitest";
import type { DirtyKind } from "../src/index.js";
import { generateProvince } from "../src/index.js";

const END = parsePeriod("2026-10");
const root = mkdtempSync(join(tmpdir(), "cc-manifest-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What ingest made of a generated province, counted by the dirty kind that explains it. */
async function ingested(dir: string) {
  const db = await openDatabase(":memory:");
  const summary = await ingestDirectory(dir, db);
  const register = new Set(
    readFileSync(join(dir, "truth.csv"), "utf8")
      .trimEnd()
      .split("\n")
      .slice(1)
      .map((l) => l.split(",")[0]),
  );
  // One row per quarantined record: its first issue's field and code, and how many issues it has.
  const records = await db.all(
    "SELECT record_kind, first(field ORDER BY code) AS field, first(code ORDER BY code) AS code, count(*) AS issues FROM quarantine GROUP BY record_kind, file, line",
  );
  const count = (test: (r: (typeof records)[number]) => boolean) => records.filter(test).length;
  const [duplicates] = await db.all("SELECT count(*) AS n FROM duplicates");
  const orphans = await db.all("SELECT uscc FROM orphan_events");
  const found: Record<DirtyKind, number> = {
    invalid_code: count((r) => r.record_kind === "enterprises" && r.field === "uscc" && r.code !== "missing_field"),
    impossible_date: count((r) => r.code === "impossible_date"),
    missing_field: count((r) => r.code === "missing_field"),
    duplicate: Number(duplicates?.n),
    // Events of an enterprise that is in no register (not of one whose register row was quarantined).
    unknown_enterprise: orphans.filter((o) => !register.has(o.uscc as string)).length,
  };
  const end = formatDayNumber(periodDayBounds(END).last);
  const [dates] = await db.all(`SELECT count(*) FILTER (WHERE date > DATE '${end}') AS after, count(*) FILTER (WHERE recorded < date) AS early FROM events`);
  return { summary, found, records, dates };
}

describe("manifest.json: the answer key of the dirty-data tests", () => {
  // Seed "1" to 2026-10 had an annual report filed on 2026-10-30 whose abnormal-list removal fell on 2026-11-02,
  // recorded 2026-10-31: one impossible date the manifest did not count (and one quarantined at --dirty 0).
  it("with no dirty records, ingest quarantines, dedupes and sets aside nothing, and no event is after the end", async () => {
    const dir = join(root, "clean");
    const manifest = await generateProvince(dir, { enterprises: 3000, seed: "1", end: END, dirtyRate: 0 });
    const { summary, found, dates } = await ingested(dir);
    expect(manifest.dirty).toEqual({ invalid_code: 0, impossible_date: 0, missing_field: 0, duplicate: 0, unknown_enterprise: 0 });
    expect(found).toEqual(manifest.dirty);
    expect(summary.totals).toMatchObject({ quarantined: 0, duplicates: 0 });
    expect(summary.orphanEvents).toBe(0);
    expect([Number(dates?.after), Number(dates?.early)]).toEqual([0, 0]);
    expect(summary.files.find((f) => f.kind === "events")?.accepted).toBe(manifest.events);
  }, 120_000);

  it.each([0.02, 0.3])(
    "with dirtyRate %s, each planted kind is exactly what ingest quarantines, dedupes or sets aside",
    async (dirtyRate) => {
      const dir = join(root, `dirty-${dirtyRate}`);
      const manifest = await generateProvince(dir, { enterprises: 3000, seed: "1", end: END, dirtyRate });
      const { summary, found, records } = await ingested(dir);
      expect(found).toEqual(manifest.dirty);
      // One issue per quarantined record, so the kinds partition the quarantine.
      expect(records.every((r) => Number(r.issues) === 1)).toBe(true);
      expect(summary.totals.quarantined).toBe(manifest.dirty.invalid_code + manifest.dirty.impossible_date + manifest.dirty.missing_field);
      expect(summary.totals.duplicates).toBe(manifest.dirty.duplicate);
      expect(Object.values(manifest.dirty).every((n) => n > 0)).toBe(true);
    },
    120_000,
  );
});
