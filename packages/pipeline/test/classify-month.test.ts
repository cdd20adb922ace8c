import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Period, ProvinceColumns } from "@creditclass/core";
import { completeUscc, parsePeriod } from "@creditclass/core";
import { generateProvince } from "@creditclass/generator";
import { ingestDirectory, ingestObjects, toDataFrame } from "@creditclass/ingest";
import { classificationFrame, DEFAULT_MODEL_DOCUMENT, parseModel } from "@creditclass/scoring";
import type { CreditDatabase } from "@creditclass/store";
import { classDistribution, classHistory, loadProvinceColumns, migrationMatrix, monthRun, openDatabase } from "@creditclass/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyMonth, monthReport } from "../src/index.js";

const code = (n: number): string => completeUscc(`91330106${String(n).padStart(9, "0")}`);
const enterprise = (n: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  uscc: code(n),
  name: `测试企业${n}`,
  entity_type: "company",
  region: "330106",
  industry: "F5211",
  established: "2020-01-15",
  registered_capital: 100,
  status: "active",
  address: `ADDR-${n}`,
  recorded: "2020-01-16",
  ...extra,
});

describe("classifyMonth on known enterprises", () => {
  it("applies the default overrides, the individual model, and ignores repaired records", async () => {
    const db = await openDatabase(":memory:");
    await ingestObjects(db, "enterprises", [
      enterprise(1),
      enterprise(2),
      enterprise(3, { status: "revoked" }),
      enterprise(4, { established: "2026-08-20", recorded: "2026-08-21" }),
      enterprise(5, { entity_type: "individual", registered_capital: null }),
      enterprise(6),
    ]);
    const ev = (id: string, n: number, kind: string, date: string, extra: Record<string, unknown> = {}) => ({
      source_id: id,
      kind,
      uscc: code(n),
      date,
      recorded: date,
      ...extra,
    });
    await ingestObjects(db, "events", [
      ev("S1", 1, "serious_entry", "2025-06-01", { reason: "serious_violation" }),
      ev("S2", 2, "serious_entry", "2025-06-01", { reason: "serious_violation" }),
      ev("R2", 2, "credit_repair", "2026-03-01", { repairs: "S2" }),
      ev("P5a", 5, "penalty", "2026-05-01", { severity: "minor", amount: 500, published: "2026-05-03", authority: "杭州市市场监督管理局", case_id: "C1" }),
      ev("P5b", 5, "penalty", "2026-07-01", { severity: "minor", amount: 500, published: "2026-07-03", authority: "杭州市市场监督管理局", case_id: "C2" }),
    ]);
    expect(await db.all("SELECT * FROM quarantine")).toEqual([]);
    const { classification: c } = await classifyMonth(db, parsePeriod("2026-10"));
    const byCode = new Map(c.ids.map((id, r) => [id, r]));
    const cls = (n: number) => "ABCD"[c.riskClass[byCode.get(code(n)) as number] as number];
    const rule = (n: number) => {
      const r = byCode.get(code(n)) as number;
      const o = c.override[r] as number;
      return o < 0 ? null : c.models.models[c.model[r] as number]?.overrides[o]?.id;
    };
    expect([1, 2, 3, 4, 5, 6].map(cls)).toEqual(["D", "A", "D", "B", "D", "A"]);
    expect([1, 2, 3, 4, 5, 6].map(rule)).toEqual(["serious_list", null, "licence_revoked", "observation_period", null, null]);
    expect(c.models.models[c.model[byCode.get(code(5)) as number] as number]?.id).toBe("national-individual");
    // 100 − 2 penalties × 10 − 3 missing annual reports × 10 (none was filed) = 50, below C (60).
    expect(c.scores.score[byCode.get(code(5)) as number]).toBe(50);
    db.close();
  });
});

