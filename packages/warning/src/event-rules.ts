/**
 * Event rules in batch. A rule whose condition has only window and growth leaves can change only
 * when an event becomes known, so it is evaluated for an enterprise after each event of a kind it
 * watches, as of the day the event was recorded, events taken by recording day and then in
 * storage order — exactly when the streaming engine evaluates it, which is why both engines raise
 * the same alerts. The events the month's rules can see are sorted by recording day once (counting
 * sort); each leaf groups its events by enterprise, so a count scans one enterprise's few events.
 * @module
 */
import type { Period, ProvinceColumns } from "@creditclass/core";
import { addPeriods, periodDayBounds } from "@creditclass/core";
import type { EventLeaf, LeafCondition, Outcome } from "./conditions.js";
import { evaluateTree, eventLeaves, growthEvidence, growthHolds, watchedKinds, windowLabel } from "./conditions.js";
import { eventFilter } from "./month-end-conditions.js";
import type { Rule } from "./rule-schema.js";

/**
 * The events one month's event rules read, sorted by (recording day, storage order).
 * @category Alerts
 */
export interface MonthEvents {
  readonly province: ProvinceColumns;
  readonly period: Period;
  /** First and last day of the month. */
  readonly start: number;
  readonly end: number;
  /** Sorted position → event index. */
  readonly event: Int32Array;
  /** Sorted position → the event's day. */
  readonly day: Int32Array;
  /** Sorted position → the day it was recorded: the moment rules are evaluated. */
  readonly recorded: Int32Array;
  /** Sorted position → register row, kind and detail codes (gathered once, so later passes read them in order). */
  readonly ent: Int32Array;
  readonly kind: Uint8Array;
  readonly detail: Uint8Array;
}

/**
 * One rule's alert moments: the enterprise's register row, the day, and the outcome.
 * @category Alerts
 */
export interface EventRuleHit {
  readonly row: number;
  /** The recording day of the event that made the rule hold. */
  readonly day: number;
  readonly evidence: Record<string, number | string>;
}

/**
 * Sorts the events recorded by the month's end and dated late enough for a window or growth
 * comparison of the month.
 *
 * @param province - The columns.
 * @param period - The month.
 * @param rules - The event rules (their windows and trailing months set how far back to read).
 * @returns The sorted events.
 * @example
 * monthEvents(province, p("2026-10"), eventRules).event.length //=> events the rules can see
 * @category Alerts
 */
export function monthEvents(province: ProvinceColumns, period: Period, rules: readonly Rule[]): MonthEvents {
  const { first: start, last: end } = periodDayBounds(period);
  let from = start;
  for (const leaf of rules.flatMap((r) => eventLeaves(r.condition))) {
    from = Math.min(from, leaf.kind === "window" ? start - leaf.days + 1 : periodDayBounds(addPeriods(period, -leaf.trailingMonths)).first);
  }
  const ev = province.events;
  const wanted = eventFilter(
    rules.flatMap((r) => watchedKinds(r.condition)),
    [],
  );
  const seen = (j: number): boolean => (ev.day[j] as number) >= from && (ev.recorded[j] as number) <= end && wanted(ev.kind[j] as number, 0);
  let first = end;
  for (let j = 0; j < ev.count; j++) if (seen(j)) first = Math.min(first, ev.recorded[j] as number);
  const span = end - first + 1;
  const perDay = new Int32Array(span + 1);
  for (let j = 0; j < ev.count; j++)
    if (seen(j)) perDay[(ev.recorded[j] as number) - first + 1] = (perDay[(ev.recorded[j] as number) - first + 1] as number) + 1;
  for (let k = 1; k <= span; k++) perDay[k] = (perDay[k] as number) + (perDay[k - 1] as number);
  const event = new Int32Array(perDay[span] as number);
  const day = new Int32Array(event.length);
  const recorded = new Int32Array(event.length);
  const ent = new Int32Array(event.length);
  const kind = new Uint8Array(event.length);
  const detail = new Uint8Array(event.length);
  for (let j = 0; j < ev.count; j++) {
    if (!seen(j)) continue;
    const r = (ev.recorded[j] as number) - first;
    const at = perDay[r] as number;
    perDay[r] = at + 1;
    event[at] = j;
    day[at] = ev.day[j] as number;
    recorded[at] = ev.recorded[j] as number;
    ent[at] = ev.ent[j] as number;
    kind[at] = ev.kind[j] as number;
    detail[at] = ev.detail[j] as number;
  }
  return { province, period, start, end, event, day, recorded, ent, kind, detail };
}

