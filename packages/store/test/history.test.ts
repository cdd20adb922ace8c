import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Period, RiskClass } from "@creditclass/core";
import type { ClassificationRun, CreditDatabase, StoredClassRow } from "@creditclass/store";
import { historySeals, openDatabase, replaceMonth, replaceMonthAlerts, sealMonth, verifyHistory } from "@creditclass/store";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const CLASSES: readonly RiskClass[] = ["A", "B", "C", "D"];

/** A month of n classes for codes E0000…, deterministic. */
function month(period: Period, n: number, shift = 0): { run: ClassificationRun; rows: StoredClassRow[] } {
  const rows: StoredClassRow[] = Array.from({ length: n }, (_, i) => {
    const c = CLASSES[(i + shift) % 4] as RiskClass;
    return {
      uscc: `E${String(i).padStart(5, "0")}`,
      class: c,
      score: (i * 7 + shift) % 100,
      probability: i % 3 === 0 ? null : ((i % 10) + 0.5) / 11,
      scored_class: c,
      previous_class: null,
      change: null,
      model: "company",
      override: null,
      reasons: "[]",
      missing: 0,
    };
  });
  const run: ClassificationRun = {
    period,
    modelSet: "default",
    modelHash: `m-${period}`,
    inputFingerprint: `f-${period}`,
    enterprises: n,
    counts: [0, 0, 0, 0],
    cutoffs: "{}",
  };
  return { run, rows };
}

describe("the chained history of stored months", () => {
  let db: CreditDatabase;
  beforeEach(async () => {
    db = await openDatabase(":memory:");
  });
  afterEach(() => db.close());

  async function store(period: Period, n: number, shift = 0): Promise<void> {
    const m = month(period, n, shift);
    await replaceMonth(db, m.run, m.rows);
  }

  it("verifies a clean database and chains each seal to the previous head", async () => {
    await store("2026-09" as Period, 3000);
    await store("2026-10" as Period, 3000, 1);
    const seals = await historySeals(db);
    // replaceMonth seals as it commits.
    expect(seals.map((s) => s.seq)).toEqual([1, 2]);
    expect(seals[1]?.prevHead).toBe(seals[0]?.head);
    const verdict = await verifyHistory(db);
    expect(verdict).toEqual({ ok: true, seals: 2, months: 2, head: seals[1]?.head });
  });

  it("names the month and the row of a class changed by an UPDATE behind its back", async () => {
    await store("2026-09" as Period, 3000);
    await store("2026-10" as Period, 3000, 1);
    await db.run("UPDATE classifications SET class = 'A' WHERE period = '2026-10' AND uscc = 'E02050' AND class <> 'A'");
    const verdict = await verifyHistory(db);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict).toMatchObject({ period: "2026-10", kind: "rows", part: "classes", row: 2050, seq: 2 });
    expect(verdict.rowText).toContain("E02050");
    expect(verdict.message).toMatch(/^2026-10: classes row 2050 no longer matches seal 2/);
  });

  it("finds deleted and inserted rows, a changed run record and an edited seal", async () => {
    await store("2026-10" as Period, 500);
    await db.run("DELETE FROM classifications WHERE uscc = 'E00499'");
    expect(await verifyHistory(db)).toMatchObject({ ok: false, part: "classes", row: 499 });
    await store("2026-10" as Period, 500);
    expect((await verifyHistory(db)).ok).toBe(true);
    await db.run("UPDATE classification_runs SET model_hash = 'other'");
    expect(await verifyHistory(db)).toMatchObject({ ok: false, period: "2026-10", part: "run", row: 0 });
    await store("2026-10" as Period, 500);
    await db.run("UPDATE history_seals SET rows_root = 'x' WHERE seq = 1");
    expect(await verifyHistory(db)).toMatchObject({ ok: false, kind: "chain", seq: 1 });
  });

  it("finds chunks rewritten to match changed rows, and seals only the parts a writer wrote", async () => {
    await store("2026-10" as Period, 2000);
    await replaceMonthAlerts(db, "2026-10" as Period, [], "h");
    const seals = await historySeals(db);
    expect(seals.map((s) => s.parts)).toEqual([["run", "classes"], ["alerts"]]);
    await db.run("UPDATE classifications SET score = score + 1 WHERE uscc = 'E01500'");
    await db.run("UPDATE history_chunks SET sha256 = 'forged' WHERE seq = 1 AND part = 'classes' AND chunk = 1");
    expect(await verifyHistory(db)).toMatchObject({
      ok: false,
      kind: "chain",
      seq: 1,
      message: "2026-10: seal 1 does not chain (its stored chunks were changed)",
    });
  });

  it("reports a month stored but never sealed, and seals alerts too", async () => {
    await store("2026-09" as Period, 10);
    await db.run("INSERT INTO plans VALUES ('2026-08', 't', 'h', 's', 0, 0, 'm', 's', '{}', '{}')");
    expect(await verifyHistory(db)).toMatchObject({ ok: false, period: "2026-08", part: "plan", message: "2026-08: plan stored but never sealed" });
    await sealMonth(db, "2026-08" as Period);
    expect((await verifyHistory(db)).ok).toBe(true);
    await replaceMonthAlerts(db, "2026-10" as Period, [], "h");
    await db.run("INSERT INTO alerts VALUES ('2026-10', 'R1', 'E00001', DATE '2026-10-03', 2, 'watch', '{}', 'h')");
    expect(await verifyHistory(db)).toMatchObject({ ok: false, part: "alerts", row: 0 });
  });

  it("seals the months an earlier schema stored when the database is upgraded", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "cc-upgrade-")), "old.duckdb");
    const old = await openDatabase(path);
    for (const [k, period] of (["2026-09", "2026-10"] as Period[]).entries()) {
      const m = month(period, 50, k);
      await replaceMonth(old, m.run, m.rows);
    }
    // What a schema-2 database looked like: no seals, no tokens, no access log.
    for (const table of ["history_seals", "history_chunks", "api_tokens", "access_log"]) await old.run(`DROP TABLE ${table}`);
    await old.run("UPDATE meta SET value = '2' WHERE key = 'schema_version'");
    old.close();
    const upgraded = await openDatabase(path);
    try {
      expect((await historySeals(upgraded)).map((s) => [s.period, s.parts.length])).toEqual([
        ["2026-09", 5],
        ["2026-10", 5],
      ]);
      expect(await verifyHistory(upgraded)).toMatchObject({ ok: true, months: 2 });
    } finally {
      upgraded.close();
    }
  });

  it("gives the same head for the same rows whatever order they were written in (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 40 }), fc.integer(), async (classes, seed) => {
        const heads: string[] = [];
        for (const reverse of [false, true]) {
          const other = await openDatabase(":memory:");
          try {
            const m = month("2026-10" as Period, classes.length);
            const rows = m.rows.map((r, i) => ({ ...r, class: CLASSES[classes[i] ?? 0] as RiskClass, score: seed % 97 }));
            await replaceMonth(other, m.run, reverse ? rows.reverse() : rows);
            heads.push((await historySeals(other))[0]?.head ?? "");
          } finally {
            other.close();
          }
        }
        expect(heads[0]).toBe(heads[1]);
      }),
      { numRuns: 15 },
    );
  });
});
