import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addPeriods,
  formatDayNumber,
  lastCompletePeriod,
  lastPeriods,
  parseCalendarDate,
  parsePeriod,
  periodDayBounds,
  periodEnd,
  periodOf,
  periodRange,
  periodStart,
  periodsBetween,
  safeParsePeriod,
} from "../src/index.js";

const period = fc
  .tuple(fc.integer({ min: 1900, max: 2200 }), fc.integer({ min: 1, max: 12 }))
  .map(([y, m]) => parsePeriod(`${y}-${String(m).padStart(2, "0")}`));

describe("periods", () => {
  it("has start and end days", () => {
    expect(periodStart(parsePeriod("2026-02"))).toBe("2026-02-01");
    expect(periodEnd(parsePeriod("2024-02"))).toBe("2024-02-29");
    expect(periodEnd(parsePeriod("2026-12"))).toBe("2026-12-31");
  });

  it("adds and ranges months across years", () => {
    expect(addPeriods(parsePeriod("2026-01"), -2)).toBe("2025-11");
    expect(addPeriods(parsePeriod("2025-12"), 1)).toBe("2026-01");
    expect(periodRange(parsePeriod("2025-11"), parsePeriod("2026-01"))).toEqual(["2025-11", "2025-12", "2026-01"]);
    expect(lastPeriods(parsePeriod("2026-02"), 3)).toEqual(["2025-12", "2026-01", "2026-02"]);
    expect(() => periodRange(parsePeriod("2026-02"), parsePeriod("2026-01"))).toThrow("before its start");
    expect(lastCompletePeriod(parseCalendarDate("2026-01-05"))).toBe("2025-12");
    expect(periodOf(parseCalendarDate("2026-11-23"))).toBe("2026-11");
  });

  it("rejects malformed months", () => {
    for (const bad of ["2026-13", "2026-00", "2026-1", "26-01", "2026-01-01", "0000-01"]) expect(safeParsePeriod(bad).success).toBe(false);
  });

  it("property: addPeriods is invertible and agrees with periodsBetween", () => {
    fc.assert(
      fc.property(period, fc.integer({ min: -600, max: 600 }), (p, n) => {
        const q = addPeriods(p, n);
        expect(addPeriods(q, -n)).toBe(p);
        expect(periodsBetween(p, q)).toBe(n);
      }),
    );
  });

  it("property: day bounds match start and end, and consecutive months touch", () => {
    fc.assert(
      fc.property(period, (p) => {
        const { first, last } = periodDayBounds(p);
        expect(formatDayNumber(first)).toBe(periodStart(p));
        expect(formatDayNumber(last)).toBe(periodEnd(p));
        expect(periodDayBounds(addPeriods(p, 1)).first).toBe(last + 1);
      }),
    );
  });
});
