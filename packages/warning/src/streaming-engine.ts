/**
 * The streaming engine. `push(event)` records the event in the windows and monthly counts that
 * watch its kind and evaluates, for its enterprise, the event rules (window and growth conditions
 * only) watching that kind, returning their alerts at once; `register(enterprise)` keeps the
 * attributes scopes and group conditions need; `endOfMonth(period, …)` evaluates every other rule
 * (indicators, groups, class transitions, mixed conditions) on the month's last day. This is
 * exactly when the batch engine evaluates each rule, so both raise the same alerts. Window and
 * month state is bounded — only days inside a window and the months a growth condition compares
 * are kept — and the whole state snapshots to JSON lines (one per enterprise and per window, so
 * a province of 10 million enterprises is not one string too long for JavaScript) and restores,
 * so a restart loses nothing.
 * @module
 */
import type { IndicatorFrame, Period, RiskClass } from "@creditclass/core";
import { civilFromDays, compileColumnExpression, formatDayNumber, parseDayNumber, periodDayBounds, RISK_CLASSES, ValidationError } from "@creditclass/core";
import type { EventLeaf, LeafCondition, Outcome } from "./conditions.js";
import {
  comparator,
  evaluateTree,
  eventLeaves,
  groupLabel,
  growthEvidence,
  growthHolds,
  indicatorLabel,
  isEventCondition,
  transitionHolds,
  windowLabel,
} from "./conditions.js";
import type { Alert } from "./evaluate-month.js";
import { inScope, isUnscoped, makeAlert } from "./evaluate-month.js";
import type { Condition, Rule, RuleSet } from "./rule-schema.js";

/**
 * An event as the stream delivers it (the ingest schemas' fields; only these are read).
 * @category Streaming
 */
export interface StreamEvent {
  readonly kind: string;
  readonly uscc: string;
  /** `YYYY-MM-DD`: when it happened. */
  readonly date: string;
  /** `YYYY-MM-DD`: when it was recorded, the moment rules are evaluated (default: `date`). Events arrive in recording order. */
  readonly recorded?: string;
  /** Detail code (change field, penalty severity, inspection result, complaint or report). */
  readonly detail?: string;
}

/**
 * An enterprise as the stream registers it: what scopes and group conditions read.
 * @category Streaming
 */
export interface StreamEnterprise {
  readonly uscc: string;
  /** Establishment date, `YYYY-MM-DD`. */
  readonly established: string;
  readonly region?: string;
  readonly industry?: string;
  readonly entityType?: string;
  readonly address?: string;
  /** Persons linked to it (legal representative, shareholders, managers). */
  readonly persons?: readonly string[];
  /** Register tags, for rules scoped by tag. */
  readonly tags?: readonly string[];
}

/**
 * What month-end rules read besides the stream.
 * @category Streaming
 */
export interface MonthEndData {
  /** The month's indicators (threshold and expression conditions hold for no one without them). */
  readonly indicators?: IndicatorFrame;
  /** Classes of the previous and this month (transition conditions hold for no one without them). */
  readonly classes?: { readonly previous: ReadonlyMap<string, RiskClass>; readonly current: ReadonlyMap<string, RiskClass> };
}

/**
 * The engine.
 * @category Streaming
 */
export interface StreamingEngine {
  /** Records an event and evaluates the event rules watching its kind for its enterprise; returns their alerts. */
  push(event: StreamEvent): Alert[];
  /** Records (or updates) an enterprise's attributes. */
  register(enterprise: StreamEnterprise): void;
  /** Evaluates the month-end rules on the month's last day for every registered enterprise. */
  endOfMonth(period: Period, data?: MonthEndData): Alert[];
  /**
   * The whole state as JSON lines (no line breaks inside): a header, then one line per registered
   * enterprise, window, month count and cooldown. Write each followed by `\n`.
   */
  snapshot(): Generator<string>;
  /** Rules evaluated by `endOfMonth` rather than `push`. */
  readonly monthEndRules: readonly string[];
  /** Entries held in window and month state (for monitoring the bound). */
  stateSize(): number;
}

/** Registered attributes: established day, region, industry, entity type, address, persons, tags. */
type Registered = [number, string, string, string, string, string[], string[]];

/**
 * Maps, not plain objects: V8 renumbers a dictionary object's properties on every insertion once
 * it holds about 8 million of them (a province of 10 million enterprises stalled for minutes).
 * A Map holds at most 2^24 (16.7 million) entries: the bound on enterprises per engine.
 */
interface State {
  /** leaf key → uscc → sorted days inside the window. */
  windows: Map<string, Map<string, number[]>>;
  /** leaf key → uscc → [month index, count] pairs inside the compared months. */
  months: Map<string, Map<string, [number, number][]>>;
  /** rule id → uscc → day of the last alert. */
  alerted: Map<string, Map<string, number>>;
  /** uscc → attributes, in registration order. */
  enterprises: Map<string, Registered>;
}

