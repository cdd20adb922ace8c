/**
 * An RFC 4180 CSV tokenizer over streamed text: quoted fields, doubled quotes, quoted line
 * breaks, CRLF or LF. Lines without a quote take a fast path (`split`). Written here rather
 * than taken from a library because the streaming CSV parsers measured on this machine
 * (papaparse 1.4 s, csv-parse 10 s per million rows) are slower than the ingest target allows;
 * papaparse is its test oracle for well-formed files.
 *
 * Malformed files are where a tokenizer does harm: one stray `"` would otherwise open a quoted
 * field that runs to the next quote — possibly the end of the file — and swallow every line in
 * between as one record. So a quoted field may span lines only while the record it makes is
 * plausible (see {@link tokenizeCsv}); otherwise the line where the quote opened becomes one bad
 * record and reading resumes at the next physical line. Every physical line that is not blank
 * ends up in exactly one record, and memory stays bounded by the chunk size plus
 * {@link CSV_RECORD_LIMITS}, whatever the input.
 * @module
 */
import type { Issue } from "@creditclass/core";
import { encodingIssue } from "./text-source.js";

/**
 * A parsed record: its fields and the 1-based line it starts on. When `issue` is set the record
 * must be quarantined, not stored. For `unbalanced_quote` and `malformed_record` (a line over
 * the length limit) the fields are unknown and `fields` holds the line's text as its only field,
 * so a reader that ignores `issue` still rejects it for its field count; for `invalid_encoding`
 * the fields are as decoded, U+FFFD included.
 */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
  /** Why the record must be quarantined; its `line` is set, the reader adds the file. */
  readonly issue?: Issue;
}

/**
 * How far one record may run: 65,536 characters (its text with quotes and inner line breaks, not
 * counting the line break that ends it) and 100 physical lines. Registers, relations and events have short fields; a quoted
 * field that stays open longer than this is a stray quote, not an address with line breaks.
 *
 * @example
 * CSV_RECORD_LIMITS //=> { chars: 65536, lines: 100 }
 * @category Readers
 */
export const CSV_RECORD_LIMITS: { readonly chars: number; readonly lines: number } = { chars: 65_536, lines: 100 };

/**
 * Options of {@link tokenizeCsv}.
 * @category Readers
 */
export interface CsvTokenizerOptions {
  /** Field delimiter, one character (default `,`). */
  readonly delimiter?: string;
  /** Most characters of one record (default {@link CSV_RECORD_LIMITS}`.chars`). */
  readonly maxRecordChars?: number;
  /** Most physical lines of one record (default {@link CSV_RECORD_LIMITS}`.lines`). */
  readonly maxRecordLines?: number;
}

/**
 * Splits streamed text into CSV records. Text chunks may cut anywhere, even inside a quoted field;
 * the records are the same however the text is cut.
 *
 * The first record is the header; its field count is what every other record should have. A
 * record whose quoted field spans lines is kept only if it has that many fields (empty fields
 * after the last column aside, as spreadsheets write them), each of its quoted fields closes
 * right before a delimiter or a line end, and it stays within the limits; otherwise the line
 * where it started is returned alone with an `unbalanced_quote` issue and reading resumes at the
 * next physical line. A quote left open at the end of the file is always `unbalanced_quote`. A
 * line longer than `maxRecordChars` is one `malformed_record` holding its first `maxRecordChars`
 * characters. A record with U+FFFD in a field (bytes not valid in the file's encoding) carries
 * the `invalid_encoding` issue of `encodingIssue`, naming the field by its header. Control
 * characters are left to the record schemas, which see NDJSON and objects too. A quote inside a one-line record is read as
 * papaparse reads it (`1,"x"y` is `["1", "xy"]`). Blank lines are skipped but counted.
 *
 * @param chunks - Decoded text, in order.
 * @param options - Delimiter and limits.
 * @returns Batches of records, in order.
 * @example
 * for await (const batch of tokenizeCsv(["a,b\n1,\"x,", "y\"\n"])) console.log(batch.map((r) => r.fields));
 * // [["a","b"],["1","x,y"]]
 * const seen = [];
 * for await (const batch of tokenizeCsv(["a,b\n1,\"x\n2,y\n"])) for (const r of batch) seen.push([r.line, r.issue?.code]);
 * seen //=> [[1, undefined], [2, "unbalanced_quote"], [3, undefined]]
 * @category Readers
 */
