/**
 * The batch engine: every rule of a set for the enterprises registered by a month's last day,
 * as of that day. Each condition evaluates to a flag column over the register (one pass over the
 * event columns per window or growth condition), combined by `all` / `any` / `not`; each alert
 * carries the values that raised it. Cooldowns skip enterprises alerted by the same rule within
 * the rule's days before.
 * @module
 */
import type { IndicatorFrame, Period, RiskClass } from "@creditclass/core";
import { compileColumnExpression, formatDayNumber, periodDayBounds, RISK_CLASSES } from "@creditclass/core";
import type { ProvinceColumns } from "@creditclass/ingest";
import { computeIndicators, DETAIL_CODES, ENTITY_TYPES, EVENT_KINDS } from "@creditclass/ingest";
import type { Condition, Measure, Rule, RuleSet } from "./rule-schema.js";

/**
 * One alert.
 * @category Alerts
 */
export interface Alert {
  readonly ruleId: string;
  readonly name: { readonly zh: string; readonly en: string };
  readonly severity: number;
  readonly measure: Measure;
  readonly uscc: string;
  readonly period: Period;
  /** The evaluation day, `YYYY-MM-DD` (the month's last day for a batch run). */
  readonly day: string;
  /** What raised it: the observed values of the conditions that held. */
  readonly evidence: Readonly<Record<string, number | string>>;
}

/**
 * Options of {@link evaluateMonth}.
 * @category Alerts
 */
export interface EvaluateMonthOptions {
  /** The month's indicators (computed from the columns when a rule needs them and they are not given). */
  readonly indicators?: IndicatorFrame;
  /** Classes of the previous and this month; without them transition conditions hold for no one. */
  readonly classes?: { readonly previous: ReadonlyMap<string, RiskClass>; readonly current: ReadonlyMap<string, RiskClass> };
  /** Day number of each `ruleId|uscc` pair's last alert, for cooldowns. */
  readonly lastAlerts?: ReadonlyMap<string, number>;
}

interface Context {
  readonly province: ProvinceColumns;
  readonly period: Period;
  readonly end: number;
  readonly month: number;
  readonly present: Uint8Array;
  readonly options: EvaluateMonthOptions;
  /** The month's indicators and each register row's frame row (−1 when absent), made on first use. */
  readonly indicators: () => { readonly indicators: IndicatorFrame; readonly row: Int32Array };
}

interface Evaluated {
  readonly hit: Uint8Array;
  readonly evidence: (row: number) => Record<string, number | string>;
}

/**
 * Evaluates a rule set for a month.
 *
 * @param province - Columns from `loadProvinceColumns`.
 * @param period - The month; the evaluation day is its last day, and only events recorded by then count.
 * @param rules - A validated rule set.
 * @param options - Indicators, classes, earlier alerts.
 * @returns Alerts, by rule order then code.
 * @example
 * evaluateMonth(province, p("2026-10"), NATIONAL_RULES, { indicators: frame })[0]
 * //=> { ruleId: "abnormal_changes", measure: "interview", uscc: "9133…", evidence: { "window change legal_rep 180 d": 4 }, … }
 * @category Alerts
 */
export function evaluateMonth(province: ProvinceColumns, period: Period, rules: RuleSet, options: EvaluateMonthOptions = {}): Alert[] {
  const reg = province.register;
  const { last: end } = periodDayBounds(period);
  const [year, monthOfYear] = period.split("-").map(Number) as [number, number];
  const present = new Uint8Array(reg.count);
  for (let i = 0; i < reg.count; i++) if ((reg.established[i] as number) <= end && (reg.recorded[i] as number) <= end) present[i] = 1;
  let frame: { readonly indicators: IndicatorFrame; readonly row: Int32Array } | undefined;
  const indicators = (): { readonly indicators: IndicatorFrame; readonly row: Int32Array } => {
    if (frame === undefined) {
      const f = options.indicators ?? computeIndicators(province, period);
      const rowOf = new Map(f.ids().map((id, r) => [id, r] as const));
      frame = { indicators: f, row: Int32Array.from(reg.uscc, (u) => rowOf.get(u) ?? -1) };
    }
    return frame;
  };
  const ctx: Context = { province, period, end, month: year * 12 + monthOfYear - 1, present, options, indicators };
  const alerts: Alert[] = [];
  const day = formatDayNumber(end);
  for (const rule of rules.rules) {
    const { hit, evidence } = evaluate(rule.condition, ctx);
    const inScope = scopeFilter(rule, province);
    for (let i = 0; i < reg.count; i++) {
      if (hit[i] !== 1 || present[i] !== 1 || !inScope(i)) continue;
      const uscc = reg.uscc[i] as string;
      const last = options.lastAlerts?.get(`${rule.id}|${uscc}`);
      if (last !== undefined && last > end - rule.cooldownDays) continue;
      alerts.push({ ruleId: rule.id, name: rule.name, severity: rule.severity, measure: rule.measure, uscc, period, day, evidence: evidence(i) });
    }
  }
  return alerts;
}

