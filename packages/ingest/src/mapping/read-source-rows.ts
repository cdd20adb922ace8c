/**
 * The rows of a source file, whatever its format: CSV (UTF-8 or GB18030, through the project's
 * tokenizer), NDJSON, and `.xlsx` workbooks through exceljs's streaming reader (one sheet at a
 * time, rows in batches, memory bounded by the largest shared-strings table). Every row keeps
 * where it came from: its file (and sheet) and its line (or row number).
 * @module
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { basename, extname } from "node:path";
import { StringDecoder } from "node:string_decoder";
import type { Issue } from "@creditclass/core";
import { ValidationError } from "@creditclass/core";
import ExcelJS from "exceljs";
import { tokenizeCsv } from "../csv-tokenizer.js";
import type { TextEncodingName } from "../text-source.js";
import { encodingIssue, readTextFile } from "../text-source.js";
import type { SourceCell } from "./compile-source.js";

/** One row: where it is, its cells in header order, or why it cannot be read as a row. */
export interface SourceRow {
  readonly line: number;
  readonly cells: readonly SourceCell[];
  /** The row as text, for the quarantine. */
  readonly text: string;
  /** A row the reader itself refuses (an unbalanced quote, the wrong number of fields, bytes not in the encoding). */
  readonly issue?: Issue;
}

/** One table of a file: a CSV or NDJSON file, or one worksheet of a workbook. */
export interface SourceTable {
  /** `file.csv`, or `file.xlsx!sheet` for a worksheet. */
  readonly where: string;
  /** The header cells (for NDJSON, the keys seen so far: it grows as rows are read). */
  readonly header: SourceCell[];
  readonly rows: AsyncIterable<SourceRow[]>;
}

/** A source file being read: its tables in order, and once read, its encoding and SHA-256. */
export interface SourceFile {
  readonly tables: AsyncIterable<SourceTable>;
  summary(): { readonly encoding: string; readonly sha256: string };
}

/**
 * The format of a source file from its extension.
 *
 * @param path - The file.
 * @returns `csv`, `ndjson` or `xlsx`.
 * @throws {ValidationError} `invalid_value` for any other extension.
 * @example
 * sourceFormat("行政处罚.xlsx") //=> "xlsx"
 */
export function sourceFormat(path: string): "csv" | "ndjson" | "xlsx" {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".ndjson" || ext === ".jsonl") return "ndjson";
  if (ext === ".xlsx") return "xlsx";
  throw new ValidationError([
    {
      code: "invalid_value",
      file: basename(path),
      value: ext,
      expected: ".csv, .ndjson, .jsonl or .xlsx",
      message: `cannot read ${ext || "a file without extension"} files (an .xls workbook: save it as .xlsx)`,
    },
  ]);
}

/**
 * Opens a source file for reading.
 *
 * @param path - The file.
 * @param options - Text encoding for CSV and NDJSON; worksheets to read from a workbook (default all).
 * @returns The file's tables.
 * @example
 * for await (const table of readSourceFile("行政处罚.xlsx").tables) for await (const rows of table.rows) …
 */
export function readSourceFile(path: string, options: { readonly encoding?: TextEncodingName; readonly sheets?: readonly string[] } = {}): SourceFile {
  const format = sourceFormat(path);
  const file = basename(path);
  if (format === "xlsx") return readWorkbook(path, file, options.sheets);
  const source = readTextFile(path, options.encoding ?? "auto");
  const header: SourceCell[] = [];
  const rows = format === "csv" ? csvRows(source.chunks, header) : ndjsonRows(source.chunks, header);
  return {
    tables: (async function* () {
      // The header is known once the first batch is read: read it before handing the table out.
      const iterator = rows[Symbol.asyncIterator]();
      const first = await iterator.next();
      const rest = {
        async *[Symbol.asyncIterator]() {
          if (first.done !== true) yield first.value;
          for (;;) {
            const next = await iterator.next();
            if (next.done === true) return;
            yield next.value;
          }
        },
      };
      yield { where: file, header, rows: rest };
    })(),
    summary: () => source.summary(),
  };
}

async function* csvRows(chunks: AsyncIterable<string>, header: SourceCell[]): AsyncGenerator<SourceRow[]> {
  let width = -1;
  for await (const batch of tokenizeCsv(chunks)) {
    const out: SourceRow[] = [];
    for (const record of batch) {
      if (width < 0) {
        header.push(...record.fields.map((f) => f.trim()));
        width = header.length;
        continue;
      }
      if (record.issue !== undefined) {
        out.push({ line: record.line, cells: [], text: record.fields.join(","), issue: record.issue });
        continue;
      }
      while (record.fields.length > width && record.fields[record.fields.length - 1] === "") record.fields.pop();
      const text = record.fields.join(",");
      if (record.fields.length !== width) {
        out.push({
          line: record.line,
          cells: [],
          text,
          issue: { code: "malformed_record", value: text, expected: `${width} fields`, message: `has ${record.fields.length} fields, the header has ${width}` },
        });
      } else out.push({ line: record.line, cells: record.fields, text });
    }
    // The header alone: yield an empty batch so the header is known before rows are asked for.
    yield out;
  }
}

