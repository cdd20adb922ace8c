/**
 * The data-quality report on the seven dimensions the SAMR data-quality scheme scores provinces
 * on (全面性, 及时性, 完整性, 准确性, 规范性, 冗余性, 关联性): for each a 0–100 score, the rule it
 * was measured by, the counts, and sample offending records.
 * @module
 */
import type { HolidayCalendar, Period } from "@creditclass/core";
import { CHINA_HOLIDAYS, compileCalendar, EVENT_KINDS, formatDayNumber, periodEnd } from "@creditclass/core";
import type { CreditDatabase } from "@creditclass/store";

/** The seven dimensions. */
export type QualityDimensionId = "comprehensiveness" | "timeliness" | "completeness" | "accuracy" | "standardisation" | "redundancy" | "linkage";

/**
 * One dimension's result.
 * @category Data quality
 */
export interface QualityDimension {
  readonly id: QualityDimensionId;
  readonly name: { readonly zh: string; readonly en: string };
  /** 0–100: the share of checked items that passed. */
  readonly score: number;
  /** How it was measured. */
  readonly rule: string;
  readonly checked: number;
  readonly failed: number;
  /** Up to `samples` offending records. */
  readonly samples: readonly Record<string, unknown>[];
}

/**
 * The report for a month.
 * @category Data quality
 */
export interface QualityReport {
  readonly period: Period;
  /** Mean of the seven scores. */
  readonly overall: number;
  readonly dimensions: readonly QualityDimension[];
}

/**
 * Options of {@link qualityReport}.
 * @category Data quality
 */
export interface QualityOptions {
  /** Sample records per dimension (default 5). */
  readonly samples?: number;
  /** Working days allowed between a penalty decision and its publication (default 7, seed 004 §十八). */
  readonly publicationWorkingDays?: number;
  /** Holiday calendar for working days (default {@link CHINA_HOLIDAYS}). */
  readonly calendar?: HolidayCalendar;
}

const NAMES: Record<QualityDimensionId, { zh: string; en: string }> = {
  comprehensiveness: { zh: "全面性", en: "comprehensiveness" },
  timeliness: { zh: "及时性", en: "timeliness" },
  completeness: { zh: "完整性", en: "completeness" },
  accuracy: { zh: "准确性", en: "accuracy" },
  standardisation: { zh: "规范性", en: "standardisation" },
  redundancy: { zh: "冗余性", en: "redundancy" },
  linkage: { zh: "关联性", en: "linkage" },
};
/** Quarantine codes that mean a value has the wrong form (规范性) rather than a wrong content (准确性). */
const FORMAT_CODES = ["uscc_length", "uscc_illegal_char", "invalid_date", "invalid_region_code", "invalid_industry_code", "invalid_enum", "malformed_record"];
const CONTENT_CODES = ["uscc_check_char", "impossible_date", "invalid_number", "invalid_value"];

/**
 * Measures the data of a database as of a month: events recorded by the month's end, and
 * every record read by the ingest runs so far.
 *
 * @param db - An ingested database.
 * @param period - The month.
 * @param options - Samples, the publication rule, the calendar.
 * @returns Seven dimensions and the overall score.
 * @example
 * const report = await qualityReport(db, parsePeriod("2026-10"));
 * report.dimensions.find((d) => d.id === "timeliness")?.score //=> 90.1
 * @category Data quality
 */
