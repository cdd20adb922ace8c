/**
 * The streaming engine: `push(event)` evaluates, for the event's enterprise, only the rules whose
 * event conditions the event's kind can change, and returns their alerts at once. State is
 * per enterprise and bounded — window conditions keep the days inside their window, growth
 * conditions the months they compare — and the whole state snapshots to JSON and restores, so a
 * restart loses nothing. Conditions on indicators, groups and class transitions need the batch
 * engine; rules using them are listed in `skipped` and never evaluated here.
 * @module
 */
import type { Period } from "@creditclass/core";
import { civilFromDays, parseDayNumber, ValidationError } from "@creditclass/core";
import type { Alert } from "./evaluate-month.js";
import type { Condition, Rule, RuleSet } from "./rule-schema.js";

/**
 * An event as the stream delivers it (the ingest schemas' fields; only these are read).
 * @category Streaming
 */
export interface StreamEvent {
  readonly kind: string;
  readonly uscc: string;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** Detail code (change field, penalty severity, inspection result, complaint or report). */
  readonly detail?: string;
}

/**
 * The engine.
 * @category Streaming
 */
export interface StreamingEngine {
  /** Evaluates the rules the event can affect; returns their alerts. */
  push(event: StreamEvent): Alert[];
  /** The whole state as JSON text. */
  snapshot(): string;
  /** Rules this engine does not evaluate (indicator, group or transition conditions). */
  readonly skipped: readonly string[];
  /** Entries held in window and month state (for monitoring the bound). */
  stateSize(): number;
}

interface State {
  /** leaf key → uscc → sorted days inside the window. */
  windows: Record<string, Record<string, number[]>>;
  /** leaf key → uscc → [month index, count] pairs inside the compared months. */
  months: Record<string, Record<string, [number, number][]>>;
  /** `ruleId|uscc` → day of the last alert. */
  alerted: Record<string, number>;
}

type Leaf = Extract<Condition, { kind: "window" } | { kind: "growth" }>;

/**
 * Creates a streaming engine, optionally from a snapshot.
 *
 * @param rules - A validated rule set.
 * @param snapshot - Text from an earlier engine's `snapshot()`.
 * @returns The engine.
 * @throws {SyntaxError} For a snapshot that is not JSON. `push` throws a `ValidationError` for an event whose date is not a calendar date.
 * @example
 * const engine = createStreamingEngine(NATIONAL_RULES);
 * engine.push({ kind: "change", uscc, date: "2026-11-20", detail: "legal_rep" }) //=> [] until the third change in 180 days
 * @category Streaming
 */
