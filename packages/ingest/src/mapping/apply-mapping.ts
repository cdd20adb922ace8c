/**
 * One source file through a mapping into the open ingest run: each row mapped to raw records,
 * then the same validation, quarantine, deduplication and storage as creditclass's own files
 * (`validateRecord`, `RecordWriter`, `QuarantineSink`). Every row ends somewhere: each record it
 * yields is accepted, quarantined (with the source file, line or sheet/row, source column, value
 * and reason) or a duplicate; a row that cannot be read, or yields no record, is quarantined.
 * @module
 */
import { basename } from "node:path";
import type { Issue } from "@creditclass/core";
import { ValidationError } from "@creditclass/core";
import type { CreditDatabase } from "@creditclass/store";
import { QuarantineSink } from "../quarantine-sink.js";
import type { RecordWriter } from "../record-store.js";
import { validateRecord } from "../record-validation.js";
import type { TextEncodingName } from "../text-source.js";
import type { CompiledSource } from "./compile-source.js";
import { compileSource, headerIssues } from "./compile-source.js";
import type { MappingSource, SourceMapping } from "./mapping-document.js";
import { readSourceFile } from "./read-source-rows.js";

/**
 * Options of {@link readMappedFile}.
 */
export interface ReadMappedOptions {
  readonly encoding?: TextEncodingName;
  /** The file's extraction date, when its source has one. */
  readonly extracted?: string;
  /** Called as rows are read: `(file, rowsRead)`. */
  readonly onRows?: (file: string, rows: number) => void;
}

/**
 * What was read from one file; the writer's merge adds what was accepted and what was a duplicate.
 */
export interface MappedFileRead {
  readonly file: string;
  readonly encoding: string;
  readonly sha256: string;
  /** Records the rows yielded (and rows quarantined whole). */
  readonly read: number;
  readonly rows: number;
  /** Records quarantined while reading and mapping. */
  readonly quarantined: number;
  /** The names its records carry: the file, or `file.xlsx!sheet` per worksheet. */
  readonly wheres: readonly string[];
}

/**
 * Reads one source file through its mapping source into a writer of the run (merged by the
 * caller with the kind's other files), record by record.
 *
 * @param db - The database, inside the run's transaction.
 * @param runId - The run.
 * @param mapping - The mapping.
 * @param source - The source the file matched.
 * @param path - The file.
 * @param writer - The run's writer of the source's kind.
 * @param options - Encoding, extraction date, progress.
 * @returns What was read.
 * @throws {ValidationError} `missing_column` when a worksheet's header lacks a required column; an empty file.
 * @example
 * const r = await readMappedFile(db, 3, mapping, mapping.sources[1], "data/严重违法失信名单.xlsx", writer, {});
 */
export async function readMappedFile(
  db: CreditDatabase,
  runId: number,
  mapping: SourceMapping,
  source: MappingSource,
  path: string,
  writer: RecordWriter<MappingSource["kind"]>,
  options: ReadMappedOptions,
): Promise<MappedFileRead> {
  const file = basename(path);
  const kind = source.kind;
  const sinks = new Map<string, QuarantineSink>();
  const sink = async (where: string): Promise<QuarantineSink> => {
    let s = sinks.get(where);
    if (s === undefined) {
      s = await QuarantineSink.open(db, runId, kind, where);
      sinks.set(where, s);
    }
    return s;
  };
  let read = 0;
  let rows = 0;
  let tables = 0;
  const wheres: string[] = [];
  const reader = readSourceFile(path, {
    ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
    ...(source.sheets === undefined ? {} : { sheets: source.sheets }),
  });
  try {
    for await (const table of reader.tables) {
      tables++;
      wheres.push(table.where);
      if (table.header.length === 0) {
        throw new ValidationError([{ code: "missing_column", file: table.where, line: 1, message: "the table is empty: no header", expected: "a header row" }]);
      }
      const isNdjson = /\.(ndjson|jsonl)$/i.test(file);
      if (!isNdjson) {
        const problems = headerIssues(source, table.header.map(String));
        if (problems.length > 0) throw new ValidationError(problems.map((i) => ({ ...i, file: table.where })));
      }
      let compiled = compileSource(mapping, source, table.header, options.extracted);
      let width = table.header.length;
      const quarantine = await sink(table.where);
      for await (const batch of table.rows) {
        for (const row of batch) {
          rows++;
          if (row.issue !== undefined) {
            read++;
            quarantine.add(row.line, [row.issue], row.text);
            continue;
          }
          // NDJSON: keys first seen on later lines extend the header.
          if (table.header.length !== width) {
            compiled = compileSource(mapping, source, table.header, options.extracted);
            width = table.header.length;
          }
          read += mapRow(compiled, kind, row.cells, row.line, row.text, table.where, writer, quarantine);
        }
        options.onRows?.(file, rows);
      }
    }
    if (tables === 0)
      throw new ValidationError([{ code: "missing_column", file, line: 1, message: "the workbook has no worksheet to read", expected: "a worksheet" }]);
  } catch (error) {
    // The run is being rolled back: drop what the appenders hold.
    for (const s of sinks.values()) s.abandon();
    throw error;
  } finally {
    for (const s of sinks.values()) s.close();
  }
  const { encoding, sha256 } = reader.summary();
  let quarantined = 0;
  for (const s of sinks.values()) quarantined += s.records;
  return { file, encoding, sha256, read, rows, quarantined, wheres };
}

/**
 * One row through the compiled source into the writer or the quarantine.
 *
 * @returns The records it counts for (at least 1: a row that yields none is quarantined).
 * @example
 * read += mapRow(compiled, "events", cells, 12, text, "处罚.csv", writer, quarantine);
 */
export function mapRow(
  compiled: CompiledSource,
  kind: MappingSource["kind"],
  cells: Parameters<CompiledSource["map"]>[0],
  line: number,
  text: string,
  where: string,
  writer: RecordWriter<MappingSource["kind"]>,
  quarantine: QuarantineSink,
): number {
  const records = compiled.map(cells);
  if (records.length === 0) {
    quarantine.add(
      line,
      [{ code: "missing_field", message: "the row yields no record: every record's when-column is empty", expected: "a filled when-column" }],
      text,
    );
    return 1;
  }
  for (const mapped of records) {
    const result = validateRecord(kind, mapped.raw);
    if (result.ok && mapped.issues.length === 0) {
      writer.add(result.record, where, line);
      continue;
    }
    const issues: Issue[] = [...mapped.issues];
    if (!result.ok) {
      for (const issue of result.issues) {
        if (issue.field !== undefined && mapped.failed.includes(issue.field)) continue;
        issues.push(
          issue.field === undefined
            ? issue
            : { ...issue, field: mapped.columnOf(issue.field), message: `${mapped.columnOf(issue.field)} (${issue.field}): ${issue.message}` },
        );
      }
    }
    quarantine.add(line, issues, text);
  }
  return records.length;
}
