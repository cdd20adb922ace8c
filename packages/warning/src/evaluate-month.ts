/**
 * The batch engine for a month, over the enterprises registered by its last day. Event rules
 * (window and growth conditions only) are evaluated after each event of a kind they watch, as the
 * streaming engine does (`event-rules.ts`); every other rule on the month's last day over the
 * whole register (`month-end-conditions.ts`). Each alert carries the values that raised it;
 * cooldowns skip enterprises alerted by the same rule within the rule's days before.
 * @module
 */
import type { IndicatorFrame, IndicatorSource, Measure, Period, ProvinceColumns, RiskClass } from "@creditclass/core";
import { ENTITY_TYPES, formatDayNumber, periodDayBounds, rowsOfCodes } from "@creditclass/core";
import { isEventCondition } from "./conditions.js";
import { eventRuleHits, monthEvents } from "./event-rules.js";
import { monthEndFlags } from "./month-end-conditions.js";
import type { Rule, RuleSet } from "./rule-schema.js";

/**
 * One alert.
 * @category Alerts
 */
export interface Alert {
  /** `rule/uscc/day`: one alert per rule, enterprise and day (cooldowns are at least a day). */
  readonly id: string;
  readonly ruleId: string;
  readonly name: { readonly zh: string; readonly en: string };
  readonly severity: number;
  readonly measure: Measure;
  readonly uscc: string;
  readonly period: Period;
  /** When the condition held, `YYYY-MM-DD`: the day of the event that made an event rule hold, else the month's last day. */
  readonly day: string;
  /** What raised it: the observed values of the conditions that held. */
  readonly evidence: Readonly<Record<string, number | string>>;
}

/**
 * Options of {@link evaluateMonth}.
 * @category Alerts
 */
export interface EvaluateMonthOptions {
  /**
   * The month's indicators: a frame, or the source that computes them (called only when a rule
   * reads an indicator). Without either, a rule that reads indicators is an error.
   */
  readonly indicators?: IndicatorFrame | IndicatorSource;
  /** Classes of the previous and this month; without them transition conditions hold for no one. */
  readonly classes?: { readonly previous: ReadonlyMap<string, RiskClass>; readonly current: ReadonlyMap<string, RiskClass> };
  /** Day number of each `ruleId|uscc` pair's last alert, for cooldowns. */
  readonly lastAlerts?: ReadonlyMap<string, number>;
  /** Register tags per enterprise code, for rules scoped by tag (enterprises not listed have none). */
  readonly tags?: ReadonlyMap<string, readonly string[]>;
}

/**
 * Evaluates a rule set for a month.
 *
 * @param province - Columns from `loadProvinceColumns`.
 * @param period - The month; only events recorded by its last day count.
 * @param rules - A validated rule set.
 * @param options - Indicators, classes, earlier alerts.
 * @returns Alerts, by rule order then code.
 * @example
 * evaluateMonth(province, p("2026-10"), NATIONAL_RULES, { indicators: frame })[0]
 * //=> { id: "abnormal_changes/9133…/2026-10-14", ruleId: "abnormal_changes", measure: "interview", uscc: "9133…", day: "2026-10-14", evidence: { "change legal_rep in 180 d": 3 }, … }
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
      const given = options.indicators;
      if (given === undefined) throw new TypeError(`rule set ${rules.id} reads indicators: pass options.indicators`);
      const f = typeof given === "function" ? given(period) : given;
      frame = { indicators: f, row: rowsOfCodes(reg.uscc, f.ids()) };
    }
    return frame;
  };
  const ctx = { province, end, month: year * 12 + monthOfYear - 1, present, indicators, classes: options.classes };
  const eventRules = rules.rules.filter((r) => isEventCondition(r.condition));
  const events = eventRules.length > 0 ? monthEvents(province, period, eventRules) : undefined;
  const earlier = lastAlertsByRule(province, options.lastAlerts);
  const alerts: Alert[] = [];
  const alert = (rule: Rule, row: number, day: number, evidence: Record<string, number | string>): void => {
    alerts.push(makeAlert(rule, reg.uscc[row] as string, formatDayNumber(day), evidence));
  };

  for (const rule of rules.rules) {
    const scoped = scopeFilter(rule, province, options.tags);
    const lastDay = new Int32Array(reg.count).fill(NEVER);
    for (const [row, day] of earlier.get(rule.id) ?? []) lastDay[row] = day;
    if (events !== undefined && isEventCondition(rule.condition)) {
      // An unscoped rule watches every event; a scoped one needs the enterprise's register entry known by the month's end.
      const unscoped = isUnscoped(rule);
      const hits = eventRuleHits(events, rule, (i) => unscoped || (present[i] === 1 && scoped(i)), lastDay);
      hits.sort((a, b) => a.row - b.row || a.day - b.day);
      for (const h of hits) alert(rule, h.row, h.day, h.evidence);
      continue;
    }
    const { hit, evidence } = monthEndFlags(rule.condition, ctx);
    for (let i = 0; i < reg.count; i++) {
      if (hit[i] === 1 && present[i] === 1 && scoped(i) && (lastDay[i] as number) <= end - rule.cooldownDays) alert(rule, i, end, evidence(i));
    }
  }
  return alerts;
}

/**
 * An alert of a rule for an enterprise on a day.
 *
 * @param rule - The rule.
 * @param uscc - The enterprise.
 * @param day - `YYYY-MM-DD` (its month is the alert's period).
 * @param evidence - What raised it.
 * @returns The alert.
 * @example
 * makeAlert(rule, "91330106000000002X", "2026-05-20", { "change legal_rep in 180 d": 3 }).id //=> "abnormal_changes/91330106000000002X/2026-05-20"
 * @category Alerts
 */
