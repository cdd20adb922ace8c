/**
 * Writes CSV files (RFC 4180 quoting, LF line ends, UTF-8) in blocks, for results that other
 * systems read back: indicator tables, quarantine exports.
 * @module
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { IndicatorFrame } from "@creditclass/core";

/**
 * Quotes a field when it holds a comma, quote or line break.
 *
 * @param value - Any cell; `null`, `undefined` and NaN are written empty.
 * @returns The CSV text of the cell.
 * @example
 * csvField('say "hi", then go') //=> '"say ""hi"", then go"'
 * @category Writers
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined || (typeof value === "number" && Number.isNaN(value))) return "";
  const text = typeof value === "string" ? value : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Writes rows to a CSV file.
 *
 * @param path - Output file.
 * @param header - Column names.
 * @param rows - Rows of cells, in header order.
 * @returns When the file is complete; the number of data rows.
 * @example
 * await writeCsvFile("out.csv", ["a", "b"], [[1, "x,y"]]); // a,b\n1,"x,y"\n
 * @category Writers
 */
export async function writeCsvFile(path: string, header: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number> {
  const stream = createWriteStream(path);
  let block: string[] = [header.map(csvField).join(",")];
  let count = 0;
  for (const row of rows) {
    block.push(row.map(csvField).join(","));
    count++;
    if (block.length >= 8192) {
      if (!stream.write(`${block.join("\n")}\n`)) await once(stream, "drain");
      block = [];
    }
  }
  stream.end(block.length > 0 ? `${block.join("\n")}\n` : "");
  await once(stream, "finish");
  return count;
}

/**
 * Writes an indicator frame as CSV: the id column, then every indicator; missing values are empty.
 *
 * @param path - Output file.
 * @param frame - The frame.
 * @param idColumn - Name of the id column (default `uscc`).
 * @returns The number of rows written.
 * @example
 * await writeFrameCsv("indicators-2026-10.csv", frame);
 * @category Writers
 */
export async function writeFrameCsv(path: string, frame: IndicatorFrame, idColumn = "uscc"): Promise<number> {
  const names = frame.columnNames;
  const columns = names.map((n) => frame.column(n));
  const ids = frame.ids();
  function* rows(): Generator<unknown[]> {
    for (let r = 0; r < ids.length; r++) yield [ids[r], ...columns.map((c) => c[r])];
  }
  return writeCsvFile(path, [idColumn, ...names], rows());
}
