/**
 * Administrative division codes of GB/T 2260: six digits, province (2) · city (2) · county (2).
 * @module
 */
import type { SafeResult } from "./errors.js";
import { unwrap } from "./errors.js";

/** Province-level divisions of GB/T 2260 by their two-digit prefix. */
export const PROVINCES: Readonly<Record<string, { readonly zh: string; readonly en: string }>> = {
  "11": { zh: "北京市", en: "Beijing" },
  "12": { zh: "天津市", en: "Tianjin" },
  "13": { zh: "河北省", en: "Hebei" },
  "14": { zh: "山西省", en: "Shanxi" },
  "15": { zh: "内蒙古自治区", en: "Inner Mongolia" },
  "21": { zh: "辽宁省", en: "Liaoning" },
  "22": { zh: "吉林省", en: "Jilin" },
  "23": { zh: "黑龙江省", en: "Heilongjiang" },
  "31": { zh: "上海市", en: "Shanghai" },
  "32": { zh: "江苏省", en: "Jiangsu" },
  "33": { zh: "浙江省", en: "Zhejiang" },
  "34": { zh: "安徽省", en: "Anhui" },
  "35": { zh: "福建省", en: "Fujian" },
  "36": { zh: "江西省", en: "Jiangxi" },
  "37": { zh: "山东省", en: "Shandong" },
  "41": { zh: "河南省", en: "Henan" },
  "42": { zh: "湖北省", en: "Hubei" },
  "43": { zh: "湖南省", en: "Hunan" },
  "44": { zh: "广东省", en: "Guangdong" },
  "45": { zh: "广西壮族自治区", en: "Guangxi" },
  "46": { zh: "海南省", en: "Hainan" },
  "50": { zh: "重庆市", en: "Chongqing" },
  "51": { zh: "四川省", en: "Sichuan" },
  "52": { zh: "贵州省", en: "Guizhou" },
  "53": { zh: "云南省", en: "Yunnan" },
  "54": { zh: "西藏自治区", en: "Tibet" },
  "61": { zh: "陕西省", en: "Shaanxi" },
  "62": { zh: "甘肃省", en: "Gansu" },
  "63": { zh: "青海省", en: "Qinghai" },
  "64": { zh: "宁夏回族自治区", en: "Ningxia" },
  "65": { zh: "新疆维吾尔自治区", en: "Xinjiang" },
  "71": { zh: "台湾省", en: "Taiwan" },
  "81": { zh: "香港特别行政区", en: "Hong Kong" },
  "82": { zh: "澳门特别行政区", en: "Macao" },
};

/**
 * A parsed division code with its prefixes.
 * @category Codes
 */
export interface RegionCode {
  /** The six digits. */
  readonly code: string;
  /** Province prefix, 2 digits. */
  readonly province: string;
  /** City prefix, 4 digits. */
  readonly city: string;
  /** Which level the code itself names: `XX0000` a province, `XXXX00` a city, else a county. */
  readonly level: "province" | "city" | "county";
}

/**
 * Validates a division code: six digits with a known province prefix.
 *
 * @param text - The code.
 * @returns The parsed code or an `invalid_region_code` issue.
 * @example
 * safeParseRegionCode("330106") //=> { success: true, data: { code: "330106", province: "33", city: "3301", level: "county" } }
 * @category Codes
 */
export function safeParseRegionCode(text: string): SafeResult<RegionCode> {
  const fail = (why: string, expected: string): SafeResult<RegionCode> => ({
    success: false,
    issues: [{ code: "invalid_region_code", value: text, expected, message: `${JSON.stringify(text)} ${why}` }],
  });
  if (!/^\d{6}$/.test(text)) return fail("is not six digits", "six digits (GB/T 2260)");
  const province = text.slice(0, 2);
  if (PROVINCES[province] === undefined) return fail(`has unknown province prefix ${province}`, "a GB/T 2260 province prefix 11–82");
  const level = text.endsWith("0000") ? "province" : text.endsWith("00") ? "city" : "county";
  return { success: true, data: { code: text, province, city: text.slice(0, 4), level } };
}

/**
 * Validates a division code.
 *
 * @param text - The code.
 * @returns The parsed code.
 * @throws {ValidationError} `invalid_region_code`.
 * @example
 * parseRegionCode("440300").level //=> "city"
 * @category Codes
 */
export function parseRegionCode(text: string): RegionCode {
  return unwrap(safeParseRegionCode(text));
}

/**
 * Type guard for a valid division code.
 *
 * @param value - Any value.
 * @returns Whether it is six digits with a known province prefix.
 * @example
 * isRegionCode("990101") //=> false
 * @category Codes
 */
export function isRegionCode(value: unknown): value is string {
  return typeof value === "string" && safeParseRegionCode(value).success;
}
