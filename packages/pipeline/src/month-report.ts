/**
 * The data of a month's report, as plain JSON-able values: the class distribution, the score
 * distribution by class for each model part (each part publishes on its own scale), the migration
 * matrix from the previous month, the riskiest regions and industries, and — for the latest month
 * whose outcomes are complete — the same models' ROC curve and AUC / KS per model part, and by
 * final class the adverse rate, the D-to-A lift and the ROC of the classes. Rendering (HTML,
 * charts) is the caller's.
 * @module
 */
import type { Period, ProvinceColumns } from "@creditclass/core";
import { addPeriods, CreditclassError, RISK_CLASSES } from "@creditclass/core";
import type { IndicatorOptions } from "@creditclass/ingest";
import type { ModelSet } from "@creditclass/scoring";
import { backtest } from "@creditclass/scoring";
import type { ClassDistributionRow, CreditDatabase, MonthScores } from "@creditclass/store";
import { classDistribution, loadProvinceColumns, migrationMatrix, monthRun, monthScores } from "@creditclass/store";
import { indicatorSource } from "./indicator-source.js";

/**
 * Everything a month's report shows.
 * @category History
 */
export interface MonthReport {
  readonly period: Period;
  readonly modelSet: string;
  readonly modelHash: string;
  readonly inputFingerprint: string;
  readonly counts: readonly number[];
  /** Score histogram per class for each model part that scored enterprises, each on its own edges (the part's lowest to highest score). */
  readonly scoreHistograms: readonly {
    readonly model: string;
    readonly enterprises: number;
    readonly edges: readonly number[];
    readonly counts: readonly (readonly number[])[];
  }[];
  readonly migration: {
    readonly from: Period;
    readonly counts: readonly (readonly number[])[];
    readonly entered: readonly number[];
    readonly left: readonly number[];
    readonly stability: number;
  };
  readonly regions: readonly ClassDistributionRow[];
  readonly industries: readonly ClassDistributionRow[];
  /**
   * The latest month with `horizon` months of outcomes after it, judged with the same models.
   * Ranking by score is per model part (`parts`); `auc`, `ks` and `roc` rank by the final class
   * (A = 0 … D = 3), the one scale all parts share — never by scores pooled across parts.
   */
  readonly validation: {
    readonly period: Period;
    readonly horizon: number;
    /** AUC of the final class. */
    readonly auc: number;
    /** KS of the final class. */
    readonly ks: number;
    /** ROC of the final class (one point per class cut). */
    readonly roc: readonly [number, number][];
    /** AUC, KS and ROC of each model part's score over the enterprises it scored. */
    readonly parts: readonly {
      readonly model: string;
      readonly enterprises: number;
      readonly auc: number;
      readonly ks: number;
      readonly roc: readonly [number, number][];
    }[];
    readonly adverseRates: readonly number[];
    /** rate(D) / rate(A). */
    readonly lift: number;
    readonly violations: readonly string[];
  } | null;
}

/**
 * Gathers a classified month's report.
 *
 * @param db - A database with the month classified.
 * @param period - The month.
 * @param models - The models to judge on the validation month (normally those the month was classified with).
 * @param options - Outcome horizon (default 12), preloaded columns.
 * @returns The report data.
 * @throws {CreditclassError} When the month was not classified.
 * @example
 * const report = await monthReport(db, p("2026-10"), DEFAULT_MODEL_SET);
 * report.validation?.parts.map((p) => [p.model, p.auc]) //=> [["national-individual", 0.52], ["national-general", 0.55]]
 * @category History
 */
export async function monthReport(
  db: CreditDatabase,
  period: Period,
  models: ModelSet,
  options: { readonly horizon?: number; readonly province?: ProvinceColumns; readonly indicators?: IndicatorOptions } = {},
): Promise<MonthReport> {
  const run = await monthRun(db, period);
  if (run === undefined) throw new CreditclassError("invalid_period", `${period} has not been classified: run creditclass classify first`);
  const horizon = options.horizon ?? 12;
  const scores = await monthScores(db, period);
  // In the set's order; ids of models no longer in the set last.
  const rank = (id: string): number => {
    const k = models.models.findIndex((m) => m.id === id);
    return k < 0 ? models.models.length : k;
  };
  const scoreHistograms = scores.models
    .map((model, m) => ({ model, ...histogram(scores, m) }))
    .sort((a, b) => rank(a.model) - rank(b.model) || a.model.localeCompare(b.model));
  const from = addPeriods(period, -1);
  const migration = { from, ...(await migrationMatrix(db, from, period)) };
  const regions = (await classDistribution(db, period, { by: "region", level: "county" })).slice(0, 15);
  const industries = await classDistribution(db, period, { by: "industry", level: "section" });
  const province = options.province ?? (await loadProvinceColumns(db));
  const validation = validate(province, models, period, horizon, options.indicators);
  return {
    period,
    modelSet: run.modelSet,
    modelHash: run.modelHash,
    inputFingerprint: run.inputFingerprint,
    counts: run.counts,
    scoreHistograms,
    migration,
    regions,
    industries,
    validation,
  };
}

/** 40 equal bins from the lowest to the highest score, counts per class. */
function histogram(scores: MonthScores, m: number): { enterprises: number; edges: number[]; counts: number[][] } {
  const { model, riskClass, score } = scores;
  let enterprises = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < scores.count; i++) {
    if (model[i] !== m) continue;
    enterprises++;
    const v = score[i] as number;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const bins = 40;
  const edges = Array.from({ length: bins + 1 }, (_, k) => lo + ((hi - lo) * k) / bins);
  const counts = RISK_CLASSES.map(() => new Array<number>(bins).fill(0));
  for (let i = 0; i < scores.count; i++) {
    if (model[i] !== m) continue;
    const k = Math.min(bins - 1, Math.floor((((score[i] as number) - lo) / (hi - lo || 1)) * bins));
    const row = counts[riskClass[i] as number];
    if (row !== undefined) row[k] = (row[k] as number) + 1;
  }
  return { enterprises, edges, counts };
}

/** The month `horizon` months back, backtested against the outcomes that followed it (null without both outcomes). */
function validate(province: ProvinceColumns, models: ModelSet, period: Period, horizon: number, indicators?: IndicatorOptions): MonthReport["validation"] {
  const month = addPeriods(period, -horizon);
  const [row] = backtest(province, [{ name: models.id, models }], { months: [month], horizon, indicatorsAt: indicatorSource(province, indicators) });
  if (row === undefined || row.classRanking.positives === 0 || row.classRanking.negatives === 0) return null;
  return {
    period: month,
    horizon,
    auc: row.classRanking.auc,
    ks: row.classRanking.ks,
    roc: row.classRoc,
    parts: row.parts.map((p) => ({ model: p.id, enterprises: p.rows, auc: p.ranking.auc, ks: p.ranking.ks, roc: p.roc })),
    adverseRates: row.byClass.rates,
    lift: row.byClass.lift,
    violations: row.byClass.violations,
  };
}