export function makeAlert(rule: Rule, uscc: string, day: string, evidence: Record<string, number | string>): Alert {
  return {
    id: alertId(rule.id, uscc, day),
    ruleId: rule.id,
    name: rule.name,
    severity: rule.severity,
    measure: rule.measure,
    uscc,
    period: day.slice(0, 7) as Period,
    day,
    evidence,
  };
}

/**
 * The id of an alert.
 *
 * @param ruleId - The rule.
 * @param uscc - The enterprise.
 * @param day - `YYYY-MM-DD`.
 * @returns `rule/uscc/day`.
 * @example
 * alertId("abnormal_changes", "91330106000000002X", "2026-05-20") //=> "abnormal_changes/91330106000000002X/2026-05-20"
 * @category Alerts
 */
export function alertId(ruleId: string, uscc: string, day: string): string {
  return `${ruleId}/${uscc}/${day}`;
}

/** A day before any alert. */
const NEVER = -2_000_000_000;

/** `ruleId|uscc` → day, as rule id → [register row, day] pairs. */
function lastAlertsByRule(province: ProvinceColumns, lastAlerts: ReadonlyMap<string, number> | undefined): Map<string, [number, number][]> {
  const byRule = new Map<string, [number, number][]>();
  if (lastAlerts === undefined || lastAlerts.size === 0) return byRule;
  const rowOf = new Map(province.register.uscc.map((u, i) => [u, i] as const));
  for (const [key, day] of lastAlerts) {
    const bar = key.lastIndexOf("|");
    const row = rowOf.get(key.slice(bar + 1));
    if (row === undefined) continue;
    const pairs = byRule.get(key.slice(0, bar));
    if (pairs === undefined) byRule.set(key.slice(0, bar), [[row, day]]);
    else pairs.push([row, day]);
  }
  return byRule;
}

/** Whether a register row is in a rule's scope. */
function scopeFilter(rule: Rule, province: ProvinceColumns, tags: ReadonlyMap<string, readonly string[]> | undefined): (row: number) => boolean {
  if (isUnscoped(rule)) return () => true;
  const reg = province.register;
  return (i) =>
    inScope(
      rule,
      reg.regions[reg.region[i] as number] ?? "",
      reg.industries[reg.industry[i] as number] ?? "",
      ENTITY_TYPES[reg.entityType[i] as number] ?? "",
      tags?.get(reg.uscc[i] as string) ?? [],
    );
}

/**
 * Whether a rule watches every enterprise.
 *
 * @param rule - The rule.
 * @returns True when no scope list is given.
 * @example
 * isUnscoped(NATIONAL_RULES.rules[0]) //=> true
 * @category Alerts
 */
export function isUnscoped(rule: Rule): boolean {
  const { regions, industries, entityTypes, tags } = rule.scope;
  return regions.length + industries.length + entityTypes.length + tags.length === 0;
}

/**
 * Whether an enterprise with these attributes is in a rule's scope.
 *
 * @param rule - The rule.
 * @param region - Its region code.
 * @param industry - Its industry code.
 * @param entityType - Its entity type.
 * @param tags - Its register tags.
 * @returns True when every non-empty scope list matches.
 * @example
 * inScope(rule, "330106", "F5211", "company", []) //=> true
 * @category Alerts
 */
export function inScope(rule: Rule, region: string, industry: string, entityType: string, tags: readonly string[]): boolean {
  const scope = rule.scope;
  return (
    (scope.regions.length === 0 || scope.regions.some((p) => region.startsWith(p))) &&
    (scope.industries.length === 0 || scope.industries.some((p) => industry.startsWith(p))) &&
    (scope.entityTypes.length === 0 || scope.entityTypes.includes(entityType)) &&
    (scope.tags.length === 0 || scope.tags.some((t) => tags.includes(t)))
  );
}
