/**
 * Working days for the publication-timeliness rule: administrative licences and penalties go
 * online within 7 working days of the decision (seed 004 §十八). Weekends are off unless a
 * calendar declares a make-up working day (调休上班); declared holidays are off.
 * @module
 */
import { dayOfWeek, formatDayNumber, parseDayNumber } from "./calendar-date.js";
import { ValidationError } from "./errors.js";

/**
 * A holiday calendar: public holidays that are off, and weekend days that are worked.
 * @category Dates
 */
export interface HolidayCalendar {
  /** Name and source of the calendar. */
  readonly name: string;
  /** Days off besides weekends, `YYYY-MM-DD`. */
  readonly holidays: readonly string[];
  /** Weekend days that are working days (make-up days), `YYYY-MM-DD`. */
  readonly workdays: readonly string[];
}

/**
 * Mainland China's public holidays and make-up days for 2024–2026, from the State Council
 * General Office's annual notices on holiday arrangements (国务院办公厅关于…部分节假日安排的通知,
 * 国办发明电〔2023〕7号, 〔2024〕12号, 〔2025〕7号). Extend it with later years' notices.
 * @category Dates
 */
export const CHINA_HOLIDAYS: HolidayCalendar = {
  name: "China 2024–2026 (State Council holiday notices)",
  holidays: [
    ...dayRange("2024-01-01", 1),
    ...dayRange("2024-02-10", 8),
    ...dayRange("2024-04-04", 3),
    ...dayRange("2024-05-01", 5),
    ...dayRange("2024-06-10", 1),
    ...dayRange("2024-09-15", 3),
    ...dayRange("2024-10-01", 7),
    ...dayRange("2025-01-01", 1),
    ...dayRange("2025-01-28", 8),
    ...dayRange("2025-04-04", 3),
    ...dayRange("2025-05-01", 5),
    ...dayRange("2025-05-31", 3),
    ...dayRange("2025-10-01", 8),
    ...dayRange("2026-01-01", 3),
    ...dayRange("2026-02-15", 9),
    ...dayRange("2026-04-04", 3),
    ...dayRange("2026-05-01", 5),
    ...dayRange("2026-06-19", 3),
    ...dayRange("2026-09-25", 3),
    ...dayRange("2026-10-01", 7),
  ],
  workdays: [
    "2024-02-04",
    "2024-02-18",
    "2024-04-07",
    "2024-04-28",
    "2024-05-11",
    "2024-09-14",
    "2024-09-29",
    "2024-10-12",
    "2025-01-26",
    "2025-02-08",
    "2025-04-27",
    "2025-09-28",
    "2025-10-11",
    "2026-01-04",
    "2026-02-14",
    "2026-02-28",
    "2026-05-09",
    "2026-09-20",
    "2026-10-10",
  ],
};

/** Weekends only, no holidays. */
export const WEEKENDS_ONLY: HolidayCalendar = { name: "weekends only", holidays: [], workdays: [] };

/**
 * A compiled calendar: day-number sets for constant-time look-ups over millions of records.
 *
 * @example
 * const cal = compileCalendar(CHINA_HOLIDAYS);
 * cal.isWorkingDay(parseDayNumber("2025-10-08")) //=> false (National Day holiday)
 * @category Dates
 */
export interface WorkingDayCalendar {
  readonly name: string;
  /** Is this day number a working day? */
  isWorkingDay(day: number): boolean;
  /** Working days in `(from, to]`: 0 when `to <= from`. */
  workingDaysBetween(from: number, to: number): number;
  /** The day number `n` working days after `from` (n ≥ 0). */
  addWorkingDays(from: number, n: number): number;
}

/**
 * Compiles a {@link HolidayCalendar} for fast use on day numbers.
 *
 * @param calendar - Holidays and make-up days (default {@link CHINA_HOLIDAYS}).
 * @returns The compiled calendar.
 * @throws {ValidationError} `invalid_date` naming the bad entry.
 * @example
 * const cal = compileCalendar(WEEKENDS_ONLY);
 * cal.workingDaysBetween(parseDayNumber("2026-11-20"), parseDayNumber("2026-11-23")) //=> 1 (Fri → Mon)
 * @category Dates
 */
export function compileCalendar(calendar: HolidayCalendar = CHINA_HOLIDAYS): WorkingDayCalendar {
  const toSet = (list: readonly string[], key: "holidays" | "workdays"): Set<number> => {
    const set = new Set<number>();
    list.forEach((text, i) => {
      const day = parseDayNumber(text);
      if (Number.isNaN(day)) {
        throw new ValidationError([
          { code: "invalid_date", path: [key, i], value: text, expected: "YYYY-MM-DD", message: `${JSON.stringify(text)} is not a calendar date` },
        ]);
      }
      set.add(day);
    });
    return set;
  };
  const holidays = toSet(calendar.holidays, "holidays");
  const workdays = toSet(calendar.workdays, "workdays");
  const isWorkingDay = (day: number): boolean => {
    if (workdays.has(day)) return true;
    if (holidays.has(day)) return false;
    const dow = dayOfWeek(day);
    return dow !== 0 && dow !== 6;
  };
  return {
    name: calendar.name,
    isWorkingDay,
    workingDaysBetween(from, to) {
      let n = 0;
      for (let d = from + 1; d <= to; d++) if (isWorkingDay(d)) n++;
      return n;
    },
    addWorkingDays(from, n) {
      let d = from;
      for (let left = n; left > 0; ) {
        d++;
        if (isWorkingDay(d)) left--;
      }
      return d;
    },
  };
}

function dayRange(first: string, count: number): string[] {
  const start = parseDayNumber(first);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(formatDayNumber(start + i));
  return out;
}
