import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Period, RiskClass } from "@creditclass/core";
import { addPeriods, formatDayNumber, formatPath, parsePeriod, periodDayBounds } from "@creditclass/core";
import type { ProvinceColumns } from "@creditclass/ingest";
import { computeIndicators, DETAIL_CODES, EVENT_KINDS, generateProvince, ingestDirectory, loadProvinceColumns, openDatabase } from "@creditclass/ingest";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Alert, StreamEvent } from "../src/index.js";
import { createStreamingEngine, evaluateMonth, NATIONAL_RULES, NATIONAL_RULES_DOCUMENT, parseRules, safeParseRules, windowCounts } from "../src/index.js";

describe("rule documents", () => {
  it("names the path and the problem", () => {
    const doc = {
      ...NATIONAL_RULES_DOCUMENT,
      rules: [
        {
          id: "a",
          name: { zh: "甲", en: "a" },
          severity: 2,
          measure: "warning",
          condition: { kind: "window", events: ["change"], details: ["shoe_size"], days: 30, atLeast: 2 },
        },
        { id: "a", name: { zh: "乙", en: "b" }, severity: 5, measure: "warning", condition: { kind: "expression", expression: "penalties_12m > 1 and nope" } },
        {
          id: "c",
          name: { zh: "丙", en: "c" },
          severity: 1,
          measure: "fine",
          condition: { kind: "not", condition: { kind: "threshold", indicator: "x", op: ">", value: 1 } },
        },
      ],
    };
    const r = safeParseRules(doc);
    expect(r.success ? [] : r.issues.map((i) => `${formatPath(i.path ?? [])}: ${i.message}`)).toEqual([
      "rules[1].severity: Too big: expected number to be <=4",
      'rules[2].measure: Invalid option: expected one of "reminder"|"warning"|"interview"|"inspection"',
    ]);
    const shaped = { ...doc, rules: doc.rules.map((rule) => ({ ...rule, severity: 2, measure: "warning" })) };
    const semantic = safeParseRules(shaped);
    expect(semantic.success ? [] : semantic.issues.map((i) => `${formatPath(i.path ?? [])}: ${i.message}`)).toEqual([
      "rules[0].condition.details[0]: unknown event detail shoe_size",
      "rules[1].id: rule id a is used twice",
      "rules[1].condition.expression: unknown name nope at position 23",
      "rules[2].condition.condition.indicator: unknown indicator x",
    ]);
  });
});

