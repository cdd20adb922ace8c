/**
 * Validated ingestion: files (CSV, NDJSON) or plain objects → validation → quarantine or
 * staging → deduplicated tables. Every record read is accounted for:
 * read = accepted + quarantined + duplicates.
 * @module
 */
import { createHash } from "node:crypto";
import { once } from "node:events";
import { closeSync, createReadStream, createWriteStream, mkdtempSync, openSync, readdirSync, readSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, extname, join } from "node:path";
import { TextDecoder } from "node:util";
import { ValidationError } from "@creditclass/core";
import type { CreditDatabase } from "@creditclass/store";
import { columnsCachePath, inTransaction, markIngestFinished, markIngestStarted, removeColumnsCache } from "@creditclass/store";
import { bulkLoadCsv } from "./bulk-csv.js";
import { tokenizeCsv } from "./csv-tokenizer.js";
import type { MappedFileRead } from "./mapping/apply-mapping.js";
import { readMappedFile } from "./mapping/apply-mapping.js";
import { bulkMappedCsv } from "./mapping/bulk-mapped-csv.js";
import type { SourceMapping } from "./mapping/mapping-document.js";
import { mappingHash } from "./mapping/mapping-document.js";
import { planMappedFiles } from "./mapping/plan-files.js";
import { QuarantineSink } from "./quarantine-sink.js";
import { RecordWriter } from "./record-store.js";
import { validateRecord } from "./record-validation.js";
import type { RecordKind } from "./schemas.js";
import { REQUIRED_COLUMNS } from "./schemas.js";
import type { TextEncodingName, TextSource } from "./text-source.js";
import { detectEncoding, encodingIssue, readTextFile } from "./text-source.js";

/**
 * What happened to one file or batch of objects.
 * @category Ingestion
 */
export interface FileSummary {
  readonly file: string;
  readonly kind: RecordKind;
  readonly encoding: string;
  /** SHA-256 of the file's bytes (of the canonical JSON for objects). */
  readonly sha256: string;
  readonly read: number;
  readonly accepted: number;
  readonly quarantined: number;
  readonly duplicates: number;
  /** Files read through a mapping: the rows read (a row may yield several records, e.g. a list entry and its removal). */
  readonly rows?: number;
  /** Files read through a mapping: the id of the mapping's source the file matched. */
  readonly source?: string;
}

/**
 * What happened in one ingest run.
 * @category Ingestion
 */
export interface IngestSummary {
  readonly runId: number;
  readonly files: readonly FileSummary[];
  readonly totals: { readonly read: number; readonly accepted: number; readonly quarantined: number; readonly duplicates: number };
  /** Stored events whose enterprise is not in the register (kept aside in the `orphan_events` view). */
  readonly orphanEvents: number;
  /** SHA-256 over the files' hashes in order (and the mapping's, when one was applied): the input fingerprint of this run. */
  readonly fingerprint: string;
  /** The source mapping applied ({@link ingestMapped}): its name and SHA-256, and the folder's files it did not read. */
  readonly mapping?: { readonly name: string; readonly sha256: string; readonly unmatched: readonly string[] };
}

/**
 * Options of {@link ingestFile} and {@link ingestDirectory}.
 * @category Ingestion
 */
export interface IngestOptions {
  /** File encoding (default `auto`: UTF-8 or GB18030). */
  readonly encoding?: TextEncodingName;
  /** Run id to record; default the next free one. */
  readonly runId?: number;
  /** Use DuckDB's CSV reader for UTF-8 CSV files (default `true`); `false` forces record-by-record reading. */
  readonly bulk?: boolean;
  /** Called as bytes are read: `(file, bytesRead, totalBytes)`. */
  readonly onProgress?: (file: string, bytesRead: number, totalBytes: number) => void;
}

