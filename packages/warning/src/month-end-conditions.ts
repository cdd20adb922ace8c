/**
 * Conditions evaluated on a month's last day over the whole register at once: each leaf becomes a
 * flag column (indicators, windows and growth ending that day, groups of recent registrations by
 * address or person, class transitions), combined by `all` / `any` / `not`; evidence is built
 * only for the rows that raise an alert.
 * @module
 */
import type { IndicatorFrame, ProvinceColumns, RiskClass } from "@creditclass/core";
import { compileColumnExpression, DETAIL_CODES, EVENT_KINDS, RISK_CLASSES } from "@creditclass/core";
import { comparator, groupLabel, growthEvidence, growthHolds, indicatorLabel, negatedEvidence, transitionHolds, windowLabel } from "./conditions.js";
import type { Condition } from "./rule-schema.js";

const DETAIL_INDEX = new Map(DETAIL_CODES.map((d, i) => [d, i] as const));

/**
 * What a month-end evaluation reads.
 * @category Alerts
 */
export interface MonthEndContext {
  readonly province: ProvinceColumns;
  /** The month's last day (day number); events recorded after it are unknown. */
  readonly end: number;
  /** The month as `year × 12 + month − 1`. */
  readonly month: number;
  /** 1 for enterprises registered (and recorded) by `end`. */
  readonly present: Uint8Array;
  /** The month's indicators and each register row's frame row (−1 when absent), made on first use. */
  readonly indicators: () => { readonly indicators: IndicatorFrame; readonly row: Int32Array };
  /** Classes of the previous and this month, if known. */
  readonly classes: { readonly previous: ReadonlyMap<string, RiskClass>; readonly current: ReadonlyMap<string, RiskClass> } | undefined;
}

/**
 * A condition evaluated over the register.
 * @category Alerts
 */
export interface FlagColumn {
  /** 1 where the condition holds, per register row. */
  readonly hit: Uint8Array;
  /** The observed values behind a row's result. */
  readonly evidence: (row: number) => Record<string, number | string>;
}

/**
 * Evaluates a condition on the month's last day for every register row.
 *
 * @param c - The condition.
 * @param ctx - Province, day and month data.
 * @returns Flags and evidence.
 * @example
 * monthEndFlags(rule.condition, ctx).hit[row] //=> 1
 * @category Alerts
 */
export function monthEndFlags(c: Condition, ctx: MonthEndContext): FlagColumn {
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
      return { hit, evidence: (i) => ({ [indicatorLabel(c)]: values[frameRow[i] as number] as number }) };
    }
    case "window": {
      const counts = windowCounts(ctx.province, c.events, c.details, ctx.end - c.days, ctx.end);
      return { hit: Uint8Array.from(counts, (k) => (k >= c.atLeast ? 1 : 0)), evidence: (i) => ({ [windowLabel(c)]: counts[i] as number }) };
    }
    case "growth": {
      const { current, trailing } = monthlyCounts(ctx, c.events, c.trailingMonths);
      const hit = new Uint8Array(n);
      for (let i = 0; i < n; i++) if (growthHolds(c, current[i] as number, trailing[i] as number)) hit[i] = 1;
      return { hit, evidence: (i) => growthEvidence(c, current[i] as number, trailing[i] as number) };
    }
    case "group": {
      const sizes = c.by === "address" ? addressGroups(ctx, c.days) : personGroups(ctx, c.days);
      return { hit: Uint8Array.from(sizes, (k) => (k >= c.atLeast ? 1 : 0)), evidence: (i) => ({ [groupLabel(c)]: sizes[i] as number }) };
    }
    case "transition": {
      const hit = new Uint8Array(n);
      const classes = ctx.classes;
      if (classes === undefined) return { hit, evidence: () => ({}) };
      const uscc = ctx.province.register.uscc;
      const classOf = (map: ReadonlyMap<string, RiskClass>, i: number): number => {
        const k = map.get(uscc[i] as string);
        return k === undefined ? -1 : RISK_CLASSES.indexOf(k);
      };
      for (let i = 0; i < n; i++) {
        const before = classOf(classes.previous, i);
        const after = classOf(classes.current, i);
        if (before >= 0 && after >= 0 && transitionHolds(c, before, after)) hit[i] = 1;
      }
      return { hit, evidence: (i) => ({ transition: `${classes.previous.get(uscc[i] as string)}→${classes.current.get(uscc[i] as string)}` }) };
    }
    case "all":
    case "any": {
      const parts = c.conditions.map((child) => monthEndFlags(child, ctx));
      const hit = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        let v = c.kind === "all" ? 1 : 0;
        for (const p of parts) v = c.kind === "all" ? v & (p.hit[i] as number) : v | (p.hit[i] as number);
        hit[i] = v;
      }
      return { hit, evidence: (i) => Object.assign({}, ...parts.filter((p) => p.hit[i] === 1).map((p) => p.evidence(i))) };
    }
    case "not": {
      const inner = monthEndFlags(c.condition, ctx);
      return { hit: inner.hit.map((v) => 1 - v), evidence: (i) => negatedEvidence(inner.evidence(i)) };
    }
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
  const wanted = eventFilter(kinds, details);
  const counts = new Uint16Array(province.register.count);
  for (let j = 0; j < ev.count; j++) {
    if (!wanted(ev.kind[j] as number, ev.detail[j] as number)) continue;
    const day = ev.day[j] as number;
    if (day <= from || day > to || (ev.recorded[j] as number) > to) continue;
    const e = ev.ent[j] as number;
    counts[e] = (counts[e] as number) + 1;
  }
  return counts;
}