/** A state with nothing in it. */
const emptyState = (): State => ({ windows: new Map(), months: new Map(), alerted: new Map(), enterprises: new Map() });

/**
 * Creates a streaming engine, optionally from a snapshot.
 *
 * @param rules - A validated rule set.
 * @param snapshot - The lines of an earlier engine's `snapshot()` (blank lines are skipped).
 * @returns The engine.
 * @throws {ValidationError} `invalid_config` naming the line, for a snapshot that is not one of ours. `push` and `register` throw a `ValidationError` for a date that is not a calendar date.
 * @example
 * const engine = createStreamingEngine(NATIONAL_RULES);
 * engine.push({ kind: "change", uscc, date: "2026-11-20", detail: "legal_rep" }) //=> [] until the third change in 180 days
 * engine.endOfMonth("2026-11", { indicators, classes }) //=> annual reports overdue, groups, transitions
 * @category Streaming
 */
export function createStreamingEngine(rules: RuleSet, snapshot?: Iterable<string>): StreamingEngine {
  const state: State = snapshot === undefined ? emptyState() : restoreState(snapshot);
  const eventRules = rules.rules.filter((r) => isEventCondition(r.condition));
  const monthEnd = rules.rules.filter((r) => !isEventCondition(r.condition));
  // Leaves get stable keys (rule id + position); each event kind maps to the leaves recording it and the event rules it can change.
  const leafKey = new Map<EventLeaf, string>();
  const leavesByKind = new Map<string, EventLeaf[]>();
  for (const rule of rules.rules) {
    for (const [k, leaf] of eventLeaves(rule.condition).entries()) {
      leafKey.set(leaf, `${rule.id}#${k}`);
      for (const kind of new Set(leaf.events)) leavesByKind.set(kind, [...(leavesByKind.get(kind) ?? []), leaf]);
    }
  }
  const rulesByKind = new Map<string, Rule[]>();
  for (const rule of eventRules)
    for (const kind of new Set(eventLeaves(rule.condition).flatMap((l) => l.events))) rulesByKind.set(kind, [...(rulesByKind.get(kind) ?? []), rule]);

  const record = (leaf: EventLeaf, event: StreamEvent, day: number, now: number): void => {
    const key = leafKey.get(leaf) as string;
    if (leaf.kind === "window") {
      if (leaf.details.length > 0 && !leaf.details.includes(event.detail ?? "")) return;
      const days = entry<number[]>(entry(state.windows, key, new Map()), event.uscc, []);
      let at = days.length;
      while (at > 0 && (days[at - 1] as number) > day) at--;
      days.splice(at, 0, day);
      // Bounded: only days that can still fall inside a window ending today or later are kept.
      let drop = 0;
      while (drop < days.length && (days[drop] as number) <= now - leaf.days) drop++;
      if (drop > 0) days.splice(0, drop);
      return;
    }
    const pairs = entry<[number, number][]>(entry(state.months, key, new Map()), event.uscc, []);
    const month = monthOfDay(day);
    const found = pairs.find((p) => p[0] === month);
    if (found === undefined) pairs.push([month, 1]);
    else found[1]++;
    pairs.sort((a, b) => a[0] - b[0]);
    const oldest = monthOfDay(now) - leaf.trailingMonths;
    while (pairs.length > 0 && (pairs[0] as [number, number])[0] < oldest) pairs.shift();
  };

  /** A window or growth leaf's outcome for an enterprise on a day, from the state. */
  const eventLeafOutcome = (leaf: EventLeaf, uscc: string, day: number): Outcome => {
    const key = leafKey.get(leaf) as string;
    if (leaf.kind === "window") {
      let count = 0;
      for (const d of state.windows.get(key)?.get(uscc) ?? []) if (d > day - leaf.days && d <= day) count++;
      return { holds: count >= leaf.atLeast, evidence: { [windowLabel(leaf)]: count } };
    }
    const month = monthOfDay(day);
    let current = 0;
    let trailing = 0;
    for (const [m, n] of state.months.get(key)?.get(uscc) ?? []) {
      if (m === month) current += n;
      else if (m < month && m >= month - leaf.trailingMonths) trailing += n;
    }
    return { holds: growthHolds(leaf, current, trailing), evidence: growthEvidence(leaf, current, trailing) };
  };

  const unscoped = new Set(rules.rules.filter(isUnscoped));
  const scoped = (rule: Rule, uscc: string): boolean => {
    if (unscoped.has(rule)) return true;
    const e = state.enterprises.get(uscc);
    return e === undefined ? isUnscoped(rule) : inScope(rule, e[1], e[2], e[3], e[6] ?? []);
  };

  /** Applies the cooldown; returns the alert when it may be raised. */
  const raise = (rule: Rule, uscc: string, day: number, date: string, evidence: Record<string, number | string>): Alert | undefined => {
    const alerted = entry(state.alerted, rule.id, new Map());
    const last = alerted.get(uscc);
    if (last !== undefined && last > day - rule.cooldownDays) return undefined;
    alerted.set(uscc, day);
    return makeAlert(rule, uscc, date, evidence);
  };

  return {
    monthEndRules: monthEnd.map((r) => r.id),
    push(event) {
      const leaves = leavesByKind.get(event.kind);
      if (leaves === undefined) return [];
      const day = calendarDay(event.date);
      const date = event.recorded ?? event.date;
      const now = event.recorded === undefined ? day : calendarDay(event.recorded);
      for (const leaf of leaves) record(leaf, event, day, now);
      const alerts: Alert[] = [];
      for (const rule of rulesByKind.get(event.kind) ?? []) {
        if (!scoped(rule, event.uscc)) continue;
        const last = state.alerted.get(rule.id)?.get(event.uscc);
        if (last !== undefined && last > now - rule.cooldownDays) continue;
        const outcome = evaluateTree(rule.condition, (leaf) => eventLeafOutcome(leaf as EventLeaf, event.uscc, now));
        const alert = outcome.holds ? raise(rule, event.uscc, now, date, outcome.evidence) : undefined;
        if (alert !== undefined) alerts.push(alert);
      }
      return alerts;
    },
    register(e) {
      state.enterprises.set(e.uscc, [
        calendarDay(e.established),
        e.region ?? "",
        e.industry ?? "",
        e.entityType ?? "",
        e.address ?? "",
        [...(e.persons ?? [])],
        [...(e.tags ?? [])],
      ]);
    },
    endOfMonth(period, data = {}) {
      const { last: end } = periodDayBounds(period);
      const date = formatDayNumber(end);
      const codes: string[] = [];
      for (const [uscc, e] of state.enterprises) if (e[0] <= end) codes.push(uscc);
      const leafOutcome = monthEndLeaves(state, codes, end, data, eventLeafOutcome);
      const alerts: Alert[] = [];
      for (const rule of monthEnd) {
        for (const uscc of codes) {
          if (!scoped(rule, uscc)) continue;
          const outcome = evaluateTree(rule.condition, (leaf) => leafOutcome(leaf, uscc));
          const alert = outcome.holds ? raise(rule, uscc, end, date, outcome.evidence) : undefined;
          if (alert !== undefined) alerts.push(alert);
        }
      }
      return alerts;
    },
    snapshot: () => snapshotLines(state),
    stateSize() {
      let n = 0;
      for (const perLeaf of state.windows.values()) for (const days of perLeaf.values()) n += days.length;
      for (const perLeaf of state.months.values()) for (const pairs of perLeaf.values()) n += pairs.length;
      return n;
    },
  };
}

