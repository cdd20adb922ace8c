/**
 * Header text as compared: exports write the same column as `统一社会信用代码`, `统一社会信用代码 `,
 * `注册资本(万元)` or `注册资本（万元）`, with full-width letters, spaces or different case.
 * @module
 */

/**
 * A header (or a code value) in the form compared: Unicode NFKC (full-width brackets, digits,
 * letters and spaces become their ASCII forms), every white space removed, lower case.
 *
 * @param text - A header cell.
 * @returns The comparable form.
 * @example
 * normalizeHeader(" 注册资本（万元） ") //=> "注册资本(万元)"
 * normalizeHeader("Unified Social Credit Code") //=> "unifiedsocialcreditcode"
 * @category Mapping
 */
export function normalizeHeader(text: string): string {
  return text.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
}
