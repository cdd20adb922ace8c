/**
 * Writes CSV files (RFC 4180 quoting, LF line ends, UTF-8) in blocks, for results that other
 * systems read back: indicator tables, quarantine exports. Cells that a spreadsheet would run as
 * formulas are neutralised, and a file appears whole or not at all.
 * @module
 */
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { IndicatorFrame } from "@creditclass/core";

/** First characters that make Excel, WPS, LibreOffice or Google Sheets read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number, signed or not, with an optional exponent: `-12.5`, `+3`, `1e5`, `.5`. */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Writes one cell: empty for a missing value; text a spreadsheet would run as a formula is
 * neutralised; the result is quoted when it holds a comma, quote or line break.
 *
 * The one rule against formula injection (OWASP's "CSV injection" advice): a cell whose text starts
 * with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe `'`, which
 * spreadsheets take as "this is text" — unless the text is a plain number (`-12.5`, `+3`,
 * `1e5`), which a spreadsheet reads as that number anyway. JavaScript numbers (and bigints) are
 * never changed, so `-3` stays a number. The apostrophe is part of the cell for other readers.
 *
 * @param value - Any cell; `null`, `undefined` and NaN are written empty; other non-strings as `String(value)`.
 * @returns The CSV text of the cell.
 * @example
 * csvField('say "hi", then go') //=> '"say ""hi"", then go"'
 * csvField("=1+1") //=> "'=1+1"
 * csvField('=HYPERLINK("http://x.example/?a,b")') //=> '"\'=HYPERLINK(""http://x.example/?a,b"")"'
 * csvField("-12.5") //=> "-12.5"
 * csvField(-12.5) //=> "-12.5"
 * @category Writers
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined || (typeof value === "number" && Number.isNaN(value))) return "";
  let text = typeof value === "string" ? value : String(value);
  if (typeof value !== "number" && typeof value !== "bigint" && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The CSV text in blocks of up to 8,192 lines, header first. */
function* csvBlocks(header: readonly string[], rows: Iterable<readonly unknown[]>, counted: { rows: number }): Generator<string> {
  let block: string[] = [header.map(csvField).join(",")];
  for (const row of rows) {
    block.push(row.map(csvField).join(","));
    counted.rows++;
    if (block.length >= 8192) {
      yield `${block.join("\n")}\n`;
      block = [];
    }
  }
  if (block.length > 0) yield `${block.join("\n")}\n`;
}

/**
 * Writes rows to a CSV file, whole or not at all: the text goes to a temporary file beside the
 * target (`.NAME.PID.RANDOM.tmp`), which is flushed to disk and then renamed over the target. If
 * anything fails — the rows iterator throws, the disk is full — the temporary file is removed,
 * an existing target is left as it was, and the error is rethrown.
 *
 * @param path - Output file.
 * @param header - Column names.
 * @param rows - Rows of cells, in header order; each cell is written by {@link csvField}.
 * @returns When the file is complete; the number of data rows.
 * @example
 * await writeCsvFile("out.csv", ["a", "b"], [[1, "x,y"]]); // a,b\n1,"x,y"\n
 * @category Writers
 */
export async function writeCsvFile(path: string, header: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  const counted = { rows: 0 };
  try {
    // `wx`: never follow or reuse a file already at the temporary name.
    await pipeline(csvBlocks(header, rows, counted), createWriteStream(temp, { flags: "wx" }));
    const handle = await open(temp, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return counted.rows;
}

/**
 * Options of {@link writeFrameCsv}.
 * @category Writers
 */
export interface WriteFrameCsvOptions {
  /** Text columns written after the indicators, each one text per frame row (e.g. `entity_type`, `tags`); empty text is written empty. */
  readonly text?: ReadonlyMap<string, readonly string[]>;
}

/**
 * Writes an indicator frame as CSV: the id column, then every indicator, then any text columns;
 * missing values are empty.
 *
 * @param path - Output file.
 * @param frame - The frame.
 * @param idColumn - Name of the id column (default `uscc`).
 * @param options - Text columns to add.
 * @returns The number of rows written.
 * @example
 * await writeFrameCsv("indicators-2026-10.csv", frame);
 * await writeFrameCsv("indicators-2026-10.csv", frame, "uscc", { text: new Map([["entity_type", entityTypes]]) });
 * @category Writers
 */
export async function writeFrameCsv(path: string, frame: IndicatorFrame, idColumn = "uscc", options: WriteFrameCsvOptions = {}): Promise<number> {
  const names = frame.columnNames;
  const columns = names.map((n) => frame.column(n));
  const textNames = [...(options.text?.keys() ?? [])];
  const texts = [...(options.text?.values() ?? [])];
  const ids = frame.ids();
  function* rows(): Generator<unknown[]> {
    for (let r = 0; r < ids.length; r++) yield [ids[r], ...columns.map((c) => c[r]), ...texts.map((t) => t[r])];
  }
  return writeCsvFile(path, [idColumn, ...names, ...textNames], rows());
}