/**
 * Ingests one CSV or NDJSON file of a record kind, all or nothing: the header is checked before
 * anything is stored, and the file is stored in one transaction (a failure rolls it back; a
 * killed process leaves the marker that `openDatabase` reports, and nothing else).
 *
 * @param db - The database.
 * @param path - `.csv`, `.ndjson` or `.jsonl` file.
 * @param kind - What the file holds.
 * @param options - Encoding, run id, progress.
 * @returns The file's counts.
 * @throws {ValidationError} `missing_column` naming each required column the header lacks, `duplicate_column`, an empty file; `invalid_value` for an unknown file type.
 * @example
 * const s = await ingestFile(db, "data/events.csv", "events");
 * s.read === s.accepted + s.quarantined + s.duplicates //=> true
 * @category Ingestion
 */
export async function ingestFile(db: CreditDatabase, path: string, kind: RecordKind, options: IngestOptions = {}): Promise<FileSummary> {
  await preflight([[path, kind]], options.encoding ?? "auto");
  return atomically(db, path, (noBulk) => ingestOne(db, path, kind, options, noBulk));
}

/** One file into the open transaction. */
async function ingestOne(db: CreditDatabase, path: string, kind: RecordKind, options: IngestOptions, noBulk: ReadonlySet<string>): Promise<FileSummary> {
  const format = formatOf(path);
  const runId = options.runId ?? (await nextRunId(db));
  const file = basename(path);
  const total = statSync(path).size;
  const writer = await RecordWriter.open(db, kind, runId);
  const quarantine = await QuarantineSink.open(db, runId, kind, file);
  let result: Omit<FileSummary, "file" | "kind" | "quarantined">;
  options.onProgress?.(file, 0, total);
  let utf8: Awaited<ReturnType<typeof utf8Copy>>;
  try {
    // Inside the try: if transcoding fails, the quarantine appender is still closed.
    utf8 = format === "csv" && options.bulk !== false && !noBulk.has(path) ? await utf8Copy(path, options.encoding ?? "auto") : undefined;
    const header = utf8 === undefined ? undefined : csvHeader(utf8.path);
    if (header !== undefined) checkHeader(header, kind, file);
    const bulk =
      utf8 === undefined || header === undefined
        ? undefined
        : await bulkOrRefused(db, path, () => bulkLoadCsv(db, utf8?.path ?? path, kind, header, writer, quarantine, file));
    if (utf8 !== undefined && bulk?.done === true) {
      const { read, accepted, duplicates, sha256 } = bulk;
      result = { encoding: utf8.encoding, sha256: utf8.sha256 ?? sha256, read, accepted, duplicates };
    } else {
      const source = readTextFile(path, options.encoding ?? "auto");
      const read = await readRecords(source, format, kind, file, writer, quarantine, (bytes) => options.onProgress?.(file, bytes, total));
      const { accepted, duplicates } = await writer.merge();
      const { encoding, sha256 } = source.summary();
      result = { encoding, sha256, read, accepted, duplicates };
    }
  } catch (error) {
    // The appender cannot be closed in an aborted transaction; the rollback discards it anyway.
    if (error instanceof BulkRefused) quarantine.abandon();
    throw error;
  } finally {
    quarantine.close();
    if (utf8?.temporary === true) rmSync(utf8.path, { force: true });
  }
  const summary: FileSummary = { file, kind, quarantined: quarantine.records + writer.quarantined, ...result };
  await recordFile(db, runId, summary);
  options.onProgress?.(file, total, total);
  return summary;
}

