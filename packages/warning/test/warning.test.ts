import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Period, RiskClass } from "@creditclass/core";
import { addPeriods, formatPath, parsePeriod, periodDayBounds } from "@creditclass/core";
import type { ProvinceColumns } from "@creditclass/ingest";
import { computeIndicators, DETAIL_CODES, EVENT_KINDS, generateProvince, ingestDirectory, loadProvinceColumns, openDatabase } from "@creditclass/ingest";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Alert } from "../src/index.js";
import { evaluateMonth, NATIONAL_RULES, NATIONAL_RULES_DOCUMENT, parseRules, safeParseRules, windowCounts } from "../src/index.js";

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
