/**
 * Industry codes of GB/T 4754-2017: a section letter A–T followed by a 2-digit division,
 * optionally a group (3 digits) and class (4 digits), e.g. `C1311`.
 * @module
 */
import type { SafeResult } from "./errors.js";
import { unwrap } from "./errors.js";

/** A section of GB/T 4754-2017 with its divisions (first and last two-digit code) and labels. */
export interface IndustrySection {
  readonly section: string;
  readonly divisions: readonly [number, number];
  readonly zh: string;
  readonly en: string;
}

/** The 20 sections of GB/T 4754-2017. */
export const INDUSTRY_SECTIONS: readonly IndustrySection[] = [
  { section: "A", divisions: [1, 5], zh: "农、林、牧、渔业", en: "Agriculture, forestry, animal husbandry and fishery" },
  { section: "B", divisions: [6, 12], zh: "采矿业", en: "Mining" },
  { section: "C", divisions: [13, 43], zh: "制造业", en: "Manufacturing" },
  { section: "D", divisions: [44, 46], zh: "电力、热力、燃气及水生产和供应业", en: "Electricity, heat, gas and water supply" },
  { section: "E", divisions: [47, 50], zh: "建筑业", en: "Construction" },
  { section: "F", divisions: [51, 52], zh: "批发和零售业", en: "Wholesale and retail trade" },
  { section: "G", divisions: [53, 60], zh: "交通运输、仓储和邮政业", en: "Transport, storage and post" },
  { section: "H", divisions: [61, 62], zh: "住宿和餐饮业", en: "Accommodation and catering" },
  { section: "I", divisions: [63, 65], zh: "信息传输、软件和信息技术服务业", en: "Information transmission, software and IT services" },
  { section: "J", divisions: [66, 69], zh: "金融业", en: "Finance" },
  { section: "K", divisions: [70, 70], zh: "房地产业", en: "Real estate" },
  { section: "L", divisions: [71, 72], zh: "租赁和商务服务业", en: "Leasing and business services" },
  { section: "M", divisions: [73, 75], zh: "科学研究和技术服务业", en: "Scientific research and technical services" },
  { section: "N", divisions: [76, 79], zh: "水利、环境和公共设施管理业", en: "Water conservancy, environment and public facilities" },
  { section: "O", divisions: [80, 82], zh: "居民服务、修理和其他服务业", en: "Resident services, repair and other services" },
  { section: "P", divisions: [83, 83], zh: "教育", en: "Education" },
  { section: "Q", divisions: [84, 85], zh: "卫生和社会工作", en: "Health and social work" },
  { section: "R", divisions: [86, 90], zh: "文化、体育和娱乐业", en: "Culture, sports and entertainment" },
  { section: "S", divisions: [91, 96], zh: "公共管理、社会保障和社会组织", en: "Public administration, social security and social organisations" },
  { section: "T", divisions: [97, 97], zh: "国际组织", en: "International organisations" },
];

/**
 * A parsed industry code.
 * @category Codes
 */
export interface IndustryCode {
  readonly code: string;
  readonly section: string;
  /** Two-digit division. */
  readonly division: string;
}

/**
 * Validates an industry code: section letter, 2–4 digits, and a division that belongs to the section.
 *
 * @param text - e.g. `C1311`.
 * @returns The parsed code or an `invalid_industry_code` issue.
 * @example
 * safeParseIndustryCode("C13").success //=> true
 * safeParseIndustryCode("A13").success //=> false (division 13 is in section C)
 * @category Codes
 */
export function safeParseIndustryCode(text: string): SafeResult<IndustryCode> {
  const fail = (why: string, expected: string): SafeResult<IndustryCode> => ({
    success: false,
    issues: [{ code: "invalid_industry_code", value: text, expected, message: `${JSON.stringify(text)} ${why}` }],
  });
  const m = /^([A-T])(\d{2})(\d{0,2})$/.exec(text);
  if (m === null) return fail("is not a section letter A–T followed by 2–4 digits", "a GB/T 4754 code such as C1311");
  const section = INDUSTRY_SECTIONS.find((s) => s.section === m[1]);
  const division = Number(m[2]);
  if (section === undefined || division < section.divisions[0] || division > section.divisions[1]) {
    const owner = INDUSTRY_SECTIONS.find((s) => division >= s.divisions[0] && division <= s.divisions[1]);
    return fail(`has division ${m[2]} outside section ${m[1]}`, owner === undefined ? "a division 01–97" : `section ${owner.section} for division ${m[2]}`);
  }
  return { success: true, data: { code: text, section: section.section, division: m[2] ?? "" } };
}

/**
 * Validates an industry code.
 *
 * @param text - e.g. `F5211`.
 * @returns The parsed code.
 * @throws {ValidationError} `invalid_industry_code`.
 * @example
 * parseIndustryCode("F5211").section //=> "F"
 * @category Codes
 */
export function parseIndustryCode(text: string): IndustryCode {
  return unwrap(safeParseIndustryCode(text));
}

/**
 * Type guard for a valid industry code.
 *
 * @param value - Any value.
 * @returns Whether it is valid.
 * @example
 * isIndustryCode("I65") //=> true
 * @category Codes
 */
export function isIndustryCode(value: unknown): value is string {
  return typeof value === "string" && safeParseIndustryCode(value).success;
}
