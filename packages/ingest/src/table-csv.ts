/**
 * Reading a labelled table's CSV text into columns: the columns read as text (id, label, weight,
 * month, categorical) keep their strings, every other candidate column is parsed into numbers as
 * the records arrive, and columns left out are not kept. Holding every cell of a 100k × 65 table as
 * a string first spent 40 % of the load in the garbage collector and 20 % more in `trim`,
 * `toLowerCase` and `Number` per cell (V8 sampling profiler).
 *
 * A file without any `"` or U+FFFD (the usual warehouse export) is scanned in place: a cell is
 * parsed from its characters and never becomes a string unless its column is text. Such a file has
 * no quoted fields and no undecodable bytes, so its records are its non-blank lines split at the
 * delimiter — exactly what {@link tokenizeCsv} returns for it. Any other file, or one with a line
 * over {@link CSV_RECORD_LIMITS}, goes through `tokenizeCsv`.
 * @module
 */
import type { Issue } from "@creditclass/core";
import { ValidationError } from "@creditclass/core";
import { CSV_RECORD_LIMITS, tokenizeCsv } from "./csv-tokenizer.js";

/**
 * Cell texts read as missing values (case-insensitive, after trimming).
 *
 * @example
 * MISSING_MARKERS.includes("na") //=> true
 * @category Tables
 */
export const MISSING_MARKERS: readonly string[] = ["", "?", "na", "n/a", "null", "nan", "-", "none"];

/** Which columns a table reads, by header name. */
export interface TableColumnRoles {
  /** Columns read as text: id, label, weight, month, categorical. */
  readonly text: ReadonlySet<string | undefined>;
  /** Columns not read at all. */
  readonly skipped: (name: string) => boolean;
}

/** A table's CSV as columns: text cells for text columns, parsed numbers for the others, the line of each row. */
export interface CsvTableColumns {
  readonly names: string[];
  /** Cells of text columns (empty arrays for the others). */
  readonly cells: string[][];
  /** Parsed numeric columns (undefined for text and skipped columns). */
  readonly parsed: (NumberColumn | undefined)[];
  readonly lines: number[];
}

/**
 * Reads the decoded text of a table's CSV file.
 *
 * @param path - The file, for messages.
 * @param chunks - Its decoded text.
 * @param roles - Which columns are text and which are not read.
 * @returns The columns.
 * @throws {ValidationError} With a `malformed_record` issue per record whose field count is not the header's (at most 20).
 * @example
 * const { parsed } = await readTableCsv("t.csv", ["id,x\na,1.5\nb,NA\n"], { text: new Set(["id"]), skipped: () => false });
 * parsed[1]?.values.subarray(0, 2) //=> Float64Array [1.5, NaN]
 */
export async function readTableCsv(path: string, chunks: AsyncIterable<string> | Iterable<string>, roles: TableColumnRoles): Promise<CsvTableColumns> {
  const texts: string[] = [];
  let plain = true;
  for await (const chunk of chunks) {
    texts.push(chunk);
    plain &&= !chunk.includes('"') && !chunk.includes("\uFFFD");
  }
  // Lines bound the rows: columns are allocated once, at their final size when no line is blank.
  let lines = texts.at(-1)?.endsWith("\n") === false ? 1 : 0;
  for (const text of texts) for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", nl + 1)) lines++;
  const sink = new ColumnSink(path, roles, lines - 1);
  if (!(plain && scanPlain(texts, sink))) {
    const fresh = new ColumnSink(path, roles, lines - 1);
    for await (const batch of tokenizeCsv(texts)) for (const record of batch) fresh.record(record.fields, record.line);
    return fresh.finish();
  }
  return sink.finish();
}

/**
 * Scans text without quotes line by line into `sink`, as {@link tokenizeCsv} would split it.
 * Returns false, leaving `sink` to be thrown away, at a line over the record length limit.
 */
