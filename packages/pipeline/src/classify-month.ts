/**
 * The monthly run over the database: indicators as of the month, register attributes, the
 * previous month's classes, classification, and the atomic replacement of the month's results
 * with the model hash and the input fingerprint.
 * @module
 */
import { availableParallelism } from "node:os";
import type { IndicatorFrame, Period, ProvinceColumns, RiskClass } from "@creditclass/core";
import { addPeriods } from "@creditclass/core";
import type { IndicatorOptions } from "@creditclass/ingest";
import { computeIndicators } from "@creditclass/ingest";
import type { Classification, ModelSet } from "@creditclass/scoring";
import { classifyFrame, DEFAULT_MODEL_SET, explainRow } from "@creditclass/scoring";
import type { ClassificationRun, CreditDatabase, RegisterAttributes, StoredClassRow } from "@creditclass/store";
import { inputFingerprint, loadProvinceColumns, readRegisterAttributes, replaceMonth, storedClasses } from "@creditclass/store";
import { withRegisterAttributes } from "./register-attributes.js";

/**
 * Options of {@link classifyMonth}.
 * @category Monthly run
 */
export interface ClassifyMonthOptions {
  /** Default: {@link DEFAULT_MODEL_SET}. */
  readonly models?: ModelSet;
  /** Columns already loaded (several months in one process). */
  readonly province?: ProvinceColumns;
  /** Register status and tags already read (several months in one process). */
  readonly register?: RegisterAttributes;
  /** The previous month's classes already at hand (default: read from the store). */
  readonly previous?: ReadonlyMap<string, RiskClass>;
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
  const { frame, attributes } = withRegisterAttributes(province, indicators, options.register ?? (await readRegisterAttributes(db)));
  const previous = options.previous ?? (await storedClasses(db, addPeriods(period, -1)));
  const classification = classifyFrame(models, frame, {
    attributes,
    previous,
    // A boosted part explains its rows on every core; other parts are unaffected (their frame is not shared).
    threads: availableParallelism(),
    ...(options.reasonCount === undefined ? {} : { reasonCount: options.reasonCount }),
  });
  const counts: [number, number, number, number] = [0, 0, 0, 0];
  for (const k of classification.riskClass) counts[k] = (counts[k] as number) + 1;
  const run: ClassificationRun = {
    period,
    modelSet: models.id,
    modelHash: classification.modelHash,
    inputFingerprint: await inputFingerprint(db, period, indicatorSettings(options.indicators)),
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
      // The text JSON.stringify gives for [{ indicator, value, points }], written directly (a million rows a month).
      reasons: `[${e.reasons.map((x) => `{"indicator":${JSON.stringify(x.indicator)},"value":${JSON.stringify(x.value)},"points":${JSON.stringify(x.points)}}`).join(",")}]`,
      missing: e.missing,
    };
  }
}

/** The indicator options as the input fingerprint records them (a function indicator by its name only; not the threads, which change no result). */
function indicatorSettings(indicators: IndicatorOptions | undefined): unknown {
  const custom = indicators?.custom?.map((c) => ({ meta: c.meta, expression: "expression" in c ? c.expression : "(function)" }));
  const { threads, ...settings } = indicators ?? {};
  return { ...settings, custom };
}
