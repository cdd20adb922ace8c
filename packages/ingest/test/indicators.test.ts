import { createHash } from "node:crypto";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { IndicatorFrame, ProvinceColumns } from "@creditclass/core";
import { INDICATOR_CATALOG, parsePeriod, periodEnd, ValidationError } from "@creditclass/core";
import { generateProvince } from "@creditclass/generator";
import { loadProvinceColumns, openDatabase } from "@creditclass/store";
import { beforeAll, describe, expect, it } from "vitest";
import { computeIndicators, ingestDirectory, ingestObjects } from "../src/index.js";
import { indicatorWorkerRanges } from "../src/indicators/split-pass.js";
import { code, enterprise, event, tempDir } from "./helpers.js";

const penaltyA = event(1, "penalty", "2025-03-10", {
  severity: "general",
  amount: 5000,
  published: "2025-03-12",
  recorded: "2025-03-12",
  authority: "局",
  case_id: "A",
});
const events = [
  penaltyA,
  event(1, "penalty", "2026-02-01", { severity: "serious", amount: 100000, published: "2026-02-03", recorded: "2026-02-03", authority: "局", case_id: "B" }),
  event(1, "credit_repair", "2025-12-01", { repairs: penaltyA.source_id }),
  event(1, "abnormal_entry", "2025-07-10", { reason: "no_annual_report" }),
  event(1, "abnormal_removal", "2025-09-01", { reason: "report_filed" }),
  event(1, "serious_entry", "2026-03-01", { reason: "serious_violation" }),
  event(1, "complaint", "2026-01-05", { channel: "complaint" }),
  event(1, "complaint", "2026-02-07", { channel: "report" }),
  event(1, "complaint", "2026-02-20", { channel: "complaint" }),
  event(1, "complaint", "2026-03-28", { channel: "complaint", recorded: "2026-04-03" }),
  event(1, "complaint", "2026-04-02", { channel: "complaint" }),
  event(1, "complaint", "2026-04-03", { channel: "complaint" }),
  event(1, "complaint", "2026-04-04", { channel: "complaint" }),
  event(1, "annual_report", "2024-05-01", { report_year: 2023 }),
  event(1, "annual_report", "2025-08-01", { report_year: 2024, flags: "zero_employees;zero_revenue" }),
  event(1, "change", "2026-02-10", { field: "legal_rep" }),
  event(1, "change", "2025-12-20", { field: "address" }),
  event(1, "inspection", "2025-11-11", { task_id: "T1", result: "problem" }),
  event(1, "inspection", "2026-01-10", { task_id: "T2", result: "compliant" }),
];

