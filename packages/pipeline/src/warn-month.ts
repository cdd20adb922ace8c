/**
 * A month's early warning over the database: the batch engine with cooldowns carried across
 * monthly runs, register tags for tag-scoped rules, the class transitions of stored months, and
 * the month's alerts replaced atomically.
 * @module
 */
import type { IndicatorFrame, IndicatorSource, Period, ProvinceColumns, RiskClass } from "@creditclass/core";
import { addPeriods } from "@creditclass/core";
import type { CreditDatabase, RegisterAttributes } from "@creditclass/store";
import { lastAlertDays, readRegisterAttributes, replaceMonthAlerts, storedClasses } from "@creditclass/store";
import type { Alert, RuleSet } from "@creditclass/warning";
import { evaluateMonth, NATIONAL_RULES, rulesHash } from "@creditclass/warning";

/**
 * Options of {@link warnMonth}.
 * @category Monthly job
 */
export interface WarnMonthOptions {
  /** Default: the national rules. */
  readonly rules?: RuleSet;
  /** The month's indicators, or their source (see `indicatorSource`). */
  readonly indicators: IndicatorFrame | IndicatorSource;
  /** Register status and tags already read. */
  readonly register?: RegisterAttributes;
  /** Day number of each `ruleId|uscc` pair's last alert before the month, for cooldowns (default: read from the store). */
  readonly lastAlerts?: ReadonlyMap<string, number>;
  /** This and the previous month's classes already at hand (default: read from the store). */
  readonly classes?: { readonly previous: ReadonlyMap<string, RiskClass>; readonly current: ReadonlyMap<string, RiskClass> };
}

/**
 * Raises and stores a month's alerts.
 *
 * @param db - An ingested database.
 * @param province - Its columns.
 * @param period - The month; evaluated as of its last day.
 * @param options - Rules, indicators, register attributes, classes.
 * @returns The alerts, and whether class-transition rules had both months' classes.
 * @example
 * const { alerts } = await warnMonth(db, province, p("2026-10"), { indicators: indicatorSource(province) });
 * alerts.length //=> 4_133
 * @category Monthly job
 */
export async function warnMonth(
  db: CreditDatabase,
  province: ProvinceColumns,
  period: Period,
  options: WarnMonthOptions,
): Promise<{ alerts: Alert[]; withClasses: boolean }> {
  const rules = options.rules ?? NATIONAL_RULES;
  let classes = options.classes;
  if (classes === undefined) {
    const current = await storedClasses(db, period);
    const previous = await storedClasses(db, addPeriods(period, -1));
    if (current.size > 0 && previous.size > 0) classes = { previous, current };
  }
  const register = options.register ?? (await readRegisterAttributes(db));
  // Cooldowns hold across runs: earlier months' alerts are read back, this month's replaced.
  const alerts = evaluateMonth(province, period, rules, {
    indicators: options.indicators,
    lastAlerts: options.lastAlerts ?? (await lastAlertDays(db, period)),
    tags: register.tags,
    ...(classes === undefined ? {} : { classes }),
  });
  await replaceMonthAlerts(db, period, alerts, rulesHash(rules));
  return { alerts, withClasses: classes !== undefined };
}