async function* ndjsonRows(chunks: AsyncIterable<string>, header: SourceCell[]): AsyncGenerator<SourceRow[]> {
  const index = new Map<string, number>();
  let carry = "";
  let line = 1;
  const parse = (text: string, at: number): SourceRow | undefined => {
    if (text.trim() === "") return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value))
      return {
        line: at,
        cells: [],
        text,
        issue: { code: "malformed_record", value: text, expected: "one JSON object per line", message: "is not a JSON object" },
      };
    const cells: SourceCell[] = [];
    for (const [key, v] of Object.entries(value)) {
      let i = index.get(key);
      if (i === undefined) {
        i = header.length;
        index.set(key, i);
        header.push(key);
      }
      if (typeof v === "string") {
        const bad = encodingIssue(key, v);
        if (bad !== undefined) return { line: at, cells: [], text, issue: bad };
        cells[i] = v;
      } else if (typeof v === "number" || typeof v === "boolean") cells[i] = v;
      else if (v !== null) cells[i] = JSON.stringify(v);
    }
    return { line: at, cells, text };
  };
  for await (const chunk of chunks) {
    const parts = (carry + chunk).split("\n");
    carry = parts.pop() ?? "";
    const out: SourceRow[] = [];
    for (const part of parts) {
      const row = parse(part.endsWith("\r") ? part.slice(0, -1) : part, line++);
      if (row !== undefined) out.push(row);
    }
    yield out;
  }
  const last = parse(carry, line);
  if (last !== undefined) yield [last];
}

/** A worksheet reader as exceljs's streaming reader gives it (its name is not in the type definitions). */
type SheetReader = AsyncIterable<ExcelJS.Row> & { readonly name?: string };

function readWorkbook(path: string, file: string, sheets: readonly string[] | undefined): SourceFile {
  const hash = createHash("sha256");
  let sha256: string | undefined;
  const hashed = createReadStream(path);
  hashed.on("data", (chunk) => hash.update(chunk));
  const done = new Promise<void>((resolve, reject) => {
    hashed.on("end", () => {
      sha256 = hash.digest("hex");
      resolve();
    });
    hashed.on("error", reject);
  });
  return {
    tables: (async function* () {
      const reader = utf8SafeReader(
        new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: "emit", sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", entries: "ignore" }),
      );
      for await (const sheet of reader as AsyncIterable<SheetReader>) {
        const name = sheet.name ?? "Sheet1";
        const header: SourceCell[] = [];
        const rows = sheetRows(sheet, header);
        const iterator = rows[Symbol.asyncIterator]();
        const first = await iterator.next();
        const wanted = sheets === undefined || sheets.includes(name);
        const rest = {
          async *[Symbol.asyncIterator]() {
            if (first.done !== true) yield first.value;
            for (;;) {
              const next = await iterator.next();
              if (next.done === true) return;
              yield next.value;
            }
          },
        };
        if (wanted) yield { where: `${file}!${name}`, header, rows: rest };
        else for await (const _ of rest) void _;
      }
      await done;
    })(),
    summary() {
      if (sha256 === undefined) throw new Error("summary() is known only after the workbook has been read");
      return { encoding: "xlsx", sha256 };
    },
  };
}

/** The parts of exceljs's streaming reader that decode a worksheet's and the shared strings' XML. */
interface ReaderInternals {
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
}

/**
 * exceljs 4.4's streaming reader decodes each chunk of a zip entry as UTF-8 on its own, so a
 * Chinese character cut by a chunk boundary becomes U+FFFD (`责令停���停业`). The parser takes
 * strings as they are: hand it text decoded across chunk boundaries (a `StringDecoder` for the
 * worksheets, the stream's own decoder for the shared strings). Tested with workbooks of
 * thousands of Chinese cells, inline and shared.
 */
function utf8SafeReader<T extends object>(reader: T): T {
  const internals = reader as unknown as ReaderInternals;
  const sharedStrings = internals._parseSharedStrings.bind(reader);
  const worksheet = internals._parseWorksheet.bind(reader);
  internals._parseSharedStrings = (entry) => {
    entry.setEncoding("utf8");
    return sharedStrings(entry);
  };
  internals._parseWorksheet = (iterator, sheetNo) => worksheet(decodeUtf8(iterator), sheetNo);
  return reader;
}

async function* decodeUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  for await (const chunk of chunks) {
    const text = typeof chunk === "string" ? chunk : decoder.write(chunk);
    if (text !== "") yield text;
  }
  const tail = decoder.end();
  if (tail !== "") yield tail;
}

async function* sheetRows(sheet: SheetReader, header: SourceCell[]): AsyncGenerator<SourceRow[]> {
  let width = -1;
  let out: SourceRow[] = [];
  for await (const row of sheet) {
    const values = row.values as unknown[];
    const cells: SourceCell[] = [];
    let filled = false;
    for (let c = 1; c < values.length; c++) {
      const cell = cellValue(values[c]);
      cells[c - 1] = cell;
      if (cell !== undefined && !(typeof cell === "string" && cell.trim() === "")) filled = true;
    }
    // A row with nothing in it carries no record (spreadsheets keep formatted empty rows).
    if (!filled) continue;
    if (width < 0) {
      header.push(...cells.map((c) => (c === undefined ? "" : String(c).trim())));
      width = header.length;
      yield [];
      continue;
    }
    const text = cells.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : c === undefined ? "" : String(c))).join(",");
    if (cells.length > width && cells.slice(width).some((c) => c !== undefined && String(c).trim() !== "")) {
      out.push({
        line: row.number,
        cells: [],
        text,
        issue: { code: "malformed_record", value: text, expected: `${width} cells`, message: `has cells beyond the header's ${width} columns` },
      });
    } else out.push({ line: row.number, cells, text });
    if (out.length >= 2048) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}

/** A cell's value: rich text as its text, a formula as its cached result, a hyperlink as its text, an error as its code. */
function cellValue(v: unknown): SourceCell {
  if (v === null || v === undefined) return undefined;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: unknown }[]).map((r) => String(r.text ?? "")).join("");
    if ("formula" in o || "sharedFormula" in o) return cellValue(o.result);
    if ("error" in o) return String(o.error);
    if ("text" in o) return cellValue(o.text);
  }
  return String(v);
}