function scanPlain(texts: readonly string[], sink: ColumnSink): boolean {
  // Lines are scanned inside each decoded chunk (a flat string: a concatenation would be a cons
  // string, slow to index); only a line cut by a chunk's end is joined, on its own.
  let carry = "";
  let line = 1;
  const take = (text: string, pos: number, nl: number): boolean => {
    const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    if (end - pos > CSV_RECORD_LIMITS.chars) return false;
    if (end > pos) sink.line(text, pos, end, line);
    line++;
    return true;
  };
  for (const text of texts) {
    let pos = 0;
    if (carry !== "") {
      const nl = text.indexOf("\n");
      if (nl < 0) {
        carry += text;
        if (carry.length > CSV_RECORD_LIMITS.chars + 1) return false;
        continue;
      }
      const joined = carry + text.slice(0, nl);
      if (!take(joined, 0, joined.length)) return false;
      carry = "";
      pos = nl + 1;
    }
    for (let nl = text.indexOf("\n", pos); nl >= 0; nl = text.indexOf("\n", pos)) {
      if (!take(text, pos, nl)) return false;
      pos = nl + 1;
    }
    carry = text.slice(pos);
  }
  return carry === "" || take(carry, 0, carry.length);
}

/** Collects records into columns: the header first, then rows of the header's field count. */
class ColumnSink {
  readonly #path: string;
  readonly #roles: TableColumnRoles;
  #names: string[] | undefined;
  #cells: string[][] = [];
  #parsed: (NumberColumn | undefined)[] = [];
  /** One row's parsed values and failed cells, kept until its field count is known. */
  #numbers = new Float64Array(0);
  #failed: (string | undefined)[] = [];
  #texts: string[] = [];
  readonly #lines: number[] = [];
  readonly #issues: Issue[] = [];

  readonly #capacity: number;

  constructor(path: string, roles: TableColumnRoles, capacity: number) {
    this.#path = path;
    this.#roles = roles;
    this.#capacity = capacity;
  }

