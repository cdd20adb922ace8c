/**
 * The monthly run over the database: indicators as of the month, register attributes, the
 * previous month's classes, classification, and the atomic replacement of the month's results
 * with the model hash and the input fingerprint.
 * @module
 */
import type { IndicatorFrame, Period } from "@creditclass/core";
import { addPeriods, contentHash } from "@creditclass/core";
import type { CreditDatabase, IndicatorOptions, ProvinceColumns } from "@creditclass/ingest";
import { computeIndicators, ENTITY_TYPES, loadProvinceColumns } from "@creditclass/ingest";
import type { ClassificationRun, StoredClassRow } from "./class-history.js";
import { replaceMonth, storedClasses } from "./class-history.js";
import type { Classification } from "./classify-frame.js";
import { classifyFrame } from "./classify-frame.js";
import { DEFAULT_MODEL_SET } from "./default-model.js";
import { explainRow } from "./explain-classification.js";
import type { ModelSet } from "./model-schema.js";

/**
 * Options of {@link classifyMonth}.
 * @category Monthly run
 */
export interface ClassifyMonthOptions {
  /** Default: {@link DEFAULT_MODEL_SET}. */
  readonly models?: ModelSet;
  /** Columns already loaded (several months in one process). */
  readonly province?: ProvinceColumns;
  readonly indicators?: IndicatorOptions;
  readonly reasonCount?: number;
  /** Write the result into the database (default true). */
  readonly store?: boolean;
  /** Called inside the storing transaction before COMMIT (fault injection in tests). */
  readonly beforeCommit?: () => void;
}

/**
 * A month's result.
 * @category Monthly run
 */
export interface MonthResult {
  readonly classification: Classification;
  readonly frame: IndicatorFrame;
  readonly run: ClassificationRun;
}

/**
 * Classifies every enterprise of the database for a month and stores the result.
 *
 * @param db - An ingested database.
 * @param period - The month.
 * @param options - Models, preloaded columns, indicator options, reasons, storage.
 * @returns The classification, its frame and the run record.
 * @example
 * const { run } = await classifyMonth(db, parsePeriod("2026-10"));
 * run.counts //=> [61_201, 25_090, 11_870, 1_839]
 * @category Monthly run
 */
export async function classifyMonth(db: CreditDatabase, period: Period, options: ClassifyMonthOptions = {}): Promise<MonthResult> {
  const models = options.models ?? DEFAULT_MODEL_SET;
  const province = options.province ?? (await loadProvinceColumns(db));
  const indicators = computeIndicators(province, period, options.indicators);
  const { frame, attributes } = await withRegisterAttributes(db, province, indicators);
  const previous = await storedClasses(db, addPeriods(period, -1));
  const classification = classifyFrame(models, frame, {
    attributes,
    previous,
    ...(options.reasonCount === undefined ? {} : { reasonCount: options.reasonCount }),
  });
  const counts: [number, number, number, number] = [0, 0, 0, 0];
  for (const k of classification.riskClass) counts[k] = (counts[k] as number) + 1;
  const run: ClassificationRun = {
    period,
    modelSet: models.id,
    modelHash: classification.modelHash,
    inputFingerprint: await inputFingerprint(db, period, options.indicators),
    enterprises: classification.count,
    counts,
    cutoffs: JSON.stringify(classification.cutoffs.map((c, m) => ({ model: models.models[m]?.id, bounds: c.bounds.map(String), inclusive: c.inclusive }))),
  };
  if (options.store !== false) await replaceMonth(db, run, storedRows(classification, frame), options.beforeCommit);
  return { classification, frame, run };
}

/** Rows for the database, generated lazily. */
function* storedRows(c: Classification, frame: IndicatorFrame): Generator<StoredClassRow> {
  for (let r = 0; r < c.count; r++) {
    const e = explainRow(c, frame, r);
    yield {
      uscc: e.uscc,
      class: e.riskClass,
      score: e.score,
      probability: e.probability,
      scored_class: e.scoredClass,
      previous_class: e.previousClass,
      change: e.change,
      model: e.model,
      override: e.override === null ? null : e.override.id,
      reasons: JSON.stringify(e.reasons.map((x) => ({ indicator: x.indicator, value: x.value, points: x.points }))),
      missing: e.missing,
    };
  }
}