/** The record-by-record path: tokenise or split lines, validate each record with zod. Returns the count read. */
async function readRecords(
  source: TextSource,
  format: "csv" | "ndjson",
  kind: RecordKind,
  file: string,
  writer: RecordWriter<RecordKind>,
  quarantine: QuarantineSink,
  progress: (bytes: number) => void,
): Promise<number> {
  let read = 0;
  let reported = 0;
  const accept = (raw: Record<string, unknown>, line: number, text: string): void => {
    read++;
    const result = validateRecord(kind, raw);
    if (result.ok) writer.add(result.record, file, line);
    else quarantine.add(line, result.issues, text);
  };
  const reject = (line: number, text: string, expected: string, message: string): void => {
    read++;
    quarantine.add(line, [{ code: "malformed_record", value: text, expected, message }], text);
  };
  const report = (): void => {
    if (source.bytesRead() - reported >= 1 << 20) {
      reported = source.bytesRead();
      progress(reported);
    }
  };
  if (format === "ndjson") {
    for await (const batch of splitLines(source.chunks)) {
      for (const { text, line } of batch) {
        if (text.trim() === "") continue;
        const raw = parseJsonObject(text);
        if (raw === undefined) reject(line, text, "one JSON object per line", "is not a JSON object");
        else {
          // Bytes not valid in the file's encoding reach here as U+FFFD: quarantined, naming the field.
          const bad = text.includes("\uFFFD")
            ? Object.entries(raw)
                .map(([k, v]) => (typeof v === "string" ? encodingIssue(k, v) : undefined))
                .find((i) => i !== undefined)
            : undefined;
          if (bad === undefined) accept(raw, line, text);
          else {
            read++;
            quarantine.add(line, [bad], text);
          }
        }
      }
      report();
    }
    return read;
  }
  let header: string[] | undefined;
  for await (const batch of tokenizeCsv(source.chunks)) {
    for (const record of batch) {
      if (header === undefined) {
        header = record.fields.map((f) => f.trim());
        checkHeader(header, kind, file);
        continue;
      }
      // The tokenizer's own findings: an unbalanced quote, an over-long record, bytes not in the file's encoding.
      if (record.issue !== undefined) {
        read++;
        quarantine.add(record.line, [record.issue], record.fields.join(","));
        continue;
      }
      // Empty fields after the last column (a trailing delimiter, common in spreadsheet exports) carry nothing: ignore them.
      while (record.fields.length > header.length && record.fields[record.fields.length - 1] === "") record.fields.pop();
      const text = record.fields.join(",");
      if (record.fields.length !== header.length)
        reject(record.line, text, `${header.length} fields`, `has ${record.fields.length} fields, the header has ${header.length}`);
      else {
        const raw: Record<string, unknown> = {};
        for (let i = 0; i < header.length; i++) {
          const v = (record.fields[i] ?? "").trim();
          if (v !== "") raw[header[i] ?? ""] = v;
        }
        accept(raw, record.line, text);
      }
    }
    report();
  }
  if (header === undefined) {
    throw new ValidationError([
      { code: "missing_column", file, line: 1, message: "the file is empty: no header", expected: REQUIRED_COLUMNS[kind].join(", ") },
    ]);
  }
  return read;
}

/**
 * Ingests plain objects (from a program, a DataFrame, a test), in one transaction. Each object is
 * a "line": its 1-based position in the array.
 *
 * @param db - The database.
 * @param kind - What the objects are.
 * @param objects - Raw records.
 * @param options - `source` names them in quarantine and summaries (default `objects`); `runId`.
 * @returns The counts.
 * @example
 * await ingestObjects(db, "enterprises", [{ uscc: "91330100716105852F", … }], { source: "api" });
 * @category Ingestion
 */
export async function ingestObjects(
  db: CreditDatabase,
  kind: RecordKind,
  objects: readonly Readonly<Record<string, unknown>>[],
  options: { readonly source?: string; readonly runId?: number } = {},
): Promise<FileSummary> {
  return atomically(db, options.source ?? "objects", () => ingestObjectsInRun(db, kind, objects, options));
}

async function ingestObjectsInRun(
  db: CreditDatabase,
  kind: RecordKind,
  objects: readonly Readonly<Record<string, unknown>>[],
  options: { readonly source?: string; readonly runId?: number },
): Promise<FileSummary> {
  const runId = options.runId ?? (await nextRunId(db));
  const file = options.source ?? "objects";
  const writer = await RecordWriter.open(db, kind, runId);
  const quarantine = await QuarantineSink.open(db, runId, kind, file);
  const hash = createHash("sha256");
  try {
    objects.forEach((object, i) => {
      const raw: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(object)) if (v !== null && v !== undefined && v !== "") raw[k] = typeof v === "string" ? v.trim() : v;
      const text = JSON.stringify(object);
      hash.update(`${text}\n`);
      const result = validateRecord(kind, raw);
      if (result.ok) writer.add(result.record, file, i + 1);
      else quarantine.add(i + 1, result.issues, text);
    });
  } finally {
    quarantine.close();
  }
  const { accepted, duplicates } = await writer.merge();
  const summary: FileSummary = {
    file,
    kind,
    encoding: "objects",
    sha256: hash.digest("hex"),
    read: objects.length,
    accepted,
    quarantined: quarantine.records + writer.quarantined,
    duplicates,
  };
  await recordFile(db, runId, summary);
  return summary;
}

