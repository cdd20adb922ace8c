import { expect } from "vitest";
import type { CsvRecord } from "../src/index.js";

/** The physical lines a record covers: one, plus the line breaks inside its quoted fields (a record with a quote or length issue is one line). */
export function recordSpan(record: CsvRecord): number {
  if (record.issue !== undefined && record.issue.code !== "invalid_encoding") return 1;
  let n = 1;
  for (const f of record.fields) for (let k = f.indexOf("\n"); k >= 0; k = f.indexOf("\n", k + 1)) n++;
  return n;
}

/** Asserts that every physical line of `text` that is not blank is in exactly one of `records`, in order. */
export function expectEveryLineInOneRecord(text: string, records: readonly CsvRecord[]): void {
  const lines = text.split("\n");
  const blank = (n: number): boolean => lines[n - 1] === "" || lines[n - 1] === "\r";
  let next = 1;
  for (const r of records) {
    for (; next < r.line; next++) expect(blank(next), `line ${next} is in no record, so it must be blank`).toBe(true);
    expect(r.line, "records start where the previous one ended").toBe(next);
    next += recordSpan(r);
  }
  for (; next <= lines.length; next++) expect(blank(next), `line ${next} after the last record must be blank`).toBe(true);
}
