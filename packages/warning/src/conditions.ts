/**
 * What both engines agree on about a condition: whether its rule is an event rule (window and
 * growth leaves only, evaluated after each event of a kind it watches) or a month-end rule
 * (anything on indicators, groups or classes, evaluated on the month's last day), which event
 * kinds it watches, and the evidence label of each leaf.
 * @module
 */
import type { RiskClass } from "@creditclass/core";
import { RISK_CLASSES } from "@creditclass/core";
import type { Condition } from "./rule-schema.js";

/**
 * A leaf over events.
 * @category Rules
 */
export type EventLeaf = Extract<Condition, { kind: "window" } | { kind: "growth" }>;

/**
 * Whether a condition uses only window and growth leaves, so it can change only when an event
 * arrives.
 *
 * @param c - A condition.
 * @returns True for an event condition.
 * @example
 * isEventCondition({ kind: "window", events: ["change"], details: [], days: 180, atLeast: 3 }) //=> true
 * isEventCondition({ kind: "threshold", indicator: "annual_report_missing", op: ">=", value: 1 }) //=> false
 * @category Rules
 */
export function isEventCondition(c: Condition): boolean {
  switch (c.kind) {
    case "window":
    case "growth":
      return true;
    case "all":
    case "any":
      return c.conditions.every(isEventCondition);
    case "not":
      return isEventCondition(c.condition);
    default:
      return false;
  }
}

/**
 * The window and growth leaves of a condition, in document order.
 *
 * @param c - A condition.
 * @returns Its event leaves.
 * @example
 * eventLeaves(rule.condition).length //=> 2 for penalty_after_repair
 * @category Rules
 */
export function eventLeaves(c: Condition): EventLeaf[] {
  if (c.kind === "window" || c.kind === "growth") return [c];
  if (c.kind === "all" || c.kind === "any") return c.conditions.flatMap(eventLeaves);
  if (c.kind === "not") return eventLeaves(c.condition);
  return [];
}

/**
 * The event kinds a condition watches.
 *
 * @param c - A condition.
 * @returns Distinct kinds, in first-use order.
 * @example
 * watchedKinds(penaltyAfterRepair.condition) //=> ["credit_repair", "penalty"]
 * @category Rules
 */
export function watchedKinds(c: Condition): string[] {
  return [...new Set(eventLeaves(c).flatMap((leaf) => leaf.events))];
}

/**
 * The evidence label of a window leaf.
 *
 * @param c - The leaf.
 * @returns E.g. `change legal_rep in 180 d`.
 * @example
 * windowLabel({ kind: "window", events: ["change"], details: ["legal_rep"], days: 180, atLeast: 3 }) //=> "change legal_rep in 180 d"
 * @category Rules
 */
export function windowLabel(c: Extract<Condition, { kind: "window" }>): string {
  return `${c.events.join("+")}${c.details.length > 0 ? ` ${c.details.join("+")}` : ""} in ${c.days} d`;
}

/**
 * The evidence of a growth leaf.
 *
 * @param c - The leaf.
 * @param current - Events this month.
 * @param trailing - Events in the trailing months.
 * @returns Labelled values.
 * @example
 * growthEvidence(surge, 9, 3) //=> { "complaint this month": 9, "complaint trailing 3-month mean": 1 }
 * @category Rules
 */
export function growthEvidence(c: Extract<Condition, { kind: "growth" }>, current: number, trailing: number): Record<string, number> {
  const label = c.events.join("+");
  return { [`${label} this month`]: current, [`${label} trailing ${c.trailingMonths}-month mean`]: trailing / c.trailingMonths };
}

/**
 * Whether a growth leaf holds.
 *
 * @param c - The leaf.
 * @param current - Events this month.
 * @param trailing - Events in the trailing months.
 * @returns True when this month reaches the minimum and the factor × the trailing mean.
 * @example
 * growthHolds(surge, 9, 3) //=> true
 * @category Rules
 */
export function growthHolds(c: Extract<Condition, { kind: "growth" }>, current: number, trailing: number): boolean {
  return current >= c.minimum && current >= c.factor * (trailing / c.trailingMonths);
}