/**
 * Ingests a folder: `enterprises*.csv|ndjson`, then `relations*`, then `events*`, in name order —
 * all or nothing: every file's header is checked before anything is stored, and the run is one
 * transaction, so a failed run leaves the database exactly as it was and a killed one stores
 * nothing (its marker makes `openDatabase` refuse the database until an ingest runs again).
 *
 * @param dir - The folder.
 * @param db - The database.
 * @param options - Encoding and progress.
 * @returns Counts per file, totals, orphan events and the input fingerprint.
 * @throws {ValidationError} `missing_field` if the folder holds no such file; header errors from {@link ingestFile}.
 * @example
 * const summary = await ingestDirectory("province/", db);
 * console.log(summary.totals);
 * @category Ingestion
 */
export async function ingestDirectory(dir: string, db: CreditDatabase, options: IngestOptions = {}): Promise<IngestSummary> {
  const names = readdirSync(dir).sort();
  const plan: [string, RecordKind][] = [];
  for (const kind of ["enterprises", "relations", "events"] as const) {
    for (const name of names) if (name.startsWith(kind) && /\.(csv|ndjson|jsonl)$/.test(name)) plan.push([join(dir, name), kind]);
  }
  if (plan.length === 0) {
    throw new ValidationError([
      {
        code: "missing_field",
        file: dir,
        expected: "enterprises.csv, relations.csv, events.csv (or .ndjson)",
        message: `no enterprises, relations or events file in ${dir}`,
      },
    ]);
  }
  await preflight(plan, options.encoding ?? "auto");
  return atomically(db, dir, async (noBulk) => {
    const runId = options.runId ?? (await nextRunId(db));
    const files: FileSummary[] = [];
    for (const [path, kind] of plan) files.push(await ingestOne(db, path, kind, { ...options, runId }, noBulk));
    return summarise(db, runId, files);
  });
}

/**
 * Options of {@link ingestMapped}.
 * @category Ingestion
 */
export interface IngestMappedOptions {
  /** Encoding of CSV and NDJSON files (default `auto`: UTF-8 or GB18030). */
  readonly encoding?: TextEncodingName;
  /** Run id to record; default the next free one. */
  readonly runId?: number;
  /** Called as rows are read on the record-by-record path: `(file, rowsRead)`. */
  readonly onRows?: (file: string, rows: number) => void;
  /** Use DuckDB's CSV reader for CSV tables of one record per row (default `true`); `false` reads every file record by record. */
  readonly bulk?: boolean;
}

/**
 * Ingests a bureau's own exports through a source mapping: each file of the folder goes to the
 * first mapping source whose pattern matches it (CSV in UTF-8 or GB18030, NDJSON, `.xlsx`), its
 * rows become records, and those take the same validation, quarantine, deduplication and storage
 * as creditclass's own files — all or nothing, in one transaction. The mapping's SHA-256 is
 * recorded with the run (a row of `ingest_files` with `record_kind` `mapping`) and enters the
 * run's fingerprint. Files no source matches are listed in the summary, not read.
 *
 * @param dir - The folder of exports.
 * @param db - The database.
 * @param mapping - A validated mapping ({@link parseMapping}).
 * @param options - Encoding, run id, progress.
 * @returns Counts per file (`read` = records, `rows` = rows), totals, the mapping's hash and the unmatched files.
 * @throws {ValidationError} Before anything is stored: every CSV header lacking a column a source needs, a missing extraction date, no matching file. A worksheet's header is checked when it is read (the run is then rolled back).
 * @example
 * const summary = await ingestMapped("exports/", db, parseMapping(JSON.parse(readFileSync("mapping.json", "utf8"))));
 * summary.files.every((f) => f.read === f.accepted + f.quarantined + f.duplicates) //=> true
 * @category Ingestion
 */
