/**
 * `mapping check`: a dry run of a mapping against a folder — the same reading, mapping,
 * validation and deduplication as `ingest --mapping`, into a database in memory that is thrown
 * away — with the counts per file and the first problems.
 * @module
 */
import { openDatabase } from "@creditclass/store";
import type { IngestSummary } from "../ingest.js";
import { ingestMapped } from "../ingest.js";
import type { TextEncodingName } from "../text-source.js";
import type { SourceMapping } from "./mapping-document.js";

/**
 * One problem found by a dry run.
 * @category Mapping
 */
export interface MappingProblem {
  readonly file: string;
  readonly line: number;
  readonly field: string | null;
  readonly value: string | null;
  readonly code: string;
  readonly reason: string;
}

/**
 * The outcome of a dry run.
 * @category Mapping
 */
export interface MappingCheck {
  readonly summary: IngestSummary;
  /** The first problems, in file and line order. */
  readonly problems: readonly MappingProblem[];
  /** Problems found in all. */
  readonly problemCount: number;
  /** Values no code table holds, by file and column, most frequent first: what to add to the mapping. */
  readonly unknownCodes: readonly { readonly file: string; readonly column: string; readonly value: string; readonly count: number }[];
}

/**
 * Applies a mapping to a folder without storing anything: counts per file and the first problems.
 *
 * @param dir - The folder of exports.
 * @param mapping - The mapping.
 * @param options - Encoding; how many problems to return (default 20).
 * @returns The counts, the first problems, and the values no code table holds (up to 100, most frequent first).
 * @throws {ValidationError} The header problems `ingest --mapping` would stop on.
 * @example
 * const { summary, problems } = await checkMapping("exports/", mapping);
 * summary.totals.quarantined //=> 12
 * @category Mapping
 */
export async function checkMapping(
  dir: string,
  mapping: SourceMapping,
  options: { readonly encoding?: TextEncodingName; readonly problems?: number } = {},
): Promise<MappingCheck> {
  const db = await openDatabase(":memory:");
  try {
    const summary = await ingestMapped(dir, db, mapping, options.encoding === undefined ? {} : { encoding: options.encoding });
    const limit = Math.max(0, Math.floor(options.problems ?? 20));
    const rows = await db.all(`SELECT file, line, field, value, code, reason FROM quarantine ORDER BY file, line, field LIMIT ${limit}`);
    const [count] = await db.all("SELECT count(*) AS n FROM quarantine");
    const unknown = await db.all(
      `SELECT file, field, value, count(*) AS n FROM quarantine WHERE code = 'invalid_enum' AND field IS NOT NULL AND value IS NOT NULL
       GROUP BY ALL ORDER BY n DESC, file, field, value LIMIT 100`,
    );
    return {
      summary,
      problems: rows.map((r) => ({
        file: String(r.file),
        line: Number(r.line),
        field: r.field === null ? null : String(r.field),
        value: r.value === null ? null : String(r.value),
        code: String(r.code),
        reason: String(r.reason),
      })),
      problemCount: Number(count?.n ?? 0),
      unknownCodes: unknown.map((r) => ({ file: String(r.file), column: String(r.field), value: String(r.value), count: Number(r.n) })),
    };
  } finally {
    db.close();
  }
}