export async function* tokenizeCsv(chunks: AsyncIterable<string> | Iterable<string>, options: CsvTokenizerOptions = {}): AsyncGenerator<CsvRecord[]> {
  const tokenizer = new Tokenizer(options);
  for await (const chunk of chunks) {
    const out = tokenizer.push(chunk, false);
    if (out.length > 0) yield out;
  }
  const out = tokenizer.push("", true);
  if (out.length > 0) yield out;
}

/** A quoted record read from `start`: complete, waiting for more text, or past a limit. */
type Parsed =
  | {
      readonly kind: "record";
      readonly fields: string[];
      readonly next: number;
      /** Line breaks inside quoted fields. */
      readonly inner: number;
      /** Whether a line break (not the end of the text) ends the record. */
      readonly ended: boolean;
      /** Whether a closing quote is followed by something other than a delimiter or line end. */
      readonly junk: boolean;
      /** Whether a quote is still open at the end of the text. */
      readonly open: boolean;
    }
  | { readonly kind: "more" }
  | { readonly kind: "chars" }
  | { readonly kind: "lines" };

/** Why a quoted record is not kept: a quote open at the end of the file, a closing quote followed by text, the wrong field count, a limit. */
type Implausible = "open" | "junk" | "fields" | "chars" | "lines";

class Tokenizer {
  readonly #delimiter: string;
  readonly #maxChars: number;
  readonly #maxLines: number;
  #carry = "";
  #line = 1;
  #header: string[] | undefined;
  /** The rest of a line longer than the limit is being skipped. */
  #skip: { line: number; kept: string; length: number; cr: boolean } | undefined;

  constructor(options: CsvTokenizerOptions) {
    this.#delimiter = options.delimiter ?? ",";
    this.#maxChars = options.maxRecordChars ?? CSV_RECORD_LIMITS.chars;
    this.#maxLines = options.maxRecordLines ?? CSV_RECORD_LIMITS.lines;
  }

