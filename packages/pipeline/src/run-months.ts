/**
 * The monthly job as library calls: classify (stored with the model hash and input fingerprint),
 * raise the early-warning alerts (stored, cooldowns carried, register tags, class transitions),
 * draw the inspection plan and gather the report — for one month, or for a range that loads the
 * province's columns and the register once.
 * @module
 */
import type { Period, ProvinceColumns, RiskClass } from "@creditclass/core";
import { addPeriods, parseDayNumber, periodRange, RISK_CLASSES } from "@creditclass/core";
import type { IndicatorOptions } from "@creditclass/ingest";
import type { ModelSet } from "@creditclass/scoring";
import { DEFAULT_MODEL_SET } from "@creditclass/scoring";
import type { ClassificationRun, CreditDatabase } from "@creditclass/store";
import { lastAlertDays, loadProvinceColumns, readRegisterAttributes, storedClasses } from "@creditclass/store";
import type { Alert, EscalationPolicy, RuleSet } from "@creditclass/warning";
import { NATIONAL_RULES } from "@creditclass/warning";
import type { MonthResult } from "./classify-month.js";
import { classifyMonth } from "./classify-month.js";
import type { MonthReport } from "./month-report.js";
import { monthReport } from "./month-report.js";
import type { AlertTargets, PlanMonthResult } from "./plan-month.js";
import { planMonth } from "./plan-month.js";
import { warnMonth } from "./warn-month.js";

/**
 * A step of the job, for progress bars.
 * @category Monthly job
 */
export interface RunProgress {
  readonly stage: "load" | "classify" | "warn" | "plan" | "report";
  readonly period: Period;
  /** Months done so far, of `total`. */
  readonly done: number;
  readonly total: number;
}

/**
 * Options of {@link runMonths} and {@link runMonth}.
 * @category Monthly job
 */
export interface RunMonthOptions {
  /** Default: the national default models. */
  readonly models?: ModelSet;
  /** Default: the national rules. */
  readonly rules?: RuleSet;
  /** Inspection task document; default: the national default task. */
  readonly task?: Readonly<Record<string, unknown>>;
  /** The published seed of the draw; default: the last month's last day. */
  readonly seed?: string;
  /** Escalation policy judging which alerts stand at inspection. */
  readonly policy?: EscalationPolicy;
  /** Which alerts make mandatory targets (default `open`). */
  readonly alertTargets?: AlertTargets;
  readonly indicators?: IndicatorOptions;
  /** Columns already loaded. */
  readonly province?: ProvinceColumns;
  /** Gather the last month's report (default true). */
  readonly report?: boolean;
  readonly onProgress?: (progress: RunProgress) => void;
  /**
   * Called with each month's full result (its indicator frame and classification) as soon as it is
   * stored, e.g. to write its class table; only the last month's is kept in the {@link RunResult},
   * so a year at 10M enterprises never holds twelve frames at once.
   */
  readonly onMonth?: (month: MonthOutcome & { readonly classified: MonthResult; readonly alerts: readonly Alert[] }) => void | Promise<void>;
}

/**
 * What one month of the job stored.
 * @category Monthly job
 */
export interface MonthOutcome {
  readonly period: Period;
  /** The stored run record: model hash, input fingerprint, counts, cut-offs. */
  readonly run: ClassificationRun;
  readonly alertCount: number;
  /** Alerts per rule, rules in the order they first alerted (the month's alerts themselves go to `onMonth`). */
  readonly alertsByRule: readonly { readonly rule: string; readonly name: string; readonly measure: string; readonly count: number }[];
  /** Whether class-transition rules had the previous month's classes. */
  readonly withClasses: boolean;
}

/**
 * What the job stored over its months, with the last month's plan and report.
 * @category Monthly job
 */
export interface RunResult {
  /** Oldest first. */
  readonly months: readonly MonthOutcome[];
  /** The last month's full result: its indicator frame and classification. */
  readonly last: MonthResult;
  /** The last month's alerts. */
  readonly lastAlerts: readonly Alert[];
  /** The last month's plan. */
  readonly plan: PlanMonthResult;
  /** The last month's report (undefined with `report: false`). */
  readonly report: MonthReport | undefined;
  readonly seconds: { readonly load: number; readonly classify: number; readonly warn: number; readonly plan: number; readonly report: number };
}

/**
 * Runs the job for the months `from` … `to`, one after another: each month's classes and alerts
 * are stored before the next (the next month's transitions and cooldowns read them); the plan and
 * the report are for the last month. The province's columns and the register are loaded once.
 * Re-running a month replaces its results atomically and gives the same results.
 *
 * @param db - An ingested database.
 * @param from - First month.
 * @param to - Last month.
 * @param options - Models, rules, task, seed, policy, progress.
 * @returns What was stored.
 * @example
 * const run = await runMonths(db, p("2025-11"), p("2026-10"), { seed: "2026-11-23" });
 * run.months.map((m) => m.run.counts[3]) //=> D counts per month
 * @category Monthly job
 */