  #header(fields: readonly string[]): void {
    const names = fields.map((f) => f.trim());
    this.#names = names;
    this.#cells = names.map(() => []);
    this.#parsed = names.map((n) => (this.#roles.text.has(n) || this.#roles.skipped(n) ? undefined : new NumberColumn(this.#capacity)));
    this.#numbers = new Float64Array(names.length);
    this.#failed = names.map(() => undefined);
    this.#texts = names.map(() => "");
  }

  #malformed(count: number, line: number): void {
    const expected = this.#names?.length ?? 0;
    this.#issues.push({
      code: "malformed_record",
      line,
      message: `${this.#path}:${line}: ${count} fields, the header has ${expected}`,
      expected: `${expected} fields`,
    });
  }

  /** A tokenized record. */
  record(fields: readonly string[], line: number): void {
    const names = this.#names;
    if (names === undefined) {
      this.#header(fields);
      return;
    }
    if (fields.length === 1 && fields[0] === "") return;
    if (fields.length !== names.length) {
      this.#malformed(fields.length, line);
      return;
    }
    for (let c = 0; c < names.length; c++) {
      const field = fields[c] as string;
      const column = this.#parsed[c];
      if (column !== undefined) column.push(numberIn(field, 0, field.length), field);
      else if (this.#roles.text.has(names[c])) (this.#cells[c] as string[]).push(field);
    }
    this.#lines.push(line);
  }

  /** The record of `text[start, end)`, a line without quotes, split at commas without making strings of numeric cells. */
  line(text: string, start: number, end: number, line: number): void {
    const names = this.#names;
    if (names === undefined) {
      this.#header(text.slice(start, end).split(","));
      return;
    }
    const width = names.length;
    const parsed = this.#parsed;
    const numbers = this.#numbers;
    const failed = this.#failed;
    const texts = this.#texts;
    let count = 0;
    for (let from = start; ; count++) {
      let to = text.indexOf(",", from);
      if (to < 0 || to > end) to = end;
      const column = count < width ? parsed[count] : undefined;
      if (column !== undefined) {
        const x = numberIn(text, from, to);
        numbers[count] = x ?? Number.NaN;
        failed[count] = x === undefined ? text.slice(from, to) : undefined;
      } else if (count < width && this.#roles.text.has(names[count])) texts[count] = text.slice(from, to);
      if (to === end) break;
      from = to + 1;
    }
    count++;
    if (count !== width) {
      this.#malformed(count, line);
      return;
    }
    for (let c = 0; c < width; c++) {
      const column = parsed[c];
      if (column !== undefined) column.push(failed[c] === undefined ? numbers[c] : undefined, failed[c] as string);
      else if (this.#roles.text.has(names[c])) (this.#cells[c] as string[]).push(texts[c] as string);
    }
    this.#lines.push(line);
  }

  finish(): CsvTableColumns {
    if (this.#issues.length > 0) throw new ValidationError(this.#issues.slice(0, 20));
    return { names: this.#names ?? [], cells: this.#cells, parsed: this.#parsed, lines: this.#lines };
  }
}

/**
 * A numeric column parsed cell by cell into a growing Float64Array, with its missing cells and the
 * first cell that is not a number (nothing after it is kept: that cell is the column's error).
 *
 * @example
 * const column = new NumberColumn(3);
 * column.push(1.5, "1.5"); column.push(Number.NaN, "NA"); column.push(undefined, "x");
 * [column.length, column.missing, column.bad] //=> [2, 1, { row: 2, value: "x" }]
 */
export class NumberColumn {
  values: Float64Array;
  length = 0;
  missing = 0;
  bad: { readonly row: number; readonly value: string } | undefined;

  /** @param capacity - Rows expected (it grows past them). */
  constructor(capacity = 1024) {
    this.values = new Float64Array(Math.max(1, capacity));
  }

  /** Appends a parsed cell; `undefined` is a cell that is not a number, `text`. */
  push(x: number | undefined, text: string): void {
    if (this.bad !== undefined) return;
    if (x === undefined) {
      this.bad = { row: this.length, value: text };
      return;
    }
    if (Number.isNaN(x)) this.missing++;
    if (this.length === this.values.length) {
      const grown = new Float64Array(2 * this.length);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = x;
  }
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * The cell `text[start, end)` as a number: NaN for a missing marker, undefined when it is not
 * numeric — `Number` of the trimmed text. A plain decimal (`-12.5`: sign, at most 15 digits, no
 * exponent or spaces) is read from its characters as m / 10^k, which is exact for m < 2^53 and
 * k ≤ 22 and then rounded once: the value `Number` gives (Clinger's fast path), without making a
 * string. Anything else goes to `Number`: every cell it reads is a number except blanks
 * (`Number("") = 0`), and every missing marker but the blank is NaN to it.
 *
 * @param text - The text holding the cell.
 * @param start - The cell's first character.
 * @param end - One past its last.
 * @returns The number, NaN, or undefined.
 * @example
 * numberIn("a,-0.25,NA", 2, 7) //=> -0.25
 */
export function numberIn(text: string, start: number, end: number): number | undefined {
  const negative = start < end && text.charCodeAt(start) === 45;
  let m = 0;
  let digits = 0;
  let point = -1;
  let i = negative ? start + 1 : start;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
    } else if (c === 46 && point < 0) point = i;
    else break;
  }
  if (i === end && digits > 0 && digits <= 15) {
    const x = point < 0 ? m : m / (POWERS_OF_TEN[end - 1 - point] as number);
    return negative ? -x : x;
  }
  if (markerAt(text, start, end)) return Number.NaN;
  const cell = text.slice(start, end);
  const x = Number(cell);
  if (!Number.isNaN(x)) return x !== 0 || cell.trim() !== "" ? x : Number.NaN;
  return MISSING_MARKERS.includes(cell.trim().toLowerCase()) ? Number.NaN : undefined;
}

/** Whether `text[start, end)` is a missing marker as it stands (any case, no spaces), compared without making a string. */
function markerAt(text: string, start: number, end: number): boolean {
  next: for (const marker of MISSING_MARKERS) {
    if (marker.length !== end - start) continue;
    for (let k = 0; k < marker.length; k++) {
      const c = text.charCodeAt(start + k);
      if ((c >= 65 && c <= 90 ? c + 32 : c) !== marker.charCodeAt(k)) continue next;
    }
    return true;
  }
  return false;
}