describe("classifyMonth on a generated province", () => {
  let db: CreditDatabase;
  let province: ProvinceColumns;
  const sep = parsePeriod("2026-09");
  const oct = parsePeriod("2026-10");
  const monthRows = async (p: Period) => db.all("SELECT * FROM classifications WHERE period = ? ORDER BY uscc", [p]);

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-score-"));
    await generateProvince(dir, { enterprises: 1500, seed: "month", end: oct });
    db = await openDatabase(":memory:");
    await ingestDirectory(dir, db);
    province = await loadProvinceColumns(db);
    await classifyMonth(db, sep, { province });
    await classifyMonth(db, oct, { province });
  }, 60_000);
  afterAll(() => db.close());

  it("stores every enterprise with the model hash, input fingerprint and previous class", async () => {
    const run = await monthRun(db, oct);
    const rows = await monthRows(oct);
    expect(run?.enterprises).toBe(rows.length);
    expect(run?.counts.reduce((a, b) => a + b, 0)).toBe(rows.length);
    expect(run?.modelHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run?.inputFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(run?.inputFingerprint).not.toBe((await monthRun(db, sep))?.inputFingerprint);
    const withPrevious = rows.filter((r) => r.previous_class !== null);
    expect(withPrevious.length).toBeGreaterThan(rows.length * 0.9);
    for (const r of withPrevious) expect(r.change).toBe("ABCD".indexOf(String(r.class)) - "ABCD".indexOf(String(r.previous_class)));
    const reasons = JSON.parse(String(rows.find((r) => r.class === "D")?.reasons)) as { indicator: string; points: number }[];
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.map((r) => r.points)).toEqual([...reasons.map((r) => r.points)].sort((a, b) => b - a));
  });

  it("gives byte-identical results when re-run, and replaces the month rather than adding to it", async () => {
    const before = await monthRows(oct);
    const fingerprint = (await monthRun(db, oct))?.inputFingerprint;
    await classifyMonth(db, oct, { province });
    expect(await monthRows(oct)).toEqual(before);
    // Threads change no result, so they are not part of the input fingerprint.
    await classifyMonth(db, oct, { province, indicators: { threads: 2 } });
    expect(await monthRows(oct)).toEqual(before);
    expect((await monthRun(db, oct))?.inputFingerprint).toBe(fingerprint);
  });

  it("scores identically after a JSON round trip of the model (whole province)", async () => {
    const a = await classifyMonth(db, oct, { province, store: false });
    const reloaded = parseModel(JSON.parse(JSON.stringify(a.classification.models)));
    const b = await classifyMonth(db, oct, { province, store: false, models: reloaded });
    expect(b.run.modelHash).toBe(a.run.modelHash);
    expect(Buffer.from(b.classification.scores.score.buffer).equals(Buffer.from(a.classification.scores.score.buffer))).toBe(true);
    expect(Buffer.from(b.classification.riskClass).equals(Buffer.from(a.classification.riskClass))).toBe(true);
    expect(Buffer.from(b.classification.scores.reasonTerm.buffer).equals(Buffer.from(a.classification.scores.reasonTerm.buffer))).toBe(true);
  });

  it("leaves the previous result intact when a run fails before committing", async () => {
    const before = await monthRows(oct);
    const runBefore = await monthRun(db, oct);
    const other = parseModel({ ...DEFAULT_MODEL_DOCUMENT, id: "changed" });
    await expect(
      classifyMonth(db, oct, {
        province,
        models: other,
        beforeCommit: () => {
          throw new Error("power cut");
        },
      }),
    ).rejects.toThrow("power cut");
    expect(await monthRows(oct)).toEqual(before);
    expect(await monthRun(db, oct)).toEqual(runBefore);
  });

  it("answers history queries that add up", async () => {
    const run = await monthRun(db, oct);
    const m = await migrationMatrix(db, sep, oct);
    const intoOct = [0, 1, 2, 3].map((t) => m.counts.reduce((s, row) => s + (row[t] as number), 0) + (m.entered[t] as number));
    expect(intoOct).toEqual(run?.counts);
    expect(m.stability).toBeGreaterThan(0.5);
    expect(m.stability).toBeLessThanOrEqual(1);
    for (const by of [
      { by: "region", level: "city" },
      { by: "industry", level: "section" },
    ] as const) {
      const dist = await classDistribution(db, oct, by);
      expect(dist.reduce((s, d) => s + d.total, 0)).toBe(run?.enterprises);
      for (let k = 1; k < dist.length; k++)
        expect((dist[k - 1] as { highRiskShare: number }).highRiskShare).toBeGreaterThanOrEqual((dist[k] as { highRiskShare: number }).highRiskShare);
    }
    const some = String((await monthRows(oct))[0]?.uscc);
    expect((await classHistory(db, some)).map((h) => h.period)).toEqual(["2026-09", "2026-10"]);
  });

  it("exports results to a DataFrame and gathers the month's report", async () => {
    const { classification } = await classifyMonth(db, oct, { province, store: false });
    const df = await toDataFrame(classificationFrame(classification));
    expect(df.columns).toEqual(["uscc", "class", "scored_class", "score", "probability", "previous_class", "change", "override", "missing"]);
    expect(df.shape[0]).toBe(classification.count);
    const report = await monthReport(db, oct, classification.models, { province });
    expect(report.counts.reduce((a, b) => a + b, 0)).toBe(classification.count);
    expect(report.scoreHistograms.flatMap((h) => h.counts.flat()).reduce((a, b) => a + b, 0)).toBe(classification.count);
    expect(report.validation?.period).toBe("2025-10");
    const roc = report.validation?.roc ?? [];
    expect(roc[0]).toEqual([0, 0]);
    expect(roc[roc.length - 1]).toEqual([1, 1]);
    for (let k = 1; k < roc.length; k++) expect((roc[k] as [number, number])[0]).toBeGreaterThanOrEqual((roc[k - 1] as [number, number])[0]);
  }, 60_000);
});
