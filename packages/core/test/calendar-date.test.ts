import { addDays, format, isValid, parse } from "date-fns";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { civilFromDays, dayOfWeek, daysFromCivil, formatDayNumber, parseCalendarDate, parseDayNumber, safeParseCalendarDate, yearOfDay } from "../src/index.js";

describe("calendar dates", () => {
  it("knows fixed points", () => {
    expect(parseDayNumber("1970-01-01")).toBe(0);
    expect(parseDayNumber("2000-03-01")).toBe(11017);
    expect(formatDayNumber(-1)).toBe("1969-12-31");
    expect(dayOfWeek(parseDayNumber("2026-11-23"))).toBe(1);
  });

  it("rejects impossible and malformed dates", () => {
    for (const bad of ["2026-02-29", "2100-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "20260101", "2026/01/01", "2026-01-32", ""]) {
      expect(parseDayNumber(bad)).toBeNaN();
    }
    expect(parseDayNumber("2000-02-29")).not.toBeNaN();
    expect(safeParseCalendarDate("2026-04-31")).toMatchObject({ success: false, issues: [{ code: "invalid_date" }] });
    expect(() => parseCalendarDate("yesterday")).toThrow("is not a calendar date");
  });

  it("property: agrees with date-fns and round-trips", () => {
    const base = new Date(1970, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (day) => {
        const text = formatDayNumber(day);
        expect(text).toBe(format(addDays(base, day), "yyyy-MM-dd"));
        expect(parseDayNumber(text)).toBe(day);
        const { year, month, dayOfMonth } = civilFromDays(day);
        expect(daysFromCivil(year, month, dayOfMonth)).toBe(day);
        expect(yearOfDay(day)).toBe(year);
      }),
    );
  });

  it("property: a string is a date exactly when date-fns strict parsing says so", () => {
    const candidate = fc
      .tuple(fc.integer({ min: 1000, max: 2999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
    fc.assert(
      fc.property(candidate, (text) => {
        const parsed = parse(text, "yyyy-MM-dd", new Date(2000, 0, 1));
        expect(!Number.isNaN(parseDayNumber(text))).toBe(isValid(parsed) && format(parsed, "yyyy-MM-dd") === text);
      }),
    );
  });
});
