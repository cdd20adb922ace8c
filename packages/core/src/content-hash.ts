/**
 * Content hashes of configuration values: SHA-256 of a canonical JSON text (object keys sorted,
 * no white space), so the same task, model or rule set always has the same hash whatever the
 * key order it was written in. Recorded with every monthly output.
 * @module
 */
import { createHash } from "node:crypto";

/**
 * JSON with object keys sorted at every level; `undefined` properties are dropped, as `JSON.stringify` does.
 *
 * @param value - A JSON-compatible value.
 * @returns The canonical text.
 * @example
 * canonicalJson({ b: 1, a: [true, { d: null, c: "x" }] }) //=> '{"a":[true,{"c":"x","d":null}],"b":1}'
 * @category Hashing
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/**
 * SHA-256 (hex) of the canonical JSON of a value.
 *
 * @param value - A JSON-compatible value.
 * @returns 64 hex digits.
 * @example
 * contentHash({ a: 1, b: 2 }) === contentHash({ b: 2, a: 1 }) //=> true
 * @category Hashing
 */
export function contentHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}