describe("the batch engine on a generated province", () => {
  let province: ProvinceColumns;
  let anomalies: { kind: string; month: Period; members: string[] }[];
  const end = parsePeriod("2026-10");

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-warn-"));
    await generateProvince(dir, { enterprises: 3000, seed: "warn", end });
    anomalies = readFileSync(join(dir, "anomalies.csv"), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => {
        const [, kind, month, members] = l.split(",");
        return { kind: kind ?? "", month: parsePeriod(month ?? ""), members: (members ?? "").split(";") };
      });
    const db = await openDatabase(":memory:");
    await ingestDirectory(dir, db);
    province = await loadProvinceColumns(db);
    db.close();
  }, 60_000);

  it("finds every planted anomaly in its month or the next, and counts the false positives", () => {
    const ruleOf: Record<string, string> = {
      abnormal_registration: "abnormal_registration",
      legal_rep_burst: "abnormal_changes",
      complaint_surge: "complaint_surge",
    };
    const months = [...new Set(anomalies.flatMap((a) => [a.month, addPeriods(a.month, 1)]))].filter((m) => m <= end).sort();
    const alerts = new Map<Period, Alert[]>();
    for (const m of months) alerts.set(m, evaluateMonth(province, m, NATIONAL_RULES, { indicators: computeIndicators(province, m) }));
    const found = (rule: string, uscc: string, m: Period) =>
      [m, addPeriods(m, 1)].some((x) => alerts.get(x)?.some((a) => a.ruleId === rule && a.uscc === uscc));
    const missed = anomalies.flatMap((a) => a.members.filter((u) => !found(ruleOf[a.kind] ?? "", u, a.month)).map((u) => `${a.kind} ${a.month} ${u}`));
    expect(missed).toEqual([]);
    expect(anomalies.length).toBeGreaterThanOrEqual(6);
    const planted = new Set(anomalies.flatMap((a) => a.members.map((u) => `${ruleOf[a.kind]}|${u}`)));
    const falsePositives = Object.fromEntries(
      Object.values(ruleOf).map((rule) => [
        rule,
        new Set(
          [...alerts.values()]
            .flat()
            .filter((a) => a.ruleId === rule && !planted.has(`${rule}|${a.uscc}`))
            .map((a) => a.uscc),
        ).size,
      ]),
    );
    expect(falsePositives).toMatchInlineSnapshot(`
      {
        "abnormal_changes": 0,
        "abnormal_registration": 0,
        "complaint_surge": 0,
      }
    `);
  });

  it("streams the province's events in date order and raises every planted burst and surge", () => {
    const ev = province.events;
    const order = Array.from({ length: ev.count }, (_, j) => j).sort((a, b) => (ev.day[a] as number) - (ev.day[b] as number) || a - b);
    const engine = createStreamingEngine(NATIONAL_RULES);
    expect(engine.skipped).toEqual(["abnormal_registration", "annual_report_overdue", "sudden_deterioration"]);
    const raised = new Set<string>();
    for (const j of order) {
      const event: StreamEvent = {
        kind: EVENT_KINDS[ev.kind[j] as number] as string,
        uscc: province.register.uscc[ev.ent[j] as number] as string,
        date: formatDayNumber(ev.day[j] as number),
        ...(ev.detail[j] === 255 ? {} : { detail: DETAIL_CODES[ev.detail[j] as number] as string }),
      };
      for (const a of engine.push(event)) raised.add(`${a.ruleId}|${a.uscc}`);
    }
    const missed = anomalies
      .filter((a) => a.kind !== "abnormal_registration")
      .flatMap((a) => a.members.filter((u) => !raised.has(`${a.kind === "legal_rep_burst" ? "abnormal_changes" : "complaint_surge"}|${u}`)));
    expect(missed).toEqual([]);
    // State stays bounded: only days still inside some window, and the months a growth rule compares.
    expect(engine.stateSize()).toBeLessThan(ev.count / 4);
  });

  it("counts windows exactly as a brute-force recount (property)", () => {
    const ev = province.events;
    const last = periodDayBounds(end).last;
    fc.assert(
      fc.property(
        fc.subarray([...EVENT_KINDS], { minLength: 1 }),
        fc.integer({ min: 1, max: 800 }),
        fc.integer({ min: 0, max: 600 }),
        fc.boolean(),
        (kinds, days, back, withDetail) => {
          const to = last - back;
          const details = withDetail ? ["legal_rep", "complaint", "problem"] : [];
          const counts = windowCounts(province, kinds, details, to - days, to);
          const brute = new Map<number, number>();
          for (let j = 0; j < ev.count; j++) {
            const kind = EVENT_KINDS[ev.kind[j] as number] as string;
            const detail = DETAIL_CODES[ev.detail[j] as number] ?? "";
            const day = ev.day[j] as number;
            if (!kinds.includes(kind as never) || (withDetail && !details.includes(detail)) || day <= to - days || day > to || (ev.recorded[j] as number) > to)
              continue;
            brute.set(ev.ent[j] as number, (brute.get(ev.ent[j] as number) ?? 0) + 1);
          }
          for (let e = 0; e < counts.length; e++) expect(counts[e]).toBe(brute.get(e) ?? 0);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("keeps cooldowns, scopes, and flags class transitions", () => {
    const frame = computeIndicators(province, end);
    const first = evaluateMonth(province, end, NATIONAL_RULES, { indicators: frame });
    const reminders = first.filter((a) => a.ruleId === "annual_report_overdue");
    expect(reminders.length).toBeGreaterThan(0);
    const lastAlerts = new Map(reminders.map((a) => [`${a.ruleId}|${a.uscc}`, periodDayBounds(addPeriods(end, -1)).last]));
    const again = evaluateMonth(province, end, NATIONAL_RULES, { indicators: frame, lastAlerts });
    expect(again.filter((a) => a.ruleId === "annual_report_overdue")).toEqual([]);
    const scoped = parseRules({ ...NATIONAL_RULES_DOCUMENT, rules: [{ ...NATIONAL_RULES_DOCUMENT.rules[3], scope: { regions: ["999999"] } }] });
    expect(evaluateMonth(province, end, scoped, { indicators: frame })).toEqual([]);
    const [a, b, c] = province.register.uscc;
    const previous = new Map<string, RiskClass>([
      [a as string, "A"],
      [b as string, "B"],
      [c as string, "C"],
    ]);
    const current = new Map<string, RiskClass>([
      [a as string, "C"],
      [b as string, "D"],
      [c as string, "D"],
    ]);
    const transitions = evaluateMonth(province, end, NATIONAL_RULES, { indicators: frame, classes: { previous, current } }).filter(
      (x) => x.ruleId === "sudden_deterioration",
    );
    expect(transitions.map((x) => [x.uscc, x.evidence.transition])).toEqual([
      [a, "A→C"],
      [b, "B→D"],
    ]);
    // Without indicators they are computed; without classes no transition holds.
    expect(evaluateMonth(province, end, NATIONAL_RULES)).toEqual(first);
  });
});

describe("the streaming engine", () => {
  const code = "91330106000000002X";
  it("alerts on the third legal-representative change within 180 days, then keeps the cooldown", () => {
    const engine = createStreamingEngine(NATIONAL_RULES);
    const change = (date: string): StreamEvent => ({ kind: "change", uscc: code, date, detail: "legal_rep" });
    expect(engine.push(change("2026-01-10"))).toEqual([]);
    expect(engine.push({ kind: "change", uscc: code, date: "2026-02-01", detail: "address" })).toEqual([]);
    expect(engine.push(change("2026-03-10"))).toEqual([]);
    const [alert] = engine.push(change("2026-05-20"));
    expect(alert).toMatchObject({
      ruleId: "abnormal_changes",
      measure: "interview",
      uscc: code,
      period: "2026-05",
      day: "2026-05-20",
      evidence: { "change legal_rep in 180 d": 3 },
    });
    expect(engine.push(change("2026-06-01"))).toEqual([]);
    expect(engine.push(change("2026-09-01")).map((a) => a.ruleId)).toEqual(["abnormal_changes"]);
    expect(() => engine.push(change("2026-02-30"))).toThrow(/not a calendar date/);
  });

  it("gives the same alerts after a snapshot and restore as without one (property)", () => {
    const kinds = ["change", "complaint", "penalty", "credit_repair", "serious_entry"] as const;
    const event = fc.record({
      kind: fc.constantFrom(...kinds),
      who: fc.integer({ min: 0, max: 3 }),
      day: fc.integer({ min: 20_000, max: 20_700 }),
      legal: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 120 }), fc.nat(), (raw, cut) => {
        const events: StreamEvent[] = raw.map((e) => ({
          kind: e.kind,
          uscc: `E${e.who}`,
          date: formatDayNumber(e.day),
          ...(e.kind === "change" && e.legal ? { detail: "legal_rep" } : {}),
        }));
        const k = events.length === 0 ? 0 : cut % (events.length + 1);
        const whole = createStreamingEngine(NATIONAL_RULES);
        const expected = events.flatMap((e) => whole.push(e));
        const first = createStreamingEngine(NATIONAL_RULES);
        const before = events.slice(0, k).flatMap((e) => first.push(e));
        const resumed = createStreamingEngine(NATIONAL_RULES, first.snapshot());
        const after = events.slice(k).flatMap((e) => resumed.push(e));
        expect([...before, ...after]).toEqual(expected);
        expect(resumed.snapshot()).toBe(whole.snapshot());
      }),
      { numRuns: 200 },
    );
  });
});