function scopeFilter(rule: Rule, province: ProvinceColumns): (row: number) => boolean {
  const { regions, industries, entityTypes } = rule.scope;
  if (regions.length + industries.length + entityTypes.length === 0) return () => true;
  const reg = province.register;
  return (i) =>
    (regions.length === 0 || regions.some((p) => (reg.regions[reg.region[i] as number] ?? "").startsWith(p))) &&
    (industries.length === 0 || industries.some((p) => (reg.industries[reg.industry[i] as number] ?? "").startsWith(p))) &&
    (entityTypes.length === 0 || entityTypes.includes(ENTITY_TYPES[reg.entityType[i] as number] as string));
}

function evaluate(c: Condition, ctx: Context): Evaluated {
  const n = ctx.province.register.count;
  switch (c.kind) {
    case "threshold":
    case "expression": {
      const { indicators: frame, row: frameRow } = ctx.indicators();
      const values =
        c.kind === "threshold"
          ? frame.column(c.indicator)
          : compileColumnExpression(c.expression, frame.columnNames).evaluate((name) => frame.column(name), frame.rowCount);
      const test = c.kind === "threshold" ? comparator(c.op, c.value) : (v: number) => v !== 0 && !Number.isNaN(v);
      const hit = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const r = frameRow[i] as number;
        if (r >= 0 && test(values[r] as number)) hit[i] = 1;
      }
      const label = c.kind === "threshold" ? `${c.indicator} ${c.op} ${c.value}` : c.expression;
      return { hit, evidence: (i) => ({ [label]: values[frameRow[i] as number] as number }) };
    }
    case "window": {
      const counts = windowCounts(ctx.province, c.events, c.details, ctx.end - c.days, ctx.end);
      const hit = Uint8Array.from(counts, (k) => (k >= c.atLeast ? 1 : 0));
      const label = `${c.events.join("+")}${c.details.length > 0 ? ` ${c.details.join("+")}` : ""} in ${c.days} d`;
      return { hit, evidence: (i) => ({ [label]: counts[i] as number }) };
    }
    case "growth": {
      const { current, trailing } = monthlyCounts(ctx, c.events, c.trailingMonths);
      const hit = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const mean = (trailing[i] as number) / c.trailingMonths;
        if ((current[i] as number) >= c.minimum && (current[i] as number) >= c.factor * mean) hit[i] = 1;
      }
      const label = c.events.join("+");
      return {
        hit,
        evidence: (i) => ({
          [`${label} this month`]: current[i] as number,
          [`${label} trailing ${c.trailingMonths}-month mean`]: (trailing[i] as number) / c.trailingMonths,
        }),
      };
    }
    case "group": {
      const reg = ctx.province.register;
      const perAddress = new Map<number, number>();
      const recent = (i: number): boolean => (reg.established[i] as number) > ctx.end - c.days && ctx.present[i] === 1;
      for (let i = 0; i < n; i++) if (recent(i)) perAddress.set(reg.address[i] as number, (perAddress.get(reg.address[i] as number) ?? 0) + 1);
      const hit = new Uint8Array(n);
      for (let i = 0; i < n; i++) if (recent(i) && (perAddress.get(reg.address[i] as number) ?? 0) >= c.atLeast) hit[i] = 1;
      return { hit, evidence: (i) => ({ [`registered at the same address in ${c.days} d`]: perAddress.get(reg.address[i] as number) ?? 0 }) };
    }
    case "transition": {
      const classes = ctx.options.classes;
      const hit = new Uint8Array(n);
      if (classes === undefined) return { hit, evidence: () => ({}) };
      const reg = ctx.province.register;
      for (let i = 0; i < n; i++) {
        const before = classes.previous.get(reg.uscc[i] as string);
        const after = classes.current.get(reg.uscc[i] as string);
        if (before === undefined || after === undefined) continue;
        const up = RISK_CLASSES.indexOf(after) - RISK_CLASSES.indexOf(before);
        if (
          (c.from.length === 0 || c.from.includes(before)) &&
          (c.to.length === 0 || c.to.includes(after)) &&
          (c.stepsUp === undefined || up >= c.stepsUp) &&
          up !== 0
        )
          hit[i] = 1;
      }
      return { hit, evidence: (i) => ({ transition: `${classes.previous.get(reg.uscc[i] as string)}→${classes.current.get(reg.uscc[i] as string)}` }) };
    }
    case "all":
    case "any": {
      const parts = c.conditions.map((child) => evaluate(child, ctx));
      const hit = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        let v = c.kind === "all" ? 1 : 0;
        for (const p of parts) v = c.kind === "all" ? v & (p.hit[i] as number) : v | (p.hit[i] as number);
        hit[i] = v;
      }
      return { hit, evidence: (i) => Object.assign({}, ...parts.filter((p) => p.hit[i] === 1).map((p) => p.evidence(i))) };
    }
    case "not": {
      const inner = evaluate(c.condition, ctx);
      return { hit: inner.hit.map((v) => 1 - v), evidence: (i) => Object.fromEntries(Object.entries(inner.evidence(i)).map(([k, v]) => [`not ${k}`, v])) };
    }
  }
}