export async function ingestMapped(dir: string, db: CreditDatabase, mapping: SourceMapping, options: IngestMappedOptions = {}): Promise<IngestSummary> {
  const plan = await planMappedFiles(dir, mapping, options.encoding ?? "auto");
  const sha256 = mappingHash(mapping);
  return atomically(db, dir, async (noBulk) => {
    const runId = options.runId ?? (await nextRunId(db));
    const files: FileSummary[] = [];
    // One writer per kind: its files are merged at once (deduplicated together, checked against what is stored once).
    for (const kind of ["enterprises", "relations", "events"] as const) {
      const planned = plan.files.filter((f) => f.source.kind === kind);
      if (planned.length === 0) continue;
      const writer = await RecordWriter.open(db, kind, runId);
      const reads: { read: MappedFileRead; source: string }[] = [];
      const stages: { table: string; file: string }[] = [];
      for (const f of planned) {
        let read: MappedFileRead | undefined;
        // CSV tables take DuckDB's reader; workbooks, NDJSON, and files it refuses go record by record.
        if (options.bulk !== false && !noBulk.has(f.path) && /\.csv$/i.test(f.path)) {
          const utf8 = await utf8Copy(f.path, f.source.encoding ?? options.encoding ?? "auto");
          try {
            if (utf8 !== undefined) {
              const stage = `bulk_mapped_${kind}_${stages.length}`;
              const bulk = await bulkOrRefused(db, f.path, () =>
                bulkMappedCsv(db, runId, mapping, f.source, utf8.path, f.name, writer, stage, {
                  encoding: utf8.encoding,
                  ...(utf8.sha256 === undefined ? {} : { sha256: utf8.sha256 }),
                  ...(f.extracted === undefined ? {} : { extracted: f.extracted }),
                }),
              );
              if (bulk.done) {
                read = bulk.read;
                for (const table of bulk.stages) stages.push({ table, file: f.name });
              }
            }
          } finally {
            if (utf8?.temporary === true) rmSync(utf8.path, { force: true });
          }
        }
        read ??= await readMappedFile(db, runId, mapping, f.source, f.path, writer, {
          ...((f.source.encoding ?? options.encoding) === undefined ? {} : { encoding: f.source.encoding ?? options.encoding ?? "auto" }),
          ...(f.extracted === undefined ? {} : { extracted: f.extracted }),
          ...(options.onRows === undefined ? {} : { onRows: options.onRows }),
        });
        reads.push({ read, source: f.source.id });
      }
      const merged = await writer.merge(stages);
      for (const s of stages) await db.run(`DROP TABLE IF EXISTS ${s.table}`);
      for (const { read, source } of reads) {
        let accepted = 0;
        let duplicates = 0;
        let quarantined = read.quarantined;
        for (const where of read.wheres) {
          accepted += merged.byFile.get(where)?.accepted ?? 0;
          duplicates += merged.byFile.get(where)?.duplicates ?? 0;
          quarantined += writer.quarantinedByFile.get(where) ?? 0;
        }
        const summary: FileSummary = {
          file: read.file,
          kind,
          encoding: read.encoding,
          sha256: read.sha256,
          read: read.read,
          accepted,
          quarantined,
          duplicates,
          rows: read.rows,
          source,
        };
        files.push(summary);
        await recordFile(db, runId, summary);
      }
    }
    // The mapping is part of the input: recorded with the run, beside the files it read.
    await db.run("INSERT INTO ingest_files VALUES (?, 'mapping', ?, ?, ?, 0, 0, 0, 0, ?)", [
      runId,
      mapping.name.en,
      "creditclass.source-mapping v1",
      sha256,
      new Date().toISOString().slice(0, 10),
    ]);
    const summary = await summarise(db, runId, files, sha256);
    return { ...summary, mapping: { name: mapping.name.en, sha256, unmatched: plan.unmatched } };
  });
}

