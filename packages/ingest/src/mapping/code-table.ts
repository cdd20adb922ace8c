/**
 * A mapping's code table compiled to a lookup: a `Map` keyed by the normalised source value, so a
 * value such as `__proto__` or `constructor` is just a value the table does not hold.
 * @module
 */
import type { SourceMapping } from "./mapping-document.js";

/** The outcome of looking a value up. */
export type CodeLookup = { readonly ok: true; readonly value: string } | { readonly ok: false };

/**
 * A compiled code table.
 * @category Mapping
 */
export interface CompiledCodeTable {
  readonly name: string;
  /** The creditclass value of a source value, after the table's unknown-value policy. */
  lookup(value: string): CodeLookup;
}

/** A source value as compared: trimmed and NFKC (full-width digits and letters as ASCII). */
function codeKey(value: string): string {
  return value.trim().normalize("NFKC");
}

/**
 * Compiles a code table of a mapping.
 *
 * @param name - Its key in `codeTables`.
 * @param table - The table.
 * @returns The lookup.
 * @example
 * compileCodeTable("status", { values: { 存续: "active" }, unknown: "quarantine" }).lookup("存续") //=> { ok: true, value: "active" }
 * compileCodeTable("status", { values: { 存续: "active" }, unknown: "quarantine" }).lookup("constructor") //=> { ok: false }
 * @category Mapping
 */
export function compileCodeTable(name: string, table: SourceMapping["codeTables"][string]): CompiledCodeTable {
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(table.values)) values.set(codeKey(key), value);
  const unknown = table.unknown;
  return {
    name,
    lookup(value) {
      const found = values.get(codeKey(value));
      if (found !== undefined) return { ok: true, value: found };
      if (unknown === "keep") return { ok: true, value };
      if (unknown === "quarantine") return { ok: false };
      return { ok: true, value: unknown.default };
    },
  };
}
