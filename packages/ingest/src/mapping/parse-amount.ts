/**
 * Amounts as bureaus write them — `12,500.00`, `50万元`, `3000元`, a column in 元 or 万元 — to
 * the unit creditclass stores, by moving the decimal point in the text (no binary rounding:
 * `0.0148` 万元 is exactly `148` 元).
 * @module
 */

/** Powers of ten of each unit, in 元. */
const EXPONENT: Readonly<Record<"元" | "万元", number>> = { 元: 0, 万元: 4 };

/** The outcome of reading an amount. */
export type AmountResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

/**
 * Reads an amount written in `from` (or in the unit its own suffix names: `元`, `万元`, `万`) and
 * writes it in `to`. Thousands separators are dropped; any other suffix (`美元`, `USD`) is an error,
 * never a silent conversion.
 *
 * @param value - Cell text or number.
 * @param from - The column's unit.
 * @param to - The stored unit.
 * @returns The amount as decimal text in `to`, or why it cannot be read.
 * @example
 * convertAmount("0.0148", "万元", "元") //=> { ok: true, text: "148" }
 * convertAmount("1,250.5元", "万元", "元") //=> { ok: true, text: "1250.5" }
 * convertAmount("30万美元", "万元", "万元") //=> { ok: false, message: "has a unit other than 元 or 万元" }
 * @category Mapping
 */
export function convertAmount(value: string | number, from: "元" | "万元", to: "元" | "万元"): AmountResult {
  let text = typeof value === "number" ? String(value) : value.trim().normalize("NFKC");
  let unit = from;
  const suffix = /^(.*?)\s*(万元|万|元)$/.exec(text);
  if (suffix !== null) {
    text = suffix[1] ?? "";
    unit = suffix[2] === "元" ? "元" : "万元";
  }
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replace(/,/g, "");
  if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) {
    return /\d/.test(text) && /[^\d.,eE+-]/.test(text)
      ? { ok: false, message: "has a unit other than 元 or 万元" }
      : { ok: false, message: "is not a decimal number" };
  }
  const shift = EXPONENT[unit] - EXPONENT[to];
  if (shift === 0) return { ok: true, text };
  if (/[eE]/.test(text)) return { ok: true, text: String(Number(text) * 10 ** shift) };
  return { ok: true, text: shiftDecimal(text, shift) };
}

/** Moves the decimal point of a plain decimal `shift` places to the right (left when negative). */
function shiftDecimal(text: string, shift: number): string {
  const negative = text.startsWith("-");
  const [whole = "", fraction = ""] = (negative ? text.slice(1) : text).split(".");
  let digits = whole + fraction;
  let point = whole.length + shift;
  if (point < 0) {
    digits = "0".repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += "0".repeat(point - digits.length);
  const head = digits.slice(0, point).replace(/^0+(?=\d)/, "") || "0";
  const tail = digits.slice(point).replace(/0+$/, "");
  return `${negative ? "-" : ""}${head}${tail === "" ? "" : `.${tail}`}`;
}