async function summarise(db: CreditDatabase, runId: number, files: readonly FileSummary[], mappingSha256?: string): Promise<IngestSummary> {
  const totals = { read: 0, accepted: 0, quarantined: 0, duplicates: 0 };
  for (const f of files) {
    totals.read += f.read;
    totals.accepted += f.accepted;
    totals.quarantined += f.quarantined;
    totals.duplicates += f.duplicates;
  }
  const [orphans] = await db.all("SELECT count(*) AS n FROM orphan_events");
  const lines = files.map((f) => `${f.kind}:${f.file}:${f.sha256}`);
  if (mappingSha256 !== undefined) lines.push(`mapping:${mappingSha256}`);
  const fingerprint = createHash("sha256").update(lines.join("\n")).digest("hex");
  return { runId, files, totals, orphanEvents: Number(orphans?.n ?? 0), fingerprint };
}

/** DuckDB's CSV reader failed on a file inside a run's transaction, which a failed statement aborts. */
class BulkRefused extends Error {
  constructor(readonly path: string) {
    super(`DuckDB's CSV reader refused ${path}`);
  }
}

/**
 * DuckDB's bulk CSV path, or {@link BulkRefused} when the reader failed and so aborted the run's
 * transaction (a failed statement does), to retry the run with the file read record by record.
 */
async function bulkOrRefused<T extends { done: boolean }>(db: CreditDatabase, path: string, load: () => Promise<T>): Promise<T> {
  let result: T | undefined;
  let failure: unknown;
  try {
    result = await load();
  } catch (error) {
    failure = error;
  }
  if (result?.done === true) return result;
  try {
    await db.all("SELECT 1");
  } catch {
    throw new BulkRefused(path);
  }
  if (failure !== undefined) throw failure;
  return result as T;
}

/**
 * Runs an ingest in one transaction, with the marker of an ingest in progress beside the
 * database; a run whose transaction a refused bulk read aborted is rolled back and run again
 * with that file read record by record (at most once per file).
 */
async function atomically<T>(db: CreditDatabase, what: string, work: (noBulk: ReadonlySet<string>) => Promise<T>): Promise<T> {
  const [files] = await db.all("SELECT count(*) AS n FROM ingest_files");
  markIngestStarted(db.path, what, Number(files?.n ?? 0));
  // Files DuckDB's CSV reader refused in this run: read record by record on the retry.
  const noBulk = new Set<string>();
  try {
    for (;;) {
      try {
        const result = await inTransaction(db, () => work(noBulk));
        // The columnar cache of the old content is stale now (its key would say so too): free its disk.
        if (db.path !== ":memory:") removeColumnsCache(columnsCachePath(db.path));
        return result;
      } catch (error) {
        if (!(error instanceof BulkRefused) || noBulk.has(error.path)) throw error;
        noBulk.add(error.path);
      }
    }
  } finally {
    markIngestFinished(db.path);
  }
}

/** Every CSV file's header, read and checked before anything is stored. */
async function preflight(plan: readonly (readonly [string, RecordKind])[], encoding: TextEncodingName): Promise<void> {
  for (const [path, kind] of plan) {
    if (formatOf(path) !== "csv") continue;
    const file = basename(path);
    let header: string[] | undefined;
    for await (const batch of tokenizeCsv(readTextFile(path, encoding).chunks)) {
      header = batch[0]?.fields.map((f) => f.trim());
      if (header !== undefined) break;
    }
    if (header === undefined) {
      throw new ValidationError([
        { code: "missing_column", file, line: 1, message: "the file is empty: no header", expected: REQUIRED_COLUMNS[kind].join(", ") },
      ]);
    }
    checkHeader(header, kind, file);
  }
}