  push(chunk: string, atEnd: boolean): CsvRecord[] {
    const text = this.#carry + chunk;
    const out: CsvRecord[] = [];
    // Whether any record here needs the encoding check: looked for once per chunk.
    const suspect = text.includes("\uFFFD");
    let pos = 0;
    // The next quote at or after pos, found once and reused: searching afresh per line would be quadratic.
    let quote = text.indexOf('"');
    while (pos < text.length || (atEnd && this.#skip !== undefined)) {
      if (!suspect && this.#skip === undefined && this.#header !== undefined) {
        // The hot path, kept to local variables: whole lines without a quote, within the limit.
        const delimiter = this.#delimiter;
        const maxChars = this.#maxChars;
        let line = this.#line;
        for (;;) {
          const nl = text.indexOf("\n", pos);
          if (nl < 0) break;
          if (quote >= 0 && quote < pos) quote = text.indexOf('"', pos);
          if (quote >= 0 && quote < nl) break;
          const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
          if (end - pos > maxChars) break;
          if (end > pos) out.push({ fields: text.slice(pos, end).split(delimiter), line });
          line++;
          pos = nl + 1;
        }
        this.#line = line;
        if (pos >= text.length && !atEnd) break;
      }
      const nl = text.indexOf("\n", pos);
      if (this.#skip !== undefined) {
        const skip = this.#skip;
        const stop = nl < 0 ? text.length : nl;
        skip.length += stop - pos;
        if (stop > pos) skip.cr = text.charCodeAt(stop - 1) === 13;
        if (nl < 0 && !atEnd) {
          pos = text.length;
          break;
        }
        out.push(this.#tooLong(skip.line, skip.kept, skip.length - (skip.cr ? 1 : 0)));
        this.#skip = undefined;
        this.#line++;
        pos = stop + 1;
        continue;
      }
      if (quote >= 0 && quote < pos) quote = text.indexOf('"', pos);
      if (quote < 0 || (nl >= 0 && quote > nl)) {
        if (nl < 0 && !atEnd) {
          // One more character may be the carriage return of the line's end.
          if (text.length - pos > this.#maxChars + 1) pos = this.#startSkip(text, pos);
          break;
        }
        const stop = nl < 0 ? text.length : nl;
        const end = lineEnd(text, pos, stop);
        if (end - pos > this.#maxChars) out.push(this.#tooLong(this.#line, text.slice(pos, pos + this.#maxChars), end - pos));
        else if (end > pos) out.push(this.#record(text.slice(pos, end).split(this.#delimiter), text, pos, end, suspect));
        this.#line++;
        pos = stop + 1;
        continue;
      }
      // Room for a record of maxChars characters and its CRLF.
      const parsed = parseQuoted(text, pos, this.#delimiter, atEnd, pos + this.#maxChars + 2, this.#maxLines);
      if (parsed.kind === "more") break;
      let why: Implausible | undefined;
      if (parsed.kind === "record") {
        const end = lineEnd(text, pos, parsed.ended ? parsed.next - 1 : parsed.next);
        why = end - pos > this.#maxChars ? "chars" : this.#implausible(parsed);
        if (why === undefined) {
          out.push(this.#record(parsed.fields, text, pos, end, suspect));
          this.#line += parsed.inner + (parsed.ended ? 1 : 0);
          pos = parsed.next;
          continue;
        }
      } else why = parsed.kind;
      // Not a plausible record: the line where it started is one bad record, and reading resumes after it.
      if (nl < 0 && !atEnd) {
        // Only a line longer than the limit ends here without a line break.
        pos = this.#startSkip(text, pos);
        break;
      }
      const stop = nl < 0 ? text.length : nl;
      const end = lineEnd(text, pos, stop);
      if (end - pos > this.#maxChars) out.push(this.#tooLong(this.#line, text.slice(pos, pos + this.#maxChars), end - pos));
      else out.push(this.#unbalanced(text.slice(pos, end), why, parsed));
      this.#line++;
      pos = stop + 1;
    }
    this.#carry = pos >= text.length ? "" : text.slice(pos);
    return out;
  }

  /** Why a complete quoted record is not plausible, if it is not. */
  #implausible(parsed: Parsed & { kind: "record" }): Implausible | undefined {
    if (parsed.open) return "open";
    if (parsed.inner === 0) return undefined;
    if (parsed.junk) return "junk";
    if (this.#header !== undefined && !fits(parsed.fields, this.#header.length)) return "fields";
    return undefined;
  }

  #startSkip(text: string, pos: number): number {
    const cr = text.charCodeAt(text.length - 1) === 13;
    this.#skip = { line: this.#line, kept: text.slice(pos, pos + this.#maxChars), length: text.length - pos, cr };
    return text.length;
  }

  #record(fields: string[], text: string, start: number, end: number, suspect: boolean): CsvRecord {
    const line = this.#line;
    if (this.#header === undefined) {
      this.#header = fields;
      return { fields, line };
    }
    if (suspect && text.slice(start, end).includes("\uFFFD")) {
      for (const [i, value] of fields.entries()) {
        const issue = encodingIssue(columnName(this.#header, i), value);
        if (issue !== undefined) return { fields, line, issue: { ...issue, line } };
      }
    }
    return { fields, line };
  }

  #bad(text: string, issue: Omit<Issue, "line">): CsvRecord {
    const line = this.#line;
    if (this.#header === undefined) this.#header = [text];
    return { fields: [text], line, issue: { ...issue, line } };
  }

  #tooLong(line: number, kept: string, length: number): CsvRecord {
    return this.#bad(kept, {
      code: "malformed_record",
      value: kept,
      expected: `at most ${this.#maxChars} characters`,
      message: `line ${line} is ${length} characters long, more than the ${this.#maxChars} a record may have`,
    });
  }

  #unbalanced(text: string, why: Implausible, parsed: Parsed): CsvRecord {
    const line = this.#line;
    const fields = parsed.kind === "record" ? parsed.fields.length : 0;
    const lines = parsed.kind === "record" ? parsed.inner + 1 : 0;
    const detail = {
      open: "is never closed",
      junk: `would run over ${lines} lines to a quote that is not followed by a delimiter or a line end`,
      fields: `would run over ${lines} lines and make ${fields} fields, the header has ${this.#header?.length ?? 0}`,
      chars: `runs past ${this.#maxChars} characters`,
      lines: `is still open after ${this.#maxLines} lines`,
    }[why];
    return this.#bad(text, {
      code: "unbalanced_quote",
      value: text,
      expected: "a quoted field closed before the record ends",
      message: `unbalanced quote: the quoted field opened on line ${line} ${detail}; the line is read alone and the next line starts a new record`,
    });
  }
}

/** Whether a record has `n` fields, or more whose extras are all empty (a trailing delimiter). */
function fits(fields: readonly string[], n: number): boolean {
  if (fields.length < n) return false;
  for (let i = n; i < fields.length; i++) if (fields[i] !== "") return false;
  return true;
}

/** The end of a line's text: before its carriage return, if any. */
function lineEnd(text: string, start: number, stop: number): number {
  return stop > start && text.charCodeAt(stop - 1) === 13 ? stop - 1 : stop;
}

function columnName(header: readonly string[], i: number): string {
  const name = header[i]?.trim() ?? "";
  return name === "" ? `column ${i + 1}` : name;
}

/**
 * Parses one record that contains quotes, starting at `start`. `limit` is the index the record
 * must end by (`chars` past it); its quoted fields may hold at most `maxLines - 1` line breaks.
 * Without `atEnd`, a record that reaches the end of `text` needs more text.
 */
function parseQuoted(text: string, start: number, delimiter: string, atEnd: boolean, limit: number, maxLines: number): Parsed {
  const fields: string[] = [];
  const d = delimiter.charCodeAt(0);
  let i = start;
  let inner = 0;
  let junk = false;
  for (;;) {
    let value = "";
    if (text.charCodeAt(i) === 34) {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        const stop = q < 0 ? text.length : q;
        // Whichever limit the text reaches first decides, so the answer does not depend on where chunks end.
        inner += countNewlines(text, i, Math.min(stop, limit), maxLines - inner);
        if (inner >= maxLines) return { kind: "lines" };
        if (stop >= limit) return { kind: "chars" };
        if (q < 0) {
          if (!atEnd) return { kind: "more" };
          fields.push(value + text.slice(i));
          return { kind: "record", fields, next: text.length, inner, ended: false, junk, open: true };
        }
        value += text.slice(i, q);
        if (q + 1 >= text.length && !atEnd) return { kind: "more" };
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      // Characters between the closing quote and the delimiter are kept, as papaparse does.
      const j = fieldEnd(text, i, d);
      if (j >= limit) return { kind: "chars" };
      // A carriage return right before the line feed (or the end of the file) ends the line, it is not text after the quote.
      junk ||= (text.charCodeAt(j) === d ? j : lineEnd(text, i, j)) > i;
      value += text.slice(i, j);
      i = j;
    } else {
      const j = fieldEnd(text, i, d);
      if (j >= limit) return { kind: "chars" };
      value = text.slice(i, j);
      i = j;
    }
    if (i >= text.length) {
      if (!atEnd) return { kind: "more" };
      fields.push(value.endsWith("\r") ? value.slice(0, -1) : value);
      return { kind: "record", fields, next: i, inner, ended: false, junk, open: false };
    }
    if (text.charCodeAt(i) === d) {
      fields.push(value);
      i++;
      continue;
    }
    // A line break; a carriage return before it belongs to it.
    fields.push(value.endsWith("\r") ? value.slice(0, -1) : value);
    return { kind: "record", fields, next: i + 1, inner, ended: true, junk, open: false };
  }
}

/** Where the field at `i` ends: the next delimiter or line feed, or the end of the text. */
function fieldEnd(text: string, i: number, d: number): number {
  let j = i;
  while (j < text.length && text.charCodeAt(j) !== d && text.charCodeAt(j) !== 10) j++;
  return j;
}

/** Line feeds in `text[from, to)`, counting no further than `most`. */
function countNewlines(text: string, from: number, to: number, most: number): number {
  let n = 0;
  for (let k = text.indexOf("\n", from); k >= 0 && k < to && n < most; k = text.indexOf("\n", k + 1)) n++;
  return n;
}
