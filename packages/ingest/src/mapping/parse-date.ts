/**
 * Dates as bureaus write them — `2024-03-16`, `2024/3/16`, `20240316`, `2024年3月16日`,
 * `2024.3.16`, spreadsheet serial days — to calendar dates `YYYY-MM-DD`, trying a mapping's
 * formats in order.
 * @module
 */
import { formatDayNumber, parseDayNumber } from "@creditclass/core";
import type { DateFormat } from "./mapping-document.js";

const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?`;
const PATTERNS: Readonly<Record<Exclude<DateFormat, "excel">, RegExp>> = {
  "YYYY-MM-DD": new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME}$`),
  "YYYY/M/D": new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})${TIME}$`),
  YYYYMMDD: /^(\d{4})(\d{2})(\d{2})$/,
  YYYY年M月D日: new RegExp(String.raw`^(\d{4})年(\d{1,2})月(\d{1,2})日${TIME}$`),
  "YYYY.M.D": new RegExp(String.raw`^(\d{4})\.(\d{1,2})\.(\d{1,2})${TIME}$`),
};

/** Day number of 1899-12-30, the day before serial 1 in Excel's 1900 system once its phantom 1900-02-29 is skipped. */
const EXCEL_EPOCH = parseDayNumber("1899-12-30");
/** The largest serial Excel accepts (9999-12-31). */
const EXCEL_LAST = 2_958_465;

/**
 * A source date as a calendar date: a `Date` (a spreadsheet date cell, read in UTC) directly,
 * else the first of `formats` the text matches that also names a real day.
 *
 * @param value - Cell text, a number (serial day) or a `Date`.
 * @param formats - Formats tried in order.
 * @returns `YYYY-MM-DD`, or `undefined` when no format reads it as a real day.
 * @example
 * parseSourceDate("2024年3月16日", ["YYYY-MM-DD", "YYYY年M月D日"]) //=> "2024-03-16"
 * parseSourceDate("45367", ["excel"]) //=> "2024-03-16"
 * parseSourceDate("2024/2/30", ["YYYY/M/D"]) //=> undefined
 * @category Mapping
 */
export function parseSourceDate(value: string | number | Date, formats: readonly DateFormat[]): string | undefined {
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isNaN(t) ? undefined : formatDayNumber(Math.floor(t / 86_400_000));
  }
  const text = typeof value === "number" ? String(value) : value.trim();
  for (const format of formats) {
    if (format === "excel") {
      if (!/^\d+(\.\d+)?$/.test(text)) continue;
      const serial = Math.floor(Number(text));
      // Serial 60 is 1900-02-29, a day that never was (Lotus 1-2-3's leap-year error, kept by Excel).
      if (serial < 1 || serial > EXCEL_LAST || serial === 60) continue;
      return formatDayNumber(EXCEL_EPOCH + serial + (serial < 60 ? 1 : 0));
    }
    const m = PATTERNS[format].exec(text);
    if (m === null) continue;
    const iso = `${m[1]}-${(m[2] ?? "").padStart(2, "0")}-${(m[3] ?? "").padStart(2, "0")}`;
    if (!Number.isNaN(parseDayNumber(iso))) return iso;
  }
  return undefined;
}