/**
 * A test on an event's kind and detail codes.
 *
 * @param kinds - Event kinds.
 * @param details - Detail codes (empty = any).
 * @returns `(kind, detail) => boolean` over the columns' codes.
 * @example
 * eventFilter(["change"], ["legal_rep"])(kindCode, detailCode)
 * @category Alerts
 */
export function eventFilter(kinds: readonly string[], details: readonly string[]): (kind: number, detail: number) => boolean {
  const kindSet = new Uint8Array(EVENT_KINDS.length);
  for (const k of kinds) kindSet[EVENT_KINDS.indexOf(k as (typeof EVENT_KINDS)[number])] = 1;
  if (details.length === 0) return (kind) => kindSet[kind] === 1;
  const detailSet = new Uint8Array(256);
  for (const d of details) detailSet[DETAIL_INDEX.get(d) ?? 255] = 1;
  return (kind, detail) => kindSet[kind] === 1 && detailSet[detail] === 1;
}

/** Events of the kinds in the evaluation month and summed over the trailing months, recorded by the evaluation day. */
function monthlyCounts(ctx: MonthEndContext, kinds: readonly string[], trailingMonths: number): { current: Uint16Array; trailing: Uint16Array } {
  const ev = ctx.province.events;
  const wanted = eventFilter(kinds, []);
  const current = new Uint16Array(ctx.province.register.count);
  const trailing = new Uint16Array(ctx.province.register.count);
  for (let j = 0; j < ev.count; j++) {
    if (!wanted(ev.kind[j] as number, 0) || (ev.recorded[j] as number) > ctx.end) continue;
    const age = ctx.month - (ev.month[j] as number);
    const e = ev.ent[j] as number;
    if (age === 0) current[e] = (current[e] as number) + 1;
    else if (age > 0 && age <= trailingMonths) trailing[e] = (trailing[e] as number) + 1;
  }
  return { current, trailing };
}

/** Per register row registered within `days` days: how many such enterprises share its address (0 for the others). */
function addressGroups(ctx: MonthEndContext, days: number): Uint32Array {
  const reg = ctx.province.register;
  const recent = recentRows(ctx, days);
  const perAddress = new Map<number, number>();
  for (const i of recent) perAddress.set(reg.address[i] as number, (perAddress.get(reg.address[i] as number) ?? 0) + 1);
  const sizes = new Uint32Array(reg.count);
  for (const i of recent) sizes[i] = perAddress.get(reg.address[i] as number) ?? 0;
  return sizes;
}

/**
 * Per register row registered within `days` days: the most such enterprises linked to one of its
 * persons (relations recorded by the day; a person in two roles counts once).
 */
function personGroups(ctx: MonthEndContext, days: number): Uint32Array {
  const { register: reg, relations: rel } = ctx.province;
  const isRecent = new Uint8Array(reg.count);
  for (const i of recentRows(ctx, days)) isRecent[i] = 1;
  const enterprisesOf = new Map<number, Set<number>>();
  for (let k = 0; k < rel.count; k++) {
    const e = rel.ent[k] as number;
    if (isRecent[e] !== 1 || (rel.recorded[k] as number) > ctx.end) continue;
    const party = rel.party[k] as number;
    const set = enterprisesOf.get(party);
    if (set === undefined) enterprisesOf.set(party, new Set([e]));
    else set.add(e);
  }
  const sizes = new Uint32Array(reg.count);
  for (const set of enterprisesOf.values()) for (const e of set) sizes[e] = Math.max(sizes[e] as number, set.size);
  return sizes;
}

function recentRows(ctx: MonthEndContext, days: number): number[] {
  const reg = ctx.province.register;
  const rows: number[] = [];
  for (let i = 0; i < reg.count; i++) if ((reg.established[i] as number) > ctx.end - days && ctx.present[i] === 1) rows.push(i);
  return rows;
}
