import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CHINA_HOLIDAYS, compileCalendar, formatDayNumber, parseDayNumber, WEEKENDS_ONLY } from "../src/index.js";

const d = parseDayNumber;

describe("working days", () => {
  const china = compileCalendar(CHINA_HOLIDAYS);
  const plain = compileCalendar(WEEKENDS_ONLY);

  it("skips weekends", () => {
    expect(plain.workingDaysBetween(d("2026-11-20"), d("2026-11-23"))).toBe(1);
    expect(formatDayNumber(plain.addWorkingDays(d("2026-11-20"), 7))).toBe("2026-12-01");
  });

  it("skips the National Day holiday and counts the make-up Saturday", () => {
    // 2025-10-01..08 off; Saturday 2025-10-11 is a make-up working day.
    expect(formatDayNumber(china.addWorkingDays(d("2025-09-30"), 7))).toBe("2025-10-16");
    expect(china.isWorkingDay(d("2025-10-11"))).toBe(true);
    expect(china.isWorkingDay(d("2025-10-08"))).toBe(false);
    expect(china.workingDaysBetween(d("2025-09-30"), d("2025-10-16"))).toBe(7);
  });

  it("names the bad entry of a calendar", () => {
    expect(() => compileCalendar({ name: "x", holidays: ["2026-02-30"], workdays: [] })).toThrow(/holidays\[0\]|2026-02-30/);
  });

  it("property: addWorkingDays and workingDaysBetween are inverse", () => {
    fc.assert(
      fc.property(fc.integer({ min: d("2023-01-01"), max: d("2027-12-31") }), fc.integer({ min: 0, max: 40 }), (from, n) => {
        const to = china.addWorkingDays(from, n);
        expect(china.workingDaysBetween(from, to)).toBe(n);
        if (n > 0) expect(china.isWorkingDay(to)).toBe(true);
      }),
    );
  });
});