/** A leaf's events grouped by enterprise: `items[offsets[e] … offsets[e + 1])` are sorted positions. */
interface LeafEvents {
  readonly offsets: Int32Array;
  readonly items: Int32Array;
  /** For a growth leaf: the first day of the trailing months. */
  readonly trailingFrom: number;
}

function groupLeaf(events: MonthEvents, leaf: EventLeaf): LeafEvents {
  const n = events.province.register.count;
  const wanted = eventFilter(leaf.events, leaf.kind === "window" ? leaf.details : []);
  const offsets = new Int32Array(n + 1);
  const take = new Uint8Array(events.event.length);
  for (let p = 0; p < events.event.length; p++) {
    if (!wanted(events.kind[p] as number, events.detail[p] as number)) continue;
    take[p] = 1;
    const e = events.ent[p] as number;
    offsets[e + 1] = (offsets[e + 1] as number) + 1;
  }
  for (let e = 0; e < n; e++) offsets[e + 1] = (offsets[e + 1] as number) + (offsets[e] as number);
  const fill = offsets.slice(0, n);
  const items = new Int32Array(offsets[n] as number);
  for (let p = 0; p < events.event.length; p++) {
    if (take[p] !== 1) continue;
    const e = events.ent[p] as number;
    items[fill[e] as number] = p;
    fill[e] = (fill[e] as number) + 1;
  }
  const trailingFrom = leaf.kind === "growth" ? periodDayBounds(addPeriods(events.period, -leaf.trailingMonths)).first : events.start;
  return { offsets, items, trailingFrom };
}

/**
 * Every moment in the month an event rule holds for an enterprise and its cooldown allows an alert.
 *
 * @param events - The month's sorted events.
 * @param rule - An event rule.
 * @param eligible - Whether a register row may be alerted (registered, in scope).
 * @param lastDay - Day of the rule's last alert per register row (`-Infinity`-like minimum when none); updated.
 * @returns Alert moments in day order.
 * @example
 * eventRuleHits(monthEvents(province, period, [rule]), rule, (row) => present[row] === 1, lastDay)
 * @category Alerts
 */
export function eventRuleHits(events: MonthEvents, rule: Rule, eligible: (row: number) => boolean, lastDay: Int32Array): EventRuleHit[] {
  const grouped = new Map(eventLeaves(rule.condition).map((leaf) => [leaf, groupLeaf(events, leaf)] as const));
  const watched = eventFilter(watchedKinds(rule.condition), []);
  const hits: EventRuleHit[] = [];
  for (let p = 0; p < events.event.length; p++) {
    const d = events.recorded[p] as number;
    if (d < events.start) continue;
    const e = events.ent[p] as number;
    if (!watched(events.kind[p] as number, 0) || !eligible(e) || (lastDay[e] as number) > d - rule.cooldownDays) continue;
    const outcome = evaluateTree(rule.condition, (leaf) => leafOutcome(leaf, grouped, events, e, p, d));
    if (!outcome.holds) continue;
    lastDay[e] = d;
    hits.push({ row: e, day: d, evidence: outcome.evidence });
  }
  return hits;
}

function leafOutcome(leaf: LeafCondition, grouped: ReadonlyMap<EventLeaf, LeafEvents>, events: MonthEvents, e: number, p: number, now: number): Outcome {
  const { offsets, items, trailingFrom } = grouped.get(leaf as EventLeaf) as LeafEvents;
  const lo = offsets[e] as number;
  // The leaf's events known by sorted position p, counted by their days.
  const upTo = upperBound(items, lo, offsets[e + 1] as number, (q) => q <= p);
  const dated = (from: number, to: number): number => {
    let count = 0;
    for (let i = lo; i < upTo; i++) {
      const d = events.day[items[i] as number] as number;
      if (d >= from && d <= to) count++;
    }
    return count;
  };
  if (leaf.kind === "window") {
    const count = dated(now - leaf.days + 1, now);
    return { holds: count >= leaf.atLeast, evidence: { [windowLabel(leaf)]: count } };
  }
  if (leaf.kind !== "growth") throw new Error(`event rules have window and growth leaves only, not ${leaf.kind}`);
  const current = dated(events.start, events.end);
  const trailing = dated(trailingFrom, events.start - 1);
  return { holds: growthHolds(leaf, current, trailing), evidence: growthEvidence(leaf, current, trailing) };
}

/** The first index in [lo, hi) where `before` turns false (`before` is true on a prefix). */
function upperBound(items: Int32Array, lo: number, hi: number, before: (q: number) => boolean): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (before(items[mid] as number)) a = mid + 1;
    else b = mid;
  }
  return a;
}