/** The first line of a snapshot. */
const SNAPSHOT_HEADER = JSON.stringify({ format: "creditclass.stream-state", version: 1 });

/** The state as lines: `["enterprise", uscc, attributes]`, `["window", leaf, uscc, days]`, `["months", leaf, uscc, pairs]`, `["alerted", rule, uscc, day]`. */
function* snapshotLines(state: State): Generator<string> {
  yield SNAPSHOT_HEADER;
  for (const [uscc, attributes] of state.enterprises) yield JSON.stringify(["enterprise", uscc, attributes]);
  for (const [leaf, perEnterprise] of state.windows) for (const [uscc, days] of perEnterprise) yield JSON.stringify(["window", leaf, uscc, days]);
  for (const [leaf, perEnterprise] of state.months) for (const [uscc, pairs] of perEnterprise) yield JSON.stringify(["months", leaf, uscc, pairs]);
  for (const [rule, perEnterprise] of state.alerted) for (const [uscc, day] of perEnterprise) yield JSON.stringify(["alerted", rule, uscc, day]);
}

/** The state from snapshot lines; the first line that is not ours is named. */
function restoreState(lines: Iterable<string>): State {
  const state = emptyState();
  let line = 0;
  let header = false;
  const fail = (message: string): never => {
    throw new ValidationError([
      { code: "invalid_config", line, message: `streaming state: ${message}`, expected: `JSON lines from snapshot(), first ${SNAPSHOT_HEADER}` },
    ]);
  };
  for (const text of lines) {
    line++;
    if (text.trim() === "") continue;
    if (!header) {
      if (text.trim() !== SNAPSHOT_HEADER) fail("the first line is not the snapshot header");
      header = true;
      continue;
    }
    let item: unknown;
    try {
      item = JSON.parse(text);
    } catch {
      fail("not JSON");
    }
    if (!Array.isArray(item) || typeof item[1] !== "string") fail("not an entry of a snapshot");
    const [what, key, a, b] = item as [string, string, unknown, unknown];
    if (what === "enterprise" && Array.isArray(a)) state.enterprises.set(key, a as Registered);
    else if (what === "window" && typeof a === "string" && Array.isArray(b)) entry(state.windows, key, new Map()).set(a, b as number[]);
    else if (what === "months" && typeof a === "string" && Array.isArray(b)) entry(state.months, key, new Map()).set(a, b as [number, number][]);
    else if (what === "alerted" && typeof a === "string" && typeof b === "number") entry(state.alerted, key, new Map()).set(a, b);
    else fail(`unknown entry ${JSON.stringify(what)}`);
  }
  if (!header) fail("empty");
  return state;
}