/**
 * The fingerprint of what a month's result depends on: every ingested file's SHA-256 and
 * counts, the table sizes, the month and the indicator options.
 *
 * @param db - The database.
 * @param period - The month.
 * @param indicators - Indicator options.
 * @returns 64 hex digits.
 * @example
 * await inputFingerprint(db, parsePeriod("2026-10")) //=> "9c1e…"
 * @category Monthly run
 */
export async function inputFingerprint(db: CreditDatabase, period: Period, indicators?: IndicatorOptions): Promise<string> {
  const files = await db.all("SELECT record_kind, sha256, accepted FROM ingest_files ORDER BY record_kind, sha256, accepted");
  const [sizes] = await db.all("SELECT (SELECT count(*) FROM enterprises) AS e, (SELECT count(*) FROM events) AS v, (SELECT count(*) FROM relations) AS r");
  const custom = indicators?.custom?.map((c) => ({ meta: c.meta, expression: "expression" in c ? c.expression : "(function)" }));
  return contentHash({ files, sizes, period, indicators: { ...indicators, custom } });
}

/** Adds the `is_revoked` / `is_deregistered` flags and collects entity type, industry and tags per row. */
async function withRegisterAttributes(
  db: CreditDatabase,
  province: ProvinceColumns,
  frame: IndicatorFrame,
): Promise<{ frame: IndicatorFrame; attributes: { entityType: string[]; industry: string[]; tags: Map<string, Uint8Array> } }> {
  const n = frame.rowCount;
  const rowOf = new Map<string, number>();
  const ids = frame.ids();
  for (let r = 0; r < n; r++) rowOf.set(ids[r] as string, r);
  const { entityType, industry } = registerAttributes(province, frame);
  // Status and tags are register snapshots (no history), read as stored now.
  const revoked = new Float64Array(n);
  const deregistered = new Float64Array(n);
  const tags = new Map<string, Uint8Array>();
  const rows = await db.all("SELECT uscc, status, tags FROM enterprises WHERE status <> 'active' OR coalesce(tags, '') <> ''");
  for (const row of rows) {
    const r = rowOf.get(String(row.uscc));
    if (r === undefined) continue;
    if (row.status === "revoked") revoked[r] = 1;
    if (row.status === "deregistered") deregistered[r] = 1;
    for (const tag of String(row.tags ?? "").split(";")) {
      const t = tag.trim();
      if (t === "") continue;
      const column = tags.get(t) ?? new Uint8Array(n);
      tags.set(t, column);
      column[r] = 1;
    }
  }
  return { frame: frame.withColumn("is_revoked", revoked).withColumn("is_deregistered", deregistered), attributes: { entityType, industry, tags } };
}

/**
 * Entity type and industry of each frame row, from the register columns.
 *
 * @param province - Columns from `loadProvinceColumns`.
 * @param frame - A frame of those enterprises.
 * @returns Per-row entity types and industry codes.
 * @example
 * registerAttributes(province, frame).entityType[0] //=> "company"
 * @category Monthly run
 */
export function registerAttributes(province: ProvinceColumns, frame: IndicatorFrame): { entityType: string[]; industry: string[] } {
  const reg = province.register;
  const rowOf = new Map<string, number>();
  for (const [i, u] of reg.uscc.entries()) rowOf.set(u, i);
  const registerRow = Int32Array.from(frame.ids(), (id) => rowOf.get(id) ?? 0);
  return {
    entityType: Array.from(registerRow, (i) => ENTITY_TYPES[reg.entityType[i] as number] as string),
    industry: Array.from(registerRow, (i) => reg.industries[reg.industry[i] as number] as string),
  };
}