function checkHeader(header: readonly string[], kind: RecordKind, file: string): void {
  const repeated = header.filter((h, i) => h !== "" && header.indexOf(h) !== i);
  if (repeated.length > 0) {
    throw new ValidationError(
      [...new Set(repeated)].map((field) => ({
        code: "duplicate_column" as const,
        file,
        line: 1,
        field,
        expected: "each column once",
        message: `the header names the column ${field} more than once`,
      })),
    );
  }
  const missing = REQUIRED_COLUMNS[kind].filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new ValidationError(
      missing.map((field) => ({
        code: "missing_column" as const,
        file,
        line: 1,
        field,
        expected: REQUIRED_COLUMNS[kind].join(", "),
        message: `the header lacks the required column ${field}`,
      })),
    );
  }
}

/**
 * The file itself when it is UTF-8, else a UTF-8 copy in the temp folder (made while hashing the
 * original), so that GB18030 exports take the bulk path too. `undefined` when the original has
 * bytes that are not valid GB18030: those records must be quarantined record by record.
 */
async function utf8Copy(
  path: string,
  requested: TextEncodingName,
): Promise<{ path: string; encoding: "utf-8" | "gb18030"; sha256?: string; temporary?: true } | undefined> {
  const fd = openSync(path, "r");
  const probe = Buffer.alloc(64 * 1024);
  const n = readSync(fd, probe, 0, probe.length, 0);
  closeSync(fd);
  if (detectEncoding(probe.subarray(0, n), requested) === "utf-8") return { path, encoding: "utf-8" };
  const copy = join(mkdtempSync(join(tmpdir(), "creditclass-")), basename(path));
  const hash = createHash("sha256");
  const decoder = new TextDecoder("gb18030");
  const out = createWriteStream(copy);
  let clean = true;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    const text = decoder.decode(chunk, { stream: true });
    clean &&= !text.includes("\uFFFD");
    if (!out.write(text)) await once(out, "drain");
  }
  out.end(decoder.decode());
  await once(out, "finish");
  if (!clean) {
    rmSync(copy, { force: true });
    return undefined;
  }
  return { path: copy, encoding: "gb18030", sha256: hash.digest("hex"), temporary: true };
}

/** The header of a UTF-8 CSV file from its first line; `undefined` if the first 64 KiB hold no full line. */
function csvHeader(path: string): string[] | undefined {
  const fd = openSync(path, "r");
  try {
    const probe = Buffer.alloc(64 * 1024);
    const head = probe.subarray(0, readSync(fd, probe, 0, probe.length, 0));
    const end = head.indexOf(0x0a);
    if (end < 0) return undefined;
    const start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    return head
      .toString("utf8", start, end)
      .replace(/\r$/, "")
      .split(",")
      .map((f) => f.trim());
  } finally {
    closeSync(fd);
  }
}

function formatOf(path: string): "csv" | "ndjson" {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".ndjson" || ext === ".jsonl") return "ndjson";
  throw new ValidationError([
    { code: "invalid_value", file: path, value: ext, expected: ".csv, .ndjson or .jsonl", message: `cannot read ${ext || "a file without extension"} files` },
  ]);
}

async function* splitLines(chunks: AsyncIterable<string>): AsyncGenerator<{ text: string; line: number }[]> {
  let carry = "";
  let line = 1;
  for await (const chunk of chunks) {
    const parts = (carry + chunk).split("\n");
    carry = parts.pop() ?? "";
    yield parts.map((text) => ({ text: text.endsWith("\r") ? text.slice(0, -1) : text, line: line++ }));
  }
  if (carry.trim() !== "") yield [{ text: carry, line }];
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    const raw: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== "") raw[k] = typeof v === "string" ? v.trim() : v;
    return raw;
  } catch {
    return undefined;
  }
}

async function nextRunId(db: CreditDatabase): Promise<number> {
  const [row] = await db.all("SELECT coalesce(max(run_id), 0) + 1 AS id FROM ingest_files");
  return Number(row?.id ?? 1);
}

async function recordFile(db: CreditDatabase, runId: number, s: FileSummary): Promise<void> {
  await db.run("INSERT INTO ingest_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
    runId,
    s.kind,
    s.file,
    s.encoding,
    s.sha256,
    s.read,
    s.accepted,
    s.quarantined,
    s.duplicates,
    new Date().toISOString().slice(0, 10),
  ]);
}
