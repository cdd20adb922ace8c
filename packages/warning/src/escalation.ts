/**
 * The disposal loop. An alert is open until a disposal resolves it; while open it climbs the
 * ladder 提醒 reminder → 警示 warning → 约谈 interview → 检查 inspection after the policy's days at
 * each measure (a disposal that does not resolve it — "reminder sent" — restarts the wait); a new
 * alert of the same rule for the same enterprise soon after an earlier one starts one measure above
 * where the earlier one stood. Open alerts at inspection make the enterprise a mandatory inspection
 * target, even in class A (the exception to "no disturbance without cause").
 * @module
 */
import type { Measure, SafeResult } from "@creditclass/core";
import { configIssues, formatDayNumber, MEASURES, parseDayNumber, unwrap } from "@creditclass/core";
import { z } from "zod";

const positive = z.number().int().positive();

/** The zod schema of an escalation policy. */
export const escalationPolicySchema = z.strictObject({
  /** Days an open alert stays at a measure before it escalates to the next. */
  afterDays: z
    .strictObject({ reminder: positive.default(15), warning: positive.default(15), interview: positive.default(30) })
    .default({ reminder: 15, warning: 15, interview: 30 }),
  /** A new alert within this many days of an earlier one (same rule and enterprise) starts one measure above it. */
  repeatWithinDays: positive.default(365),
});

/**
 * A validated escalation policy.
 * @category Disposal
 */
export type EscalationPolicy = z.output<typeof escalationPolicySchema>;

/**
 * The default policy: 15 days at reminder, 15 at warning, 30 at interview; repeats within a year.
 * @category Disposal
 */
export const DEFAULT_ESCALATION: EscalationPolicy = escalationPolicySchema.parse({});

/**
 * Validates an escalation policy document.
 *
 * @param document - Parsed JSON.
 * @returns The policy.
 * @throws {ValidationError} `invalid_config` issues with their paths.
 * @example
 * parseEscalationPolicy({ afterDays: { reminder: 10 } }).afterDays //=> { reminder: 10, warning: 15, interview: 30 }
 * @category Disposal
 */
export function parseEscalationPolicy(document: unknown): EscalationPolicy {
  const parsed = escalationPolicySchema.safeParse(document);
  const result: SafeResult<EscalationPolicy> = parsed.success
    ? { success: true, data: parsed.data }
    : { success: false, issues: configIssues(parsed.error.issues) };
  return unwrap(result);
}

/**
 * What was done about an alert.
 * @category Disposal
 */
export interface Disposal {
  readonly alertId: string;
  /** `YYYY-MM-DD`. */
  readonly day: string;
  /** Who recorded it. */
  readonly by: string;
  /** What was done. */
  readonly action: string;
  /** Whether it closes the alert. */
  readonly resolved: boolean;
}

/**
 * An alert as stored (what escalation reads).
 * @category Disposal
 */
export interface AlertRecord {
  readonly id: string;
  readonly ruleId: string;
  readonly uscc: string;
  /** `YYYY-MM-DD`. */
  readonly day: string;
  /** The rule's measure. */
  readonly measure: Measure;
}

/**
 * An alert's state on a day.
 * @category Disposal
 */
export interface AlertStatus<A extends AlertRecord = AlertRecord> {
  readonly alert: A;
  /** The measure it stands at: the rule's, raised by repeats and by time open. */
  readonly measure: Measure;
  readonly open: boolean;
  /** The resolving disposal's day, when closed. */
  readonly closedOn?: string;
  /** Each step up the ladder and its day. */
  readonly escalations: readonly { readonly day: string; readonly measure: Measure }[];
  readonly disposals: readonly Disposal[];
}

/**
 * The state of every alert on a day.
 *
 * @param alerts - Alerts (any order; those after `asOf` are left out).
 * @param disposals - Disposals (those after `asOf` are left out).
 * @param asOf - `YYYY-MM-DD`.
 * @param policy - The escalation policy.
 * @returns One status per alert, by day, rule and code.
 * @example
 * alertStatuses([{ id, ruleId: "annual_report_overdue", uscc, day: "2026-10-31", measure: "reminder" }], [], "2026-11-20", DEFAULT_ESCALATION)[0].measure
 * //=> "warning" (open for 20 days: one step up after 15)
 * @category Disposal
 */