function comparator(op: string, value: number): (v: number) => boolean {
  switch (op) {
    case ">":
      return (v) => v > value;
    case ">=":
      return (v) => v >= value;
    case "<":
      return (v) => v < value;
    case "<=":
      return (v) => v <= value;
    case "==":
      return (v) => v === value;
    default:
      return (v) => v !== value && !Number.isNaN(v);
  }
}

/**
 * Events per register row of the kinds (and details) dated in (from, to] and recorded by `to`.
 *
 * @param province - The columns.
 * @param kinds - Event kinds.
 * @param details - Detail codes (empty = any).
 * @param from - Exclusive first day number.
 * @param to - Inclusive last day number (also the recording cut-off).
 * @returns Counts per register row.
 * @example
 * windowCounts(province, ["change"], ["legal_rep"], end - 180, end)[row] //=> 4
 * @category Alerts
 */
export function windowCounts(province: ProvinceColumns, kinds: readonly string[], details: readonly string[], from: number, to: number): Uint16Array {
  const ev = province.events;
  const kindSet = new Uint8Array(EVENT_KINDS.length);
  for (const k of kinds) kindSet[EVENT_KINDS.indexOf(k as (typeof EVENT_KINDS)[number])] = 1;
  const detailSet = new Uint8Array(256);
  for (const d of details) detailSet[DETAIL_CODES.indexOf(d)] = 1;
  const anyDetail = details.length === 0;
  const counts = new Uint16Array(province.register.count);
  for (let j = 0; j < ev.count; j++) {
    if (kindSet[ev.kind[j] as number] !== 1) continue;
    if (!anyDetail && detailSet[ev.detail[j] as number] !== 1) continue;
    const day = ev.day[j] as number;
    if (day <= from || day > to || (ev.recorded[j] as number) > to) continue;
    const e = ev.ent[j] as number;
    counts[e] = (counts[e] as number) + 1;
  }
  return counts;
}

/** Events of the kinds in the evaluation month and summed over the trailing months, recorded by the evaluation day. */
function monthlyCounts(ctx: Context, kinds: readonly string[], trailingMonths: number): { current: Uint16Array; trailing: Uint16Array } {
  const ev = ctx.province.events;
  const kindSet = new Uint8Array(EVENT_KINDS.length);
  for (const k of kinds) kindSet[EVENT_KINDS.indexOf(k as (typeof EVENT_KINDS)[number])] = 1;
  const current = new Uint16Array(ctx.province.register.count);
  const trailing = new Uint16Array(ctx.province.register.count);
  for (let j = 0; j < ev.count; j++) {
    if (kindSet[ev.kind[j] as number] !== 1 || (ev.recorded[j] as number) > ctx.end) continue;
    const age = ctx.month - (ev.month[j] as number);
    const e = ev.ent[j] as number;
    if (age === 0) current[e] = (current[e] as number) + 1;
    else if (age > 0 && age <= trailingMonths) trailing[e] = (trailing[e] as number) + 1;
  }
  return { current, trailing };
}
