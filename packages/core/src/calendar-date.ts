/**
 * Calendar dates (`YYYY-MM-DD`, proleptic Gregorian) and their day numbers. A calendar date is
 * never an instant: no time zone can shift it. Columns store dates as day numbers (days since
 * 1970-01-01) in `Int32Array`s.
 * @module
 */
import type { SafeResult } from "./errors.js";
import { unwrap } from "./errors.js";

declare const calendarDateBrand: unique symbol;
/** A valid calendar date written `YYYY-MM-DD`. */
export type CalendarDate = string & { readonly [calendarDateBrand]: true };

/**
 * Parses `YYYY-MM-DD` strictly into a day number (days since 1970-01-01), NaN when the text is
 * not a real date (`2026-02-30`, `2026-2-3`, `20260203`). Allocation-free: for hot paths.
 *
 * @param text - The date text.
 * @returns The day number, or NaN.
 * @example
 * parseDayNumber("1970-01-02") //=> 1
 * parseDayNumber("2026-02-29") //=> NaN
 * @category Dates
 */
export function parseDayNumber(text: string): number {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Number.NaN;
  const y = digits(text, 0, 4);
  const m = digits(text, 5, 2);
  const d = digits(text, 8, 2);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return Number.NaN;
  return daysFromCivil(y, m, d);
}

/**
 * Writes a day number as `YYYY-MM-DD`.
 *
 * @param day - Days since 1970-01-01.
 * @returns The calendar date.
 * @example
 * formatDayNumber(20415) //=> "2025-11-23"
 * @category Dates
 */
export function formatDayNumber(day: number): CalendarDate {
  const { year, month, dayOfMonth } = civilFromDays(day);
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(dayOfMonth)}` as CalendarDate;
}

/**
 * Validates a `YYYY-MM-DD` date.
 *
 * @param text - The date text.
 * @returns The date, or an `invalid_date` issue.
 * @example
 * safeParseCalendarDate("2026-11-31").success //=> false
 * @category Dates
 */
export function safeParseCalendarDate(text: string): SafeResult<CalendarDate> {
  if (Number.isNaN(parseDayNumber(text))) {
    return {
      success: false,
      issues: [
        { code: "invalid_date", value: text, expected: "a calendar date YYYY-MM-DD", message: `${JSON.stringify(text)} is not a calendar date YYYY-MM-DD` },
      ],
    };
  }
  return { success: true, data: text as CalendarDate };
}

/**
 * Validates a `YYYY-MM-DD` date.
 *
 * @param text - The date text.
 * @returns The date.
 * @throws {ValidationError} `invalid_date` if it is not a real calendar date.
 * @example
 * parseCalendarDate("2024-02-29") //=> "2024-02-29"
 * @category Dates
 */
export function parseCalendarDate(text: string): CalendarDate {
  return unwrap(safeParseCalendarDate(text));
}

/**
 * Type guard for a valid `YYYY-MM-DD` date.
 *
 * @param value - Any value.
 * @returns Whether it is a calendar date.
 * @example
 * isCalendarDate("2026-11-23") //=> true
 * @category Dates
 */
export function isCalendarDate(value: unknown): value is CalendarDate {
  return typeof value === "string" && !Number.isNaN(parseDayNumber(value));
}

/**
 * Day of the week of a day number: 0 Sunday … 6 Saturday (1970-01-01 was a Thursday).
 *
 * @param day - Days since 1970-01-01.
 * @returns 0–6.
 * @example
 * dayOfWeek(0) //=> 4
 * @category Dates
 */
export function dayOfWeek(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/**
 * Number of days in a month of the Gregorian calendar.
 *
 * @param year - Four-digit year.
 * @param month - 1–12.
 * @returns 28–31.
 * @example
 * daysInMonth(2024, 2) //=> 29
 * @category Dates
 */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Day number of a civil date (H. Hinnant's `days_from_civil`, exact for all Gregorian dates).
 *
 * @param year - Year.
 * @param month - 1–12.
 * @param dayOfMonth - 1–31.
 * @returns Days since 1970-01-01.
 * @example
 * daysFromCivil(2000, 3, 1) //=> 11017
 * @category Dates
 */
export function daysFromCivil(year: number, month: number, dayOfMonth: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + dayOfMonth - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Civil date of a day number (H. Hinnant's `civil_from_days`).
 *
 * @param day - Days since 1970-01-01.
 * @returns Year, month 1–12 and day of month.
 * @example
 * civilFromDays(11017) //=> { year: 2000, month: 3, dayOfMonth: 1 }
 * @category Dates
 */
export function civilFromDays(day: number): { year: number; month: number; dayOfMonth: number } {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const dayOfMonth = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, dayOfMonth };
}

/**
 * The calendar year of a day number, without allocating (for loops over millions of dates).
 *
 * @param day - Days since 1970-01-01.
 * @returns The year.
 * @example
 * yearOfDay(parseDayNumber("2024-12-31")) //=> 2024
 * @category Dates
 */
export function yearOfDay(day: number): number {
  const year = Math.floor(day / 365.2425) + 1970;
  if (daysFromCivil(year, 1, 1) > day) return year - 1;
  return daysFromCivil(year + 1, 1, 1) <= day ? year + 1 : year;
}

function digits(text: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