export function alertStatuses<A extends AlertRecord>(
  alerts: readonly A[],
  disposals: readonly Disposal[],
  asOf: string,
  policy: EscalationPolicy,
): AlertStatus<A>[] {
  const until = parseDayNumber(asOf);
  const disposalsOf = new Map<string, Disposal[]>();
  for (const d of [...disposals].sort((a, b) => a.day.localeCompare(b.day))) {
    if (parseDayNumber(d.day) <= until) disposalsOf.set(d.alertId, [...(disposalsOf.get(d.alertId) ?? []), d]);
  }
  const sorted = alerts
    .filter((a) => parseDayNumber(a.day) <= until)
    .sort((a, b) => a.day.localeCompare(b.day) || a.ruleId.localeCompare(b.ruleId) || a.uscc.localeCompare(b.uscc));
  const previous = new Map<string, { readonly day: number; readonly start: number; readonly disposals: readonly Disposal[] }>();
  return sorted.map((alert) => {
    const day = parseDayNumber(alert.day);
    const own = disposalsOf.get(alert.id) ?? [];
    let start = MEASURES.indexOf(alert.measure);
    const before = previous.get(`${alert.ruleId}|${alert.uscc}`);
    if (before !== undefined && day - before.day <= policy.repeatWithinDays) {
      const earlier = ladder(before.start, before.day, before.disposals, day, policy);
      start = Math.max(start, Math.min(MEASURES.length - 1, earlier.level + 1));
    }
    previous.set(`${alert.ruleId}|${alert.uscc}`, { day, start, disposals: own });
    const state = ladder(start, day, own, until, policy);
    return {
      alert,
      measure: MEASURES[state.level] as Measure,
      open: state.closedOn === undefined,
      ...(state.closedOn === undefined ? {} : { closedOn: formatDayNumber(state.closedOn) }),
      escalations: state.escalations.map(([d, level]) => ({ day: formatDayNumber(d), measure: MEASURES[level] as Measure })),
      disposals: own,
    };
  });
}

/**
 * The enterprises that must be inspected: those with an open alert standing at inspection.
 *
 * @param statuses - From {@link alertStatuses}.
 * @returns Codes, sorted, each once.
 * @example
 * mandatoryInspections(alertStatuses(alerts, disposals, "2026-10-31", DEFAULT_ESCALATION)) //=> ["9133…"]
 * @category Disposal
 */
export function mandatoryInspections(statuses: readonly AlertStatus[]): string[] {
  return [...new Set(statuses.filter((s) => s.open && s.measure === "inspection").map((s) => s.alert.uscc))].sort();
}

/** Walks one alert up the ladder until a day: disposals restart the wait or close it. */
function ladder(
  start: number,
  day: number,
  disposals: readonly Disposal[],
  until: number,
  policy: EscalationPolicy,
): { level: number; closedOn?: number; escalations: [number, number][] } {
  const waits = [policy.afterDays.reminder, policy.afterDays.warning, policy.afterDays.interview];
  const escalations: [number, number][] = [];
  let level = start;
  let clock = day;
  let next = 0;
  for (;;) {
    const escalateOn = level < MEASURES.length - 1 ? clock + (waits[level] as number) : Number.POSITIVE_INFINITY;
    const disposal = disposals[next];
    const disposedOn = disposal === undefined ? Number.POSITIVE_INFINITY : parseDayNumber(disposal.day);
    if (disposedOn <= until && disposedOn < escalateOn) {
      next++;
      if (disposal?.resolved === true) return { level, closedOn: disposedOn, escalations };
      clock = Math.max(clock, disposedOn);
    } else if (escalateOn <= until) {
      level++;
      clock = escalateOn;
      escalations.push([clock, level]);
    } else return { level, escalations };
  }
}