export async function runMonths(db: CreditDatabase, from: Period, to: Period, options: RunMonthOptions = {}): Promise<RunResult> {
  const months = periodRange(from, to);
  const total = months.length;
  if (total === 0) throw new RangeError(`no month from ${from} to ${to}`);
  const models = options.models ?? DEFAULT_MODEL_SET;
  const rules = options.rules ?? NATIONAL_RULES;
  const progress = options.onProgress ?? (() => undefined);
  const t0 = performance.now();
  progress({ stage: "load", period: from, done: 0, total });
  const province = options.province ?? (await loadProvinceColumns(db));
  const register = await readRegisterAttributes(db);
  const t1 = performance.now();
  let classifySeconds = 0;
  let warnSeconds = 0;
  const outcomes: MonthOutcome[] = [];
  let previous = await storedClasses(db, addPeriods(from, -1));
  // Cooldowns: the last alert day per rule and enterprise, read once and carried month to month.
  const lastAlerts = await lastAlertDays(db, from);
  let last: MonthResult | undefined;
  let lastMonthAlerts: readonly Alert[] = [];
  for (const [k, period] of months.entries()) {
    progress({ stage: "classify", period, done: k, total });
    const c0 = performance.now();
    const classified = await classifyMonth(db, period, {
      models,
      province,
      register,
      previous,
      ...(options.indicators === undefined ? {} : { indicators: options.indicators }),
    });
    const c1 = performance.now();
    progress({ stage: "warn", period, done: k, total });
    // This month's classes straight from the result (as stored): for the transitions from the previous month, and as the next month's previous.
    // Not built when neither needs it (a single month without a classified month before it): at 10M enterprises a map of codes weighs a gigabyte.
    const current = previous.size > 0 || k < total - 1 ? classesByCode(classified) : new Map<string, RiskClass>();
    const { alerts, withClasses } = await warnMonth(db, province, period, {
      rules,
      indicators: classified.frame,
      register,
      lastAlerts,
      ...(previous.size > 0 ? { classes: { previous, current } } : {}),
    });
    previous = current;
    for (const a of alerts) {
      const key = `${a.ruleId}|${a.uscc}`;
      const day = parseDayNumber(a.day);
      if (day > (lastAlerts.get(key) ?? Number.NEGATIVE_INFINITY)) lastAlerts.set(key, day);
    }
    last = classified;
    lastMonthAlerts = alerts;
    // Only counts are kept of earlier months: a year of alert objects would weigh on every later month's garbage collection.
    const outcome: MonthOutcome = { period, run: classified.run, alertCount: alerts.length, alertsByRule: countByRule(alerts), withClasses };
    outcomes.push(outcome);
    await options.onMonth?.({ ...outcome, classified, alerts });
    classifySeconds += (c1 - c0) / 1000;
    warnSeconds += (performance.now() - c1) / 1000;
  }
  const t2 = performance.now();
  progress({ stage: "plan", period: to, done: total, total });
  const plan = await planMonth(db, to, {
    ...(options.task === undefined ? {} : { task: options.task }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    alerts: options.alertTargets ?? "open",
    ...(last === undefined ? {} : { frame: last.frame }),
  });
  const t3 = performance.now();
  let report: MonthReport | undefined;
  if (options.report !== false) {
    progress({ stage: "report", period: to, done: total, total });
    report = await monthReport(db, to, models, { province, ...(options.indicators === undefined ? {} : { indicators: options.indicators }) });
  }
  const t4 = performance.now();
  if (last === undefined) throw new RangeError(`no month from ${from} to ${to}`);
  return {
    months: outcomes,
    last,
    lastAlerts: lastMonthAlerts,
    plan,
    report,
    seconds: { load: (t1 - t0) / 1000, classify: classifySeconds, warn: warnSeconds, plan: (t3 - t2) / 1000, report: (t4 - t3) / 1000 },
  };
}

/** Each classified enterprise's class, by code. */
function classesByCode(month: MonthResult): Map<string, RiskClass> {
  const ids = month.frame.ids();
  return new Map(ids.map((id, r) => [id, RISK_CLASSES[month.classification.riskClass[r] as number] as RiskClass] as const));
}

/** Alerts per rule, in the order rules first alerted. */
function countByRule(alerts: readonly Alert[]): MonthOutcome["alertsByRule"] {
  const byRule = new Map<string, { rule: string; name: string; measure: string; count: number }>();
  for (const a of alerts) {
    const entry = byRule.get(a.ruleId) ?? { rule: a.ruleId, name: `${a.name.zh} ${a.name.en}`, measure: a.measure, count: 0 };
    entry.count++;
    byRule.set(a.ruleId, entry);
  }
  return [...byRule.values()];
}

/**
 * Runs the job for one month: {@link runMonths} from `period` to `period`.
 *
 * @param db - An ingested database.
 * @param period - The month.
 * @param options - Models, rules, task, seed, policy, progress.
 * @returns What was stored.
 * @example
 * const { months, plan } = await runMonth(db, p("2026-10"));
 * months[0]?.run.counts //=> [61_201, 25_090, 11_870, 1_839]
 * @category Monthly job
 */
export function runMonth(db: CreditDatabase, period: Period, options: RunMonthOptions = {}): Promise<RunResult> {
  return runMonths(db, period, period, options);
}