export function createStreamingEngine(rules: RuleSet, snapshot?: string): StreamingEngine {
  const state: State = snapshot === undefined ? { windows: {}, months: {}, alerted: {} } : (JSON.parse(snapshot) as State);
  const streamable = (c: Condition): boolean =>
    c.kind === "window" ||
    c.kind === "growth" ||
    ((c.kind === "all" || c.kind === "any") && c.conditions.every(streamable)) ||
    (c.kind === "not" && streamable(c.condition));
  const active = rules.rules.filter((r) => streamable(r.condition));
  const skipped = rules.rules.filter((r) => !streamable(r.condition)).map((r) => r.id);
  // Leaves get stable keys (rule id + position), and each event kind maps to the rules it can change.
  const leaves = new Map<Leaf, string>();
  const byKind = new Map<string, Rule[]>();
  for (const rule of active) {
    let k = 0;
    const visit = (c: Condition): void => {
      if (c.kind === "window" || c.kind === "growth") {
        leaves.set(c, `${rule.id}#${k++}`);
        for (const kind of c.events) byKind.set(kind, [...new Set([...(byKind.get(kind) ?? []), rule])]);
      } else if (c.kind === "all" || c.kind === "any") c.conditions.forEach(visit);
      else if (c.kind === "not") visit(c.condition);
    };
    visit(rule.condition);
  }

  const record = (leaf: Leaf, event: StreamEvent, day: number): void => {
    const key = leaves.get(leaf) as string;
    if (!leaf.events.includes(event.kind)) return;
    if (leaf.kind === "window") {
      if (leaf.details.length > 0 && !leaf.details.includes(event.detail ?? "")) return;
      const perLeaf = entry(state.windows, key, {});
      const days = entry(perLeaf, event.uscc, []);
      let at = days.length;
      while (at > 0 && (days[at - 1] as number) > day) at--;
      days.splice(at, 0, day);
      // Bounded: only days that can still fall inside the window of the latest day are kept.
      const newest = days[days.length - 1] as number;
      let drop = 0;
      while (drop < days.length && (days[drop] as number) <= newest - leaf.days) drop++;
      if (drop > 0) days.splice(0, drop);
      return;
    }
    const perLeaf = entry(state.months, key, {});
    const pairs = entry(perLeaf, event.uscc, []);
    const month = monthOfDay(day);
    const found = pairs.find((p) => p[0] === month);
    if (found === undefined) pairs.push([month, 1]);
    else found[1]++;
    pairs.sort((a, b) => a[0] - b[0]);
    const newest = (pairs[pairs.length - 1] as [number, number])[0];
    while (pairs.length > 0 && (pairs[0] as [number, number])[0] < newest - leaf.trailingMonths) pairs.shift();
  };

  const holds = (c: Condition, uscc: string, day: number, evidence: Record<string, number | string>): boolean => {
    switch (c.kind) {
      case "window": {
        const days = state.windows[leaves.get(c) as string]?.[uscc] ?? [];
        let count = 0;
        for (const d of days) if (d > day - c.days && d <= day) count++;
        evidence[`${c.events.join("+")}${c.details.length > 0 ? ` ${c.details.join("+")}` : ""} in ${c.days} d`] = count;
        return count >= c.atLeast;
      }
      case "growth": {
        const pairs = state.months[leaves.get(c) as string]?.[uscc] ?? [];
        const month = monthOfDay(day);
        let current = 0;
        let trailing = 0;
        for (const [m, n] of pairs) {
          if (m === month) current += n;
          else if (m < month && m >= month - c.trailingMonths) trailing += n;
        }
        const label = c.events.join("+");
        evidence[`${label} this month`] = current;
        evidence[`${label} trailing ${c.trailingMonths}-month mean`] = trailing / c.trailingMonths;
        return current >= c.minimum && current >= c.factor * (trailing / c.trailingMonths);
      }
      case "all":
        return c.conditions.every((x) => holds(x, uscc, day, evidence));
      case "any":
        return c.conditions.map((x) => holds(x, uscc, day, evidence)).some(Boolean);
      case "not":
        return !holds(c.condition, uscc, day, {});
      default:
        return false;
    }
  };

  return {
    skipped,
    push(event) {
      const rulesOfKind = byKind.get(event.kind);
      if (rulesOfKind === undefined) return [];
      const day = parseDayNumber(event.date);
      if (Number.isNaN(day)) {
        throw new ValidationError([
          {
            code: "invalid_date",
            field: "date",
            value: event.date,
            expected: "a calendar date YYYY-MM-DD",
            message: `event date ${JSON.stringify(event.date)} is not a calendar date`,
          },
        ]);
      }
      const alerts: Alert[] = [];
      for (const rule of rulesOfKind) {
        for (const [leaf] of leavesOf(rule.condition)) record(leaf, event, day);
        const evidence: Record<string, number | string> = {};
        if (!holds(rule.condition, event.uscc, day, evidence)) continue;
        const key = `${rule.id}|${event.uscc}`;
        const last = state.alerted[key];
        if (last !== undefined && last > day - rule.cooldownDays) continue;
        state.alerted[key] = day;
        const period = event.date.slice(0, 7) as Period;
        alerts.push({ ruleId: rule.id, name: rule.name, severity: rule.severity, measure: rule.measure, uscc: event.uscc, period, day: event.date, evidence });
      }
      return alerts;
    },
    snapshot: () => JSON.stringify(state),
    stateSize() {
      let n = 0;
      for (const perLeaf of Object.values(state.windows)) for (const days of Object.values(perLeaf)) n += days.length;
      for (const perLeaf of Object.values(state.months)) for (const pairs of Object.values(perLeaf)) n += pairs.length;
      return n;
    },
  };

  function leavesOf(c: Condition): [Leaf, string][] {
    if (c.kind === "window" || c.kind === "growth") return [[c, leaves.get(c) as string]];
    if (c.kind === "all" || c.kind === "any") return c.conditions.flatMap(leavesOf);
    if (c.kind === "not") return leavesOf(c.condition);
    return [];
  }
}

/** The value under a key, stored first when absent. */
function entry<T>(record: Record<string, T>, key: string, empty: T): T {
  const found = record[key];
  if (found !== undefined) return found;
  record[key] = empty;
  return empty;
}

function monthOfDay(day: number): number {
  const { year, month } = civilFromDays(day);
  return year * 12 + month - 1;
}