/**
 * Leaf outcomes on a month's last day: indicator columns and group sizes computed once, windows
 * and growth from the state.
 */
function monthEndLeaves(
  state: State,
  codes: readonly string[],
  end: number,
  data: MonthEndData,
  eventLeafOutcome: (leaf: EventLeaf, uscc: string, day: number) => Outcome,
): (leaf: LeafCondition, uscc: string) => Outcome {
  const frame = data.indicators;
  const frameRow = new Map((frame?.ids() ?? []).map((id, r) => [id, r] as const));
  const columns = new Map<LeafCondition, Float64Array>();
  const groups = new Map<LeafCondition, Map<string, number>>();
  return (leaf, uscc) => {
    switch (leaf.kind) {
      case "window":
      case "growth":
        return eventLeafOutcome(leaf, uscc, end);
      case "threshold":
      case "expression": {
        const r = frameRow.get(uscc);
        if (frame === undefined || r === undefined) return { holds: false, evidence: {} };
        let values = columns.get(leaf);
        if (values === undefined) {
          values =
            leaf.kind === "threshold"
              ? frame.column(leaf.indicator)
              : compileColumnExpression(leaf.expression, frame.columnNames).evaluate((name) => frame.column(name), frame.rowCount);
          columns.set(leaf, values);
        }
        const v = values[r] as number;
        const holds = leaf.kind === "threshold" ? comparator(leaf.op, leaf.value)(v) : v !== 0 && !Number.isNaN(v);
        return { holds, evidence: { [indicatorLabel(leaf)]: v } };
      }
      case "group": {
        let sizes = groups.get(leaf);
        if (sizes === undefined) {
          sizes = groupSizes(state, codes, end, leaf);
          groups.set(leaf, sizes);
        }
        const size = sizes.get(uscc) ?? 0;
        return { holds: size >= leaf.atLeast, evidence: { [groupLabel(leaf)]: size } };
      }
      case "transition": {
        const before = data.classes?.previous.get(uscc);
        const after = data.classes?.current.get(uscc);
        if (before === undefined || after === undefined) return { holds: false, evidence: {} };
        return { holds: transitionHolds(leaf, RISK_CLASSES.indexOf(before), RISK_CLASSES.indexOf(after)), evidence: { transition: `${before}→${after}` } };
      }
    }
  };
}

/** Per enterprise registered within the leaf's days: the size of its largest group (by address, or by person). */
function groupSizes(state: State, codes: readonly string[], end: number, leaf: Extract<Condition, { kind: "group" }>): Map<string, number> {
  const recent = codes.filter((u) => (state.enterprises.get(u) as Registered)[0] > end - leaf.days);
  const keysOf = (u: string): string[] => {
    const e = state.enterprises.get(u) as Registered;
    return (leaf.by === "address" ? [e[4]] : [...new Set(e[5])]).filter((k) => k !== "");
  };
  const members = new Map<string, number>();
  for (const u of recent) for (const k of keysOf(u)) members.set(k, (members.get(k) ?? 0) + 1);
  return new Map(recent.map((u) => [u, Math.max(0, ...keysOf(u).map((k) => members.get(k) ?? 0))] as const));
}

/** The value under a key, stored first when absent. */
function entry<T>(map: Map<string, T>, key: string, empty: T): T {
  const found = map.get(key);
  if (found !== undefined) return found;
  map.set(key, empty);
  return empty;
}

function calendarDay(date: string): number {
  const day = parseDayNumber(date);
  if (Number.isNaN(day)) {
    throw new ValidationError([
      {
        code: "invalid_date",
        field: "date",
        value: date,
        expected: "a calendar date YYYY-MM-DD",
        message: `date ${JSON.stringify(date)} is not a calendar date`,
      },
    ]);
  }
  return day;
}

function monthOfDay(day: number): number {
  const { year, month } = civilFromDays(day);
  return year * 12 + month - 1;
}
