/**
 * Periods: calendar months `YYYY-MM`, the unit of classification. Month arithmetic uses
 * date-fns over local-midnight dates, which is exact for calendar months in any time zone.
 * @module
 */
import { addMonths, differenceInCalendarMonths, endOfMonth, format } from "date-fns";
import type { CalendarDate } from "./calendar-date.js";
import { daysFromCivil, daysInMonth } from "./calendar-date.js";
import type { SafeResult } from "./errors.js";
import { unwrap, ValidationError } from "./errors.js";

declare const periodBrand: unique symbol;
/** A calendar month written `YYYY-MM`. */
export type Period = string & { readonly [periodBrand]: true };

const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * Validates a month `YYYY-MM`.
 *
 * @param text - The month text.
 * @returns The period or an `invalid_period` issue.
 * @example
 * safeParsePeriod("2026-13").success //=> false
 * @category Periods
 */
export function safeParsePeriod(text: string): SafeResult<Period> {
  const m = PERIOD_RE.exec(text);
  if (m === null || Number(m[1]) < 1) {
    return {
      success: false,
      issues: [{ code: "invalid_period", value: text, expected: "a month YYYY-MM", message: `${JSON.stringify(text)} is not a month YYYY-MM` }],
    };
  }
  return { success: true, data: text as Period };
}

/**
 * Validates a month `YYYY-MM`.
 *
 * @param text - The month text.
 * @returns The period.
 * @throws {ValidationError} `invalid_period`.
 * @example
 * parsePeriod("2026-11") //=> "2026-11"
 * @category Periods
 */
export function parsePeriod(text: string): Period {
  return unwrap(safeParsePeriod(text));
}

/**
 * Type guard for a month `YYYY-MM`.
 *
 * @param value - Any value.
 * @returns Whether it is a period.
 * @example
 * isPeriod("2026-02") //=> true
 * @category Periods
 */
export function isPeriod(value: unknown): value is Period {
  return typeof value === "string" && safeParsePeriod(value).success;
}

/**
 * First day of the month.
 *
 * @param period - The month.
 * @returns `YYYY-MM-01`.
 * @example
 * periodStart(parsePeriod("2026-02")) //=> "2026-02-01"
 * @category Periods
 */
export function periodStart(period: Period): CalendarDate {
  return `${period}-01` as CalendarDate;
}

/**
 * Last day of the month: the cut-off for point-in-time data "as of" the month.
 *
 * @param period - The month.
 * @returns `YYYY-MM-28|29|30|31`.
 * @example
 * periodEnd(parsePeriod("2024-02")) //=> "2024-02-29"
 * @category Periods
 */
export function periodEnd(period: Period): CalendarDate {
  return format(endOfMonth(toLocalDate(period)), "yyyy-MM-dd") as CalendarDate;
}

/**
 * Adds (or with a negative count subtracts) whole months.
 *
 * @param period - The month.
 * @param months - How many months to add; negative for "N months before".
 * @returns The shifted month.
 * @example
 * addPeriods(parsePeriod("2026-01"), -2) //=> "2025-11"
 * @category Periods
 */
export function addPeriods(period: Period, months: number): Period {
  return format(addMonths(toLocalDate(period), months), "yyyy-MM") as Period;
}

/**
 * Months from `from` to `to`: positive when `to` is later.
 *
 * @param from - Start month.
 * @param to - End month.
 * @returns The difference in calendar months.
 * @example
 * periodsBetween(parsePeriod("2025-11"), parsePeriod("2026-02")) //=> 3
 * @category Periods
 */
export function periodsBetween(from: Period, to: Period): number {
  return differenceInCalendarMonths(toLocalDate(to), toLocalDate(from));
}

/**
 * Every month from `from` to `to`, both included, in order.
 *
 * @param from - First month.
 * @param to - Last month (not before `from`).
 * @returns The months.
 * @throws {ValidationError} `invalid_period` if `to` is before `from`.
 * @example
 * periodRange(parsePeriod("2025-11"), parsePeriod("2026-01")) //=> ["2025-11", "2025-12", "2026-01"]
 * @category Periods
 */
export function periodRange(from: Period, to: Period): Period[] {
  const n = periodsBetween(from, to);
  if (n < 0) {
    throw new ValidationError([
      { code: "invalid_period", value: to, expected: `a month not before ${from}`, message: `range end ${to} is before its start ${from}` },
    ]);
  }
  return Array.from({ length: n + 1 }, (_, i) => addPeriods(from, i));
}

/**
 * The `count` months that end with `period`, oldest first ("the last N months").
 *
 * @param period - The last month.
 * @param count - How many months.
 * @returns The months.
 * @example
 * lastPeriods(parsePeriod("2026-02"), 3) //=> ["2025-12", "2026-01", "2026-02"]
 * @category Periods
 */
export function lastPeriods(period: Period, count: number): Period[] {
  return count <= 0 ? [] : periodRange(addPeriods(period, 1 - count), period);
}

/**
 * The month a calendar date falls in.
 *
 * @param date - `YYYY-MM-DD`.
 * @returns `YYYY-MM`.
 * @example
 * periodOf(parseCalendarDate("2026-11-23")) //=> "2026-11"
 * @category Periods
 */
export function periodOf(date: CalendarDate): Period {
  return date.slice(0, 7) as Period;
}

/**
 * Day numbers (days since 1970-01-01) of the first and last day of a month, for columnar filters.
 *
 * @param period - The month.
 * @returns `{ first, last }`.
 * @example
 * periodDayBounds(parsePeriod("1970-01")) //=> { first: 0, last: 30 }
 * @category Periods
 */
export function periodDayBounds(period: Period): { first: number; last: number } {
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(5, 7));
  const first = daysFromCivil(year, month, 1);
  return { first, last: first + daysInMonth(year, month) - 1 };
}

/**
 * The last complete month before a date: the default "as of" month of a monthly run.
 *
 * @param today - Today's date.
 * @returns The previous month.
 * @example
 * lastCompletePeriod(parseCalendarDate("2026-11-23")) //=> "2026-10"
 * @category Periods
 */
export function lastCompletePeriod(today: CalendarDate): Period {
  return addPeriods(periodOf(today), -1);
}

function toLocalDate(period: Period): Date {
  // setFullYear, not the constructor: the constructor maps years 0–99 to 1900–1999.
  const date = new Date(2000, 0, 1);
  date.setFullYear(Number(period.slice(0, 4)), Number(period.slice(5, 7)) - 1, 1);
  return date;
}
