import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePeriod, parseTags } from "@creditclass/core";
import { generateProvince } from "@creditclass/generator";
import { ingestDirectory } from "@creditclass/ingest";
import type { CreditDatabase } from "@creditclass/store";
import { openDatabase, readAlerts, readPlan, readRegisterAttributes } from "@creditclass/store";
import { NATIONAL_RULES_DOCUMENT, parseRules } from "@creditclass/warning";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMonth, runMonths } from "../src/index.js";

/** The national rules plus one scoped to the register tag `food`, on a condition most enterprises meet. */
const TAGGED_RULES = parseRules({
  ...NATIONAL_RULES_DOCUMENT,
  id: "national-and-food",
  rules: [
    ...NATIONAL_RULES_DOCUMENT.rules,
    {
      id: "food_watch",
      name: { zh: "食品企业关注", en: "Food businesses watched" },
      severity: 1,
      measure: "reminder",
      cooldownDays: 1,
      scope: { tags: ["food"] },
      condition: { kind: "threshold", indicator: "age_months", op: ">=", value: 0 },
    },
  ],
});

describe("runMonth / runMonths over a generated province", () => {
  let dir: string;
  let db: CreditDatabase;
  const end = parsePeriod("2026-10");

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "cc-run-"));
    await generateProvince(join(dir, "data"), { enterprises: 1500, seed: "run", end, months: 30 });
    db = await openDatabase(join(dir, "province.duckdb"));
    await ingestDirectory(join(dir, "data"), db);
  }, 120_000);
  afterAll(() => db.close());

  it("fires tag-scoped rules through the pipeline, for tagged enterprises only", async () => {
    const run = await runMonth(db, end, { rules: TAGGED_RULES, seed: "tags" });
    const { tags } = await readRegisterAttributes(db);
    const food = new Set([...tags].filter(([, list]) => list.includes("food")).map(([uscc]) => uscc));
    expect(food.size).toBeGreaterThan(20);
    const fired = run.lastAlerts.filter((a) => a.ruleId === "food_watch").map((a) => a.uscc);
    // Every food enterprise registered by the month's end is alerted, and no other.
    expect(fired.length).toBeGreaterThan(20);
    for (const uscc of fired) expect(food.has(uscc)).toBe(true);
    const stored = await readAlerts(db, { period: end, rule: "food_watch" });
    expect(stored.map((a) => a.uscc).sort()).toEqual([...fired].sort());
  });

  it("reads tags once, trimmed: the register's text and parseTags agree", async () => {
    const rows = await db.all("SELECT uscc, tags FROM enterprises WHERE coalesce(tags, '') <> ''");
    const { tags } = await readRegisterAttributes(db);
    expect(tags.size).toBe(rows.length);
    for (const r of rows) expect(tags.get(String(r.uscc))).toEqual(parseTags(String(r.tags)));
  });

  it("a range run equals single months run one after another, and a re-run replaces with the same results", async () => {
    const from = parsePeriod("2026-08");
    const range = await runMonths(db, from, end, { seed: "s" });
    const snapshot = async (): Promise<unknown[]> => [
      await db.all("SELECT * FROM classifications WHERE period >= '2026-08' ORDER BY period, uscc"),
      await db.all("SELECT period, rule, uscc, day, severity, measure, evidence FROM alerts WHERE period >= '2026-08' ORDER BY period, rule, uscc, day"),
      await db.all("SELECT * FROM classification_runs WHERE period >= '2026-08' ORDER BY period"),
    ];
    const afterRange = await snapshot();
    let last: Awaited<ReturnType<typeof runMonth>> | undefined;
    for (const p of ["2026-08", "2026-09", "2026-10"]) last = await runMonth(db, parsePeriod(p), { seed: "s" });
    expect(await snapshot()).toEqual(afterRange);
    expect(last?.plan.draw.audit).toEqual(range.plan.draw.audit);
    expect(range.months.map((m) => m.period)).toEqual(["2026-08", "2026-09", "2026-10"]);
    expect(range.months.map((m) => m.run.counts)).toEqual((afterRange[2] as { counts: string }[]).map((r) => JSON.parse(r.counts) as number[]));
  }, 120_000);

  it("stores the plan with its audit; the default task is the national default with 无事不扰 for class A", async () => {
    const run = await runMonth(db, end, { seed: "2026-11-23" });
    expect(run.plan.defaultTask).toBe(true);
    expect(run.plan.task.id).toBe("national-default");
    expect(run.plan.task.exclude.classAWithoutTrigger).toBe(true);
    const stored = await readPlan(db, end);
    expect(stored?.plan.manifestSha256).toBe(run.plan.draw.audit.manifest.sha256);
    expect(stored?.rows.map((r) => r.uscc).sort()).toEqual(run.plan.selections.map((r) => r.uscc).sort());
    // Class A only when mandatory.
    for (const r of run.plan.selections) if (r.class === "A") expect(r.mandatory).toBe(true);
    const ratios = run.plan.task.ratios as { A: number; B: number; C: number; D: number };
    expect(ratios.A <= ratios.B && ratios.B <= ratios.C && ratios.C <= ratios.D).toBe(true);
  }, 60_000);
});
