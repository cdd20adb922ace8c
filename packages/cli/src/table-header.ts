/**
 * The column names of a table file (CSV header or NDJSON keys), read before the table itself so a
 * command can decide which columns to load and name the ones missing.
 * @module
 */
import type { TextEncodingName } from "@creditclass/ingest";
import { readTextFile, tokenizeCsv } from "@creditclass/ingest";

/**
 * Reads a table's column names: a CSV's header record (the rest of the file is not read), or every
 * key of an NDJSON file's objects in first-seen order (lines that are not objects are skipped here;
 * loading the table reports them).
 *
 * @param path - A `.csv`/`.txt` or `.ndjson`/`.jsonl` file.
 * @param encoding - File encoding (default `auto`).
 * @returns The names, trimmed as the table loader trims them.
 * @example
 * await tableColumnNames("indicators-2026-10.csv") //=> ["uscc", "age_months", …, "entity_type", "tags"]
 */
export async function tableColumnNames(path: string, encoding: TextEncodingName = "auto"): Promise<string[]> {
  const source = readTextFile(path, encoding);
  if (/\.(nd)?jsonl?$/i.test(path) || /\.ndjson$/i.test(path)) return ndjsonKeys(source.chunks);
  for await (const batch of tokenizeCsv(source.chunks)) {
    const first = batch[0];
    if (first !== undefined) return first.fields.map((f) => f.trim());
  }
  return [];
}

async function ndjsonKeys(chunks: AsyncIterable<string>): Promise<string[]> {
  const names = new Set<string>();
  const take = (line: string): void => {
    if (line.trim() === "") return;
    try {
      const value = JSON.parse(line) as unknown;
      if (typeof value === "object" && value !== null && !Array.isArray(value)) for (const key of Object.keys(value)) names.add(key);
    } catch {
      // Reported with its line when the table is loaded.
    }
  };
  let carry = "";
  for await (const chunk of chunks) {
    const parts = (carry + chunk).split("\n");
    carry = parts.pop() ?? "";
    for (const p of parts) take(p);
  }
  take(carry);
  return [...names];
}
