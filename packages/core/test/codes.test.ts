import { describe, expect, it } from "vitest";
import {
  compareRiskClass,
  INDUSTRY_SECTIONS,
  isIndustryCode,
  isRegionCode,
  maxRiskClass,
  parseIndustryCode,
  parseRegionCode,
  parseRiskClass,
  safeParseIndustryCode,
  safeParseRegionCode,
  safeParseRiskClass,
  shiftRiskClass,
} from "../src/index.js";

describe("risk classes", () => {
  it("orders, compares and shifts", () => {
    expect(["D", "A", "C", "B"].map(parseRiskClass).sort(compareRiskClass)).toEqual(["A", "B", "C", "D"]);
    expect(maxRiskClass("B", "D", "A")).toBe("D");
    expect(shiftRiskClass("C", 2)).toBe("D");
    expect(shiftRiskClass("B", -5)).toBe("A");
    expect(parseRiskClass(" b ")).toBe("B");
    expect(safeParseRiskClass("E")).toMatchObject({ success: false, issues: [{ code: "invalid_risk_class" }] });
  });
});

describe("region codes", () => {
  it("parses levels and prefixes", () => {
    expect(parseRegionCode("330106")).toEqual({ code: "330106", province: "33", city: "3301", level: "county" });
    expect(parseRegionCode("440300").level).toBe("city");
    expect(parseRegionCode("110000").level).toBe("province");
  });
  it("rejects bad codes with the reason", () => {
    expect(safeParseRegionCode("33010")).toMatchObject({ success: false, issues: [{ message: '"33010" is not six digits' }] });
    expect(safeParseRegionCode("990101")).toMatchObject({ success: false, issues: [{ message: '"990101" has unknown province prefix 99' }] });
    expect(isRegionCode(330106)).toBe(false);
  });
});

describe("industry codes", () => {
  it("sections cover divisions 01–97 without gaps or overlaps", () => {
    let next = 1;
    for (const s of INDUSTRY_SECTIONS) {
      expect(s.divisions[0]).toBe(next);
      next = s.divisions[1] + 1;
    }
    expect(next).toBe(98);
  });
  it("parses codes of 2–4 digits", () => {
    expect(parseIndustryCode("C1311")).toEqual({ code: "C1311", section: "C", division: "13" });
    expect(isIndustryCode("K70")).toBe(true);
    expect(isIndustryCode("C1")).toBe(false);
    expect(isIndustryCode("C13111")).toBe(false);
    expect(isIndustryCode("U01")).toBe(false);
  });
  it("says which section a misplaced division belongs to", () => {
    expect(safeParseIndustryCode("A13")).toMatchObject({ success: false, issues: [{ expected: "section C for division 13" }] });
  });
});