/**
 * The evidence label of a group leaf.
 *
 * @param c - The leaf.
 * @returns E.g. `registered at the same address in 31 d`.
 * @example
 * groupLabel({ kind: "group", by: "person", days: 90, atLeast: 5 }) //=> "registered with the same person in 90 d"
 * @category Rules
 */
export function groupLabel(c: Extract<Condition, { kind: "group" }>): string {
  return `registered ${c.by === "address" ? "at the same address" : "with the same person"} in ${c.days} d`;
}

/**
 * The evidence label of a threshold or expression leaf.
 *
 * @param c - The leaf.
 * @returns The comparison or the expression.
 * @example
 * indicatorLabel({ kind: "threshold", indicator: "annual_report_missing", op: ">=", value: 1 }) //=> "annual_report_missing >= 1"
 * @category Rules
 */
export function indicatorLabel(c: Extract<Condition, { kind: "threshold" } | { kind: "expression" }>): string {
  return c.kind === "threshold" ? `${c.indicator} ${c.op} ${c.value}` : c.expression;
}

/**
 * A threshold's comparison as a function; a missing value (NaN) satisfies none, not even `!=`.
 *
 * @param op - The operator.
 * @param value - The threshold.
 * @returns The test.
 * @example
 * comparator(">=", 1)(1) //=> true
 * @category Rules
 */
export function comparator(op: string, value: number): (v: number) => boolean {
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
 * Whether a class change satisfies a transition leaf.
 *
 * @param c - The leaf.
 * @param before - Last month's class index (0 = A).
 * @param after - This month's class index.
 * @returns True when the classes changed and match the leaf.
 * @example
 * transitionHolds({ kind: "transition", from: [], to: [], stepsUp: 2 }, 0, 2) //=> true
 * @category Rules
 */
export function transitionHolds(c: Extract<Condition, { kind: "transition" }>, before: number, after: number): boolean {
  const up = after - before;
  return (
    up !== 0 &&
    (c.from.length === 0 || c.from.includes(RISK_CLASSES[before] as RiskClass)) &&
    (c.to.length === 0 || c.to.includes(RISK_CLASSES[after] as RiskClass)) &&
    (c.stepsUp === undefined || up >= c.stepsUp)
  );
}

/**
 * A leaf condition.
 * @category Rules
 */
export type LeafCondition = Exclude<Condition, { kind: "all" } | { kind: "any" } | { kind: "not" }>;

/**
 * A condition's result for one enterprise at one moment.
 * @category Rules
 */
export interface Outcome {
  readonly holds: boolean;
  /** The observed values: of every leaf that held under `all` / `any`, of the inner condition under `not`. */
  readonly evidence: Record<string, number | string>;
}

/**
 * Evaluates a condition tree from its leaves' outcomes (both engines combine leaves this way).
 *
 * @param c - The condition.
 * @param leaf - The outcome of a leaf.
 * @returns The tree's outcome.
 * @example
 * evaluateTree(rule.condition, (l) => leafOutcome(l, row)).holds //=> true
 * @category Rules
 */
export function evaluateTree(c: Condition, leaf: (l: LeafCondition) => Outcome): Outcome {
  switch (c.kind) {
    case "all":
    case "any": {
      const parts = c.conditions.map((x) => evaluateTree(x, leaf));
      const holds = c.kind === "all" ? parts.every((p) => p.holds) : parts.some((p) => p.holds);
      return { holds, evidence: Object.assign({}, ...parts.filter((p) => p.holds).map((p) => p.evidence)) };
    }
    case "not": {
      const inner = evaluateTree(c.condition, leaf);
      return { holds: !inner.holds, evidence: negatedEvidence(inner.evidence) };
    }
    default:
      return leaf(c);
  }
}

/**
 * The evidence of a negated condition: each label prefixed with `not`.
 *
 * @param evidence - The inner condition's evidence.
 * @returns The relabelled evidence.
 * @example
 * negatedEvidence({ "penalty in 90 d": 0 }) //=> { "not penalty in 90 d": 0 }
 * @category Rules
 */
export function negatedEvidence(evidence: Record<string, number | string>): Record<string, number | string> {
  return Object.fromEntries(Object.entries(evidence).map(([k, v]) => [`not ${k}`, v]));
}