describe("indicators on known data", () => {
  let province: ProvinceColumns;
  const at = (p: string): IndicatorFrame => computeIndicators(province, parsePeriod(p));
  const row = (frame: IndicatorFrame, n: number): Record<string, number | string | null> => {
    const i = frame.ids().indexOf(code(n));
    if (i < 0) throw new Error(`enterprise ${n} not in frame`);
    return frame.toObjects()[i] ?? {};
  };

  beforeAll(async () => {
    const db = await openDatabase(":memory:");
    await ingestObjects(db, "enterprises", [
      enterprise(1, { address: "SHARED" }),
      enterprise(2, { address: "SHARED", established: "2026-02-10", recorded: "2026-02-10" }),
      enterprise(3, { entity_type: "individual", registered_capital: null, established: "2018-05-01", recorded: "2018-05-02" }),
    ]);
    await ingestObjects(db, "relations", [
      { source_id: "R1", uscc: code(1), party: "P1", party_type: "person", role: "legal_rep", since: "2020-01-15", recorded: "2020-01-16" },
      { source_id: "R2", uscc: code(2), party: "P1", party_type: "person", role: "legal_rep", since: "2026-02-10", recorded: "2026-02-10" },
      { source_id: "R3", uscc: code(3), party: "P3", party_type: "person", role: "legal_rep", since: "2018-05-01", recorded: "2018-05-02" },
    ]);
    const s = await ingestObjects(db, "events", events);
    expect(s.quarantined).toBe(0);
    province = await loadProvinceColumns(db);
    db.close();
  });

  it("has every catalog indicator, with bilingual names", () => {
    const frame = at("2026-04");
    expect(frame.columnNames).toEqual(INDICATOR_CATALOG.map((m) => m.id));
    expect(INDICATOR_CATALOG.length).toBeGreaterThanOrEqual(30);
    for (const family of ["basic", "dynamic", "supervision", "relationship", "social"]) expect(INDICATOR_CATALOG.some((m) => m.family === family)).toBe(true);
    for (const m of INDICATOR_CATALOG) expect(m.name.zh.length * m.name.en.length).toBeGreaterThan(0);
  });

  it("as of 2025-11: the penalty counts, its repair is not known yet", () => {
    const r = row(at("2025-11"), 1);
    expect(r).toMatchObject({
      penalties_12m: 1,
      penalties_36m: 1,
      penalty_severity_decayed: 2,
      months_since_last_penalty: 8,
      on_abnormal_list: 0,
      abnormal_entries_36m: 1,
      annual_report_missing: 1,
      annual_report_late: 1,
      annual_report_zero: 1,
      inspections_24m: 1,
      inspection_problems_24m: 1,
      inspection_problem_rate_24m: 1,
      same_address_count: 0,
    });
    expect(at("2025-11").ids()).not.toContain(code(2));
  });

  it("as of 2026-04: the repaired penalty no longer weighs, late-recorded complaints count once known", () => {
    const frame = at("2026-04");
    expect(row(frame, 1)).toMatchObject({
      penalties_12m: 1,
      penalties_36m: 1,
      serious_penalties_36m: 1,
      penalty_severity_decayed: 4,
      penalty_amount_log_36m: Math.log1p(100000),
      on_serious_list: 1,
      complaints_3m: 6,
      complaints_12m: 7,
      reports_12m: 1,
      changes_12m: 2,
      address_changes_12m: 1,
      legal_rep_changes_6m: 1,
      same_address_count: 1,
      related_enterprises: 1,
      legal_rep_enterprise_count: 1,
    });
    expect(row(frame, 1).complaint_growth).toBeCloseTo(4 / (4 / 3 + 1), 12);
    expect(row(frame, 2)).toMatchObject({ related_listed_share: 1, related_penalised_share: 1, is_new_enterprise: 1, age_months: 2 });
    expect(row(frame, 3)).toMatchObject({ is_individual: 1, log_registered_capital: null, months_since_last_penalty: null, penalties_36m: 0 });
    expect(row(at("2026-03"), 1).complaints_3m).toBe(3);
  });

  it("does not mutate its input columns", () => {
    const snapshot = (): string[] =>
      Object.values(province.events).map((v) => (ArrayBuffer.isView(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64") : String(v)));
    const before = snapshot();
    at("2026-04");
    at("2025-11");
    expect(snapshot()).toEqual(before);
  });

  it("recomputes a past month exactly as it was", () => {
    expect(at("2025-11").toObjects()).toEqual(at("2025-11").toObjects());
    expect(row(at("2025-11"), 1).penalties_36m).toBe(1);
  });

  it("applies validity periods and decay from options", () => {
    const frame = computeIndicators(province, parsePeriod("2026-04"), { validityMonths: { complaint: 1 }, decay: [0.5] });
    expect(row(frame, 1)).toMatchObject({ complaints_3m: 3, complaints_12m: 3, penalty_severity_decayed: 2 });
  });

  it("adds custom indicators from a function and from an expression", () => {
    const frame = computeIndicators(province, parsePeriod("2026-04"), {
      custom: [
        {
          meta: { id: "double_complaints", family: "social", unit: "count", direction: "risk", name: { zh: "双倍投诉", en: "Double complaints" } },
          compute: (f) => f.column("complaints_3m").map((v) => v * 2),
        },
        {
          meta: { id: "penalty_rate", family: "supervision", unit: "ratio", direction: "risk", name: { zh: "处罚率", en: "Penalty rate" } },
          expression: "penalties_36m / max(age_months, 1) + double_complaints",
        },
      ],
    });
    expect(row(frame, 1).penalty_rate).toBeCloseTo(1 / 75 + 12, 12);
    expect(frame.meta("penalty_rate")?.name.zh).toBe("处罚率");
    expect(() =>
      computeIndicators(province, parsePeriod("2026-04"), {
        custom: [{ meta: { id: "x", family: "social", unit: "", direction: "risk", name: { zh: "x", en: "x" } }, expression: "complaints_3m + nope" }],
      }),
    ).toThrow(ValidationError);
  });
});

describe("no look-ahead", () => {
  it("indicators as of a month equal those computed from only the data recorded by its end", async () => {
    const dir = tempDir();
    await generateProvince(dir, { enterprises: 1500, seed: "pit", end: parsePeriod("2026-10") });
    const asOf = parsePeriod("2025-06");
    const cutDir = tempDir();
    for (const f of ["enterprises.csv", "relations.csv"]) copyFileSync(join(dir, f), join(cutDir, f));
    const [header, ...lines] = readFileSync(join(dir, "events.csv"), "utf8").trimEnd().split("\n");
    const kept = lines.filter((l) => (l.split(",")[4] ?? "") <= periodEnd(asOf));
    expect(kept.length).toBeLessThan(lines.length);
    writeFileSync(join(cutDir, "events.csv"), `${[header, ...kept].join("\n")}\n`);
    const frames = [];
    for (const d of [dir, cutDir]) {
      const db = await openDatabase(":memory:");
      await ingestDirectory(d, db);
      frames.push(computeIndicators(await loadProvinceColumns(db), asOf).toObjects());
      db.close();
    }
    expect(frames[0]?.length).toBeGreaterThan(1000);
    expect(frames[0]).toEqual(frames[1]);
  });
});

describe("indicators on two threads", () => {
  /** SHA-256 over the codes and every column's bytes. */
  const digest = (frame: IndicatorFrame): string => {
    const hash = createHash("sha256").update(frame.ids().join("\n"));
    for (const name of frame.columnNames) {
      const c = frame.column(name);
      hash.update(name).update(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
    }
    return hash.digest("hex");
  };
  /** The same columns in ordinary (unshared) memory, events optionally reversed. */
  const copied = (p: ProvinceColumns, reverse: boolean): ProvinceColumns => {
    const order = Int32Array.from({ length: p.events.count }, (_, j) => (reverse ? p.events.count - 1 - j : j));
    const pick = <T extends Int32Array | Uint8Array | Int16Array | Float64Array>(a: T): T => {
      const out = new (a.constructor as new (n: number) => T)(a.length);
      for (let j = 0; j < a.length; j++) out[j] = a[order[j] as number] as number;
      return out;
    };
    const e = p.events;
    const events = { ...e, ent: pick(e.ent), kind: pick(e.kind), detail: pick(e.detail), day: pick(e.day), recorded: pick(e.recorded), month: pick(e.month) };
    return {
      ...p,
      events: { ...events, amount: pick(e.amount), reportYear: pick(e.reportYear), flags: pick(e.flags), repairedOn: pick(e.repairedOn) },
    };
  };

  it("gives the bytes one thread gives, for every month and option; columns outside shared memory or events out of order stay on one thread", async () => {
    const dir = tempDir();
    await generateProvince(dir, { enterprises: 3000, seed: "threads", end: parsePeriod("2026-10"), months: 36 });
    const db = await openDatabase(":memory:");
    await ingestDirectory(dir, db);
    const province = await loadProvinceColumns(db);
    db.close();
    expect(province.events.ent.buffer).toBeInstanceOf(SharedArrayBuffer);
    const variants = [
      {},
      { validityMonths: { penalty: 12, complaint: 6 }, decay: [1, 0.5], severityPoints: { minor: 3, general: 5, serious: 11 }, maxLinksPerPerson: 2 },
    ];
    for (const period of ["2024-02", "2025-06", "2026-10"].map(parsePeriod)) {
      for (const options of variants) {
        const before = indicatorWorkerRanges.answered;
        const two = computeIndicators(province, period, { ...options, threads: 2 });
        // Four passes, each with a half on the worker.
        expect(indicatorWorkerRanges.answered - before).toBe(4);
        expect(digest(two)).toBe(digest(computeIndicators(province, period, { ...options, threads: 1 })));
        expect(two.rowCount).toBeGreaterThan(500);
      }
    }
    const october = parsePeriod("2026-10");
    const expected = digest(computeIndicators(province, october, { threads: 1 }));
    for (const reverse of [false, true]) {
      const before = indicatorWorkerRanges.answered;
      expect(digest(computeIndicators(copied(province, reverse), october, { threads: 2 }))).toBe(expected);
      expect(indicatorWorkerRanges.answered).toBe(before);
    }
  }, 120_000);
});