export async function qualityReport(db: CreditDatabase, period: Period, options: QualityOptions = {}): Promise<QualityReport> {
  const limit = options.samples ?? 5;
  const allowed = options.publicationWorkingDays ?? 7;
  const end = periodEnd(period);
  const q = (sql: string): Promise<Record<string, unknown>[]> => db.all(sql);
  const one = async (sql: string): Promise<number> => Number(Object.values((await q(sql))[0] ?? {})[0] ?? 0);
  const dims: QualityDimension[] = [];
  const make = (id: QualityDimensionId, rule: string, checked: number, failed: number, samples: readonly Record<string, unknown>[]): QualityDimension => ({
    id,
    name: NAMES[id],
    score: checked === 0 ? 100 : Math.round(10_000 * (1 - failed / checked)) / 100,
    rule,
    checked,
    failed,
    samples,
  });
  const read = await one("SELECT coalesce(sum(read), 0) FROM ingest_files");
  const inList = (codes: readonly string[]): string => codes.map((c) => `'${c}'`).join(", ");

  // 全面性: every event kind and every region of the register has data.
  const kinds = new Set((await q(`SELECT DISTINCT kind FROM events WHERE recorded <= DATE '${end}'`)).map((r) => String(r.kind)));
  const missingKinds = EVENT_KINDS.filter((k) => !kinds.has(k) && k !== "serious_removal");
  const regions =
    await q(`SELECT r.region, count(e.source_id) AS events FROM enterprises r LEFT JOIN events e ON e.uscc = r.uscc AND e.recorded <= DATE '${end}'
    GROUP BY r.region HAVING count(e.source_id) = 0 ORDER BY r.region`);
  const regionCount = await one("SELECT count(DISTINCT region) FROM enterprises");
  dims.push(
    make(
      "comprehensiveness",
      "each event kind (serious-list removals aside, which may rightly be absent) and each region of the register has at least one event recorded by the month's end",
      EVENT_KINDS.length - 1 + regionCount,
      missingKinds.length + regions.length,
      [...missingKinds.map((kind) => ({ kind })), ...regions.map((r) => ({ region: r.region }))].slice(0, limit),
    ),
  );

  // 及时性: penalties published within N working days of the decision.
  const calendar = compileCalendar(options.calendar ?? CHINA_HOLIDAYS);
  const penalties = await q(`SELECT source_id, uscc, datediff('day', DATE '1970-01-01', date) AS d, datediff('day', DATE '1970-01-01', published) AS p
    FROM events WHERE kind = 'penalty' AND recorded <= DATE '${end}' ORDER BY source_id`);
  const late: Record<string, unknown>[] = [];
  let lateCount = 0;
  for (const row of penalties) {
    const days = calendar.workingDaysBetween(Number(row.d), Number(row.p));
    if (days > allowed) {
      lateCount++;
      if (late.length < limit)
        late.push({
          source_id: row.source_id,
          uscc: row.uscc,
          decided: formatDayNumber(Number(row.d)),
          published: formatDayNumber(Number(row.p)),
          working_days: days,
        });
    }
  }
  dims.push(make("timeliness", `penalties published within ${allowed} working days of the decision (${calendar.name})`, penalties.length, lateCount, late));

  // 完整性: records rejected for a missing required field, and companies without registered capital.
  const missingFields = await one("SELECT count(DISTINCT (run_id, file, line)) FROM quarantine WHERE code = 'missing_field'");
  const noCapital = await one("SELECT count(*) FROM enterprises WHERE registered_capital IS NULL AND entity_type <> 'individual'");
  const completenessSamples = await q(
    `SELECT file, line, field, reason FROM quarantine WHERE code = 'missing_field' ORDER BY run_id, file, line LIMIT ${limit}`,
  );
  dims.push(
    make(
      "completeness",
      "records have every required field; non-individual enterprises state registered capital",
      read,
      missingFields + noCapital,
      completenessSamples,
    ),
  );

  // 准确性 and 规范性 from the quarantine.
  for (const [id, codes, rule] of [
    [
      "accuracy",
      CONTENT_CODES,
      "codes pass their check character; dates are possible (recorded on or after the event, published on or after the decision); numbers are valid",
    ],
    ["standardisation", FORMAT_CODES, "codes, dates and enumerations have the standard's format (GB 32100, GB/T 2260, GB/T 4754, YYYY-MM-DD)"],
  ] as const) {
    const failed = await one(`SELECT count(DISTINCT (run_id, file, line)) FROM quarantine WHERE code IN (${inList(codes)})`);
    const samples = await q(
      `SELECT file, line, field, value, code, reason FROM quarantine WHERE code IN (${inList(codes)}) ORDER BY run_id, file, line LIMIT ${limit}`,
    );
    dims.push(make(id, rule, read, failed, samples));
  }

  // 冗余性: one datum, one source.
  const duplicates = await one("SELECT count(*) FROM duplicates WHERE reason <> 'already stored'");
  const dupSamples = await q(`SELECT file, line, key, reason FROM duplicates WHERE reason <> 'already stored' ORDER BY run_id, file, line LIMIT ${limit}`);
  dims.push(make("redundancy", "no source record id (register: no code) appears twice", read, duplicates, dupSamples));

  // 关联性: events and relations link to an enterprise in the register.
  const events = await one(`SELECT count(*) FROM events WHERE recorded <= DATE '${end}'`);
  const relations = await one("SELECT count(*) FROM relations");
  const orphanEvents = await one(`SELECT count(*) FROM orphan_events WHERE recorded <= DATE '${end}'`);
  const orphanRelations = await one("SELECT count(*) FROM relations l ANTI JOIN enterprises r ON l.uscc = r.uscc");
  const linkSamples = await q(
    `SELECT source_id, kind, uscc, source_file AS file, source_line AS line FROM orphan_events WHERE recorded <= DATE '${end}' ORDER BY source_id LIMIT ${limit}`,
  );
  dims.push(
    make("linkage", "every event and relation refers to an enterprise in the register", events + relations, orphanEvents + orphanRelations, linkSamples),
  );

  const overall = Math.round((100 * dims.reduce((s, d) => s + d.score, 0)) / dims.length) / 100;
  return { period, overall, dimensions: dims };
}
