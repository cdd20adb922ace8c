import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Period, ProvinceColumns, RiskClass } from "@creditclass/core";
import {
  addPeriods,
  DETAIL_CODES,
  EVENT_KINDS,
  formatDayNumber,
  formatPath,
  parseDayNumber,
  parsePeriod,
  periodDayBounds,
  RISK_CLASSES,
} from "@creditclass/core";
import { generateProvince } from "@creditclass/generator";
import { computeIndicators, ingestDirectory } from "@creditclass/ingest";
import { loadProvinceColumns, openDatabase } from "@creditclass/store";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { eventLeaves } from "../src/conditions.js";
import type { Alert, StreamEvent, StreamingEngine } from "../src/index.js";
import { createStreamingEngine, evaluateMonth, NATIONAL_RULES, NATIONAL_RULES_DOCUMENT, parseRules, safeParseRules } from "../src/index.js";
import { windowCounts } from "../src/month-end-conditions.js";

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

  it("finds every planted anomaly while it unfolds (up to 100 days before its month's end) or in the month after, and counts the false positives", () => {
    const ruleOf: Record<string, string> = {
      abnormal_registration: "abnormal_registration",
      legal_rep_burst: "abnormal_changes",
      complaint_surge: "complaint_surge",
    };
    const around = (m: Period) => [-3, -2, -1, 0, 1].map((k) => addPeriods(m, k));
    const months = [...new Set(anomalies.flatMap((a) => around(a.month)))].filter((m) => m <= end).sort();
    const alerts = new Map<Period, Alert[]>();
    for (const m of months) alerts.set(m, evaluateMonth(province, m, NATIONAL_RULES, { indicators: computeIndicators(province, m) }));
    const found = (rule: string, uscc: string, m: Period) => around(m).some((x) => alerts.get(x)?.some((a) => a.ruleId === rule && a.uscc === uscc));
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

  it("raises the same alerts as the streaming engine, month by month over the whole history", () => {
    const reg = province.register;
    const ev = province.events;
    const rel = province.relations;
    // The national rules, a rule on one person's many new enterprises, and a scoped event rule.
    const rules = parseRules({
      ...NATIONAL_RULES_DOCUMENT,
      rules: [
        ...NATIONAL_RULES_DOCUMENT.rules,
        {
          id: "one_person_many",
          name: { zh: "一人多企", en: "One person, many new enterprises" },
          severity: 2,
          measure: "warning",
          condition: { kind: "group", by: "person", days: 365, atLeast: 2 },
        },
        {
          id: "scoped_penalties",
          name: { zh: "区域处罚", en: "Regional penalties" },
          severity: 1,
          measure: "reminder",
          cooldownDays: 20,
          scope: { regions: [(reg.regions[0] ?? "").slice(0, 4)] },
          condition: {
            kind: "any",
            conditions: [
              { kind: "window", events: ["penalty", "complaint"], days: 60, atLeast: 2 },
              { kind: "not", condition: { kind: "window", events: ["penalty"], days: 400, atLeast: 1 } },
            ],
          },
        },
      ],
    });
    const firstMonth = parsePeriod(formatDayNumber(Math.min(...ev.recorded, ...reg.recorded)).slice(0, 7));
    const months: Period[] = [];
    for (let m = firstMonth; m <= end; m = addPeriods(m, 1)) months.push(m);
    const classesOf = (m: Period) => new Map(reg.uscc.map((u, i) => [u, RISK_CLASSES[(i * 7 + Number(m.slice(5)) * (i % 3)) % 4] as RiskClass] as const));
    const byRecorded = (count: number, recorded: Int32Array) =>
      Array.from({ length: count }, (_, j) => j).sort((a, b) => (recorded[a] as number) - (recorded[b] as number) || a - b);
    const eventOrder = byRecorded(ev.count, ev.recorded);
    const registerOrder = byRecorded(reg.count, reg.recorded);
    const personsOf = new Map<number, string[]>();
    for (let k = 0; k < rel.count; k++) personsOf.set(rel.ent[k] as number, [...(personsOf.get(rel.ent[k] as number) ?? []), `P${rel.party[k]}`]);
    const engine = createStreamingEngine(rules);
    expect(engine.monthEndRules).toEqual(["abnormal_registration", "annual_report_overdue", "sudden_deterioration", "one_person_many"]);
    const stream: Alert[] = [];
    const batch: Alert[] = [];
    const lastAlerts = new Map<string, number>();
    let nextEvent = 0;
    let nextRegistration = 0;
    for (const m of months) {
      const { last } = periodDayBounds(m);
      while (nextRegistration < registerOrder.length && (reg.recorded[registerOrder[nextRegistration] as number] as number) <= last) {
        const i = registerOrder[nextRegistration++] as number;
        engine.register({
          uscc: reg.uscc[i] as string,
          established: formatDayNumber(reg.established[i] as number),
          region: reg.regions[reg.region[i] as number] as string,
          address: `A${reg.address[i]}`,
          persons: personsOf.get(i) ?? [],
        });
      }
      while (nextEvent < eventOrder.length && (ev.recorded[eventOrder[nextEvent] as number] as number) <= last) {
        const j = eventOrder[nextEvent++] as number;
        const event: StreamEvent = {
          kind: EVENT_KINDS[ev.kind[j] as number] as string,
          uscc: reg.uscc[ev.ent[j] as number] as string,
          date: formatDayNumber(ev.day[j] as number),
          recorded: formatDayNumber(ev.recorded[j] as number),
          ...(ev.detail[j] === 255 ? {} : { detail: DETAIL_CODES[ev.detail[j] as number] as string }),
        };
        stream.push(...engine.push(event));
      }
      const indicators = computeIndicators(province, m);
      const classes = m >= addPeriods(end, -3) ? { previous: classesOf(addPeriods(m, -1)), current: classesOf(m) } : undefined;
      stream.push(...engine.endOfMonth(m, { indicators, ...(classes === undefined ? {} : { classes }) }));
      const found = evaluateMonth(province, m, rules, { indicators, lastAlerts, ...(classes === undefined ? {} : { classes }) });
      for (const a of found) lastAlerts.set(`${a.ruleId}|${a.uscc}`, parseDayNumber(a.day));
      batch.push(...found);
    }
    const key = (a: Alert) => `${a.id} ${a.period} ${JSON.stringify(a.evidence)}`;
    expect(stream.map(key).sort()).toEqual(batch.map(key).sort());
    const perRule = Object.fromEntries(rules.rules.map((r) => [r.id, batch.filter((a) => a.ruleId === r.id).length]));
    for (const rule of rules.rules) expect(perRule[rule.id], rule.id).toBeGreaterThan(0);
    // State stays bounded: per leaf and enterprise, exactly the days inside the window ending at its last
    // matching event's recording day, or the months a growth leaf compares — recounted here by brute force.
    let expected = 0;
    for (const leaf of rules.rules.flatMap((r) => eventLeaves(r.condition))) {
      const matching = (j: number) =>
        leaf.events.includes(EVENT_KINDS[ev.kind[j] as number] as string) &&
        (leaf.kind !== "window" || leaf.details.length === 0 || leaf.details.includes(DETAIL_CODES[ev.detail[j] as number] ?? ""));
      const lastNow = new Map<number, number>();
      for (const j of eventOrder) if (matching(j)) lastNow.set(ev.ent[j] as number, ev.recorded[j] as number);
      const kept = new Set<string>();
      for (let j = 0; j < ev.count; j++) {
        const now = lastNow.get(ev.ent[j] as number);
        if (now === undefined || !matching(j)) continue;
        if (leaf.kind === "window" && (ev.day[j] as number) > now - leaf.days) kept.add(`${j}`);
        const month = (d: number) => Number(formatDayNumber(d).slice(0, 4)) * 12 + Number(formatDayNumber(d).slice(5, 7));
        if (leaf.kind === "growth" && month(ev.day[j] as number) >= month(now) - leaf.trailingMonths) kept.add(`${ev.ent[j]}|${month(ev.day[j] as number)}`);
      }
      expected += kept.size;
    }
    expect(engine.stateSize()).toBe(expected);
    expect(expected).toBeLessThan(ev.count / 2);
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
    // Scoped by a register tag: only the tagged enterprise among those reminded.
    const byTag = parseRules({ ...NATIONAL_RULES_DOCUMENT, rules: [{ ...NATIONAL_RULES_DOCUMENT.rules[3], scope: { tags: ["key_supervision"] } }] });
    const tagged = reminders[0]?.uscc ?? "";
    expect(evaluateMonth(province, end, byTag, { indicators: frame }).map((a) => a.uscc)).toEqual([]);
    expect(evaluateMonth(province, end, byTag, { indicators: frame, tags: new Map([[tagged, ["food", "key_supervision"]]]) }).map((a) => a.uscc)).toEqual([
      tagged,
    ]);
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
    // Indicators given as a source are computed on demand, to the same alerts.
    expect(evaluateMonth(province, end, NATIONAL_RULES, { indicators: (m) => computeIndicators(province, m) })).toEqual(first);
    expect(() => evaluateMonth(province, end, NATIONAL_RULES)).toThrow(/reads indicators: pass options.indicators/);
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
    const kinds = ["change", "complaint", "penalty", "credit_repair", "serious_entry", "registration"] as const;
    const item = fc.record({
      kind: fc.constantFrom(...kinds),
      who: fc.integer({ min: 0, max: 7 }),
      day: fc.integer({ min: 20_000, max: 20_700 }),
      legal: fc.boolean(),
    });
    type Step = (engine: StreamingEngine) => Alert[];
    fc.assert(
      fc.property(fc.array(item, { maxLength: 120 }), fc.nat(), (raw, cut) => {
        // In day order; each month closed by endOfMonth before the next one's first item.
        const steps: Step[] = [];
        let month = "";
        for (const e of [...raw].sort((a, b) => a.day - b.day)) {
          const date = formatDayNumber(e.day);
          if (month !== "" && date.slice(0, 7) !== month) {
            const closing = month as Period;
            steps.push((engine) => engine.endOfMonth(closing));
          }
          month = date.slice(0, 7);
          const uscc = `E${e.who}`;
          if (e.kind === "registration") {
            steps.push((engine) => {
              engine.register({ uscc, established: date, address: `A${e.who % 2}`, persons: [`P${e.who % 3}`] });
              return [];
            });
          } else steps.push((engine) => engine.push({ kind: e.kind, uscc, date, ...(e.kind === "change" && e.legal ? { detail: "legal_rep" } : {}) }));
        }
        const k = steps.length === 0 ? 0 : cut % (steps.length + 1);
        const whole = createStreamingEngine(NATIONAL_RULES);
        const expected = steps.flatMap((step) => step(whole));
        const first = createStreamingEngine(NATIONAL_RULES);
        const before = steps.slice(0, k).flatMap((step) => step(first));
        const resumed = createStreamingEngine(NATIONAL_RULES, first.snapshot());
        const after = steps.slice(k).flatMap((step) => step(resumed));
        expect([...before, ...after]).toEqual(expected);
        expect([...resumed.snapshot()]).toEqual([...whole.snapshot()]);
      }),
      { numRuns: 200 },
    );
  });

  it("snapshots to one short line per entry, restores from text, and names the line of a snapshot that is not one", () => {
    const engine = createStreamingEngine(NATIONAL_RULES);
    engine.register({ uscc: "E1", established: "2020-01-01", address: "A", persons: ["P"] });
    engine.push({ kind: "change", uscc: "E1", date: "2026-03-01", detail: "legal_rep" });
    engine.push({ kind: "complaint", uscc: "E1", date: "2026-03-02" });
    const lines = [...engine.snapshot()];
    expect(lines[0]).toBe('{"format":"creditclass.stream-state","version":1}');
    expect(lines.slice(1).map((l) => JSON.parse(l)[0])).toEqual(["enterprise", "window", "months"]);
    expect(lines.every((l) => !l.includes("\n"))).toBe(true);
    const text = `${lines.join("\n")}\n`;
    expect([...createStreamingEngine(NATIONAL_RULES, text.split("\n")).snapshot()]).toEqual(lines);
    expect(() => createStreamingEngine(NATIONAL_RULES, ['{"windows":{}}'])).toThrow(/line 1: .*the first line is not the snapshot header/);
    expect(() => createStreamingEngine(NATIONAL_RULES, [lines[0] as string, "", "nope"])).toThrow(/line 3: .*not JSON/);
    expect(() => createStreamingEngine(NATIONAL_RULES, [lines[0] as string, '["thing", "x"]'])).toThrow(/line 2: .*unknown entry "thing"/);
    expect(() => createStreamingEngine(NATIONAL_RULES, [])).toThrow(/empty/);
  });
});
