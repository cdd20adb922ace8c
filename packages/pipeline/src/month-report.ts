/**
 * The data of a month's report, as plain JSON-able values: the class distribution, the score
 * distribution by class, the migration matrix from the previous month, the riskiest regions and
 * industries, and — for the latest month whose outcomes are complete — the ROC curve and the
 * adverse rate by class of the same models. Rendering (HTML, charts) is the caller's.
 * @module
 */
import type { Period, ProvinceColumns } from "@creditclass/core";
import { addPeriods, CreditclassError, RISK_CLASSES } from "@creditclass/core";
import type { IndicatorOptions } from "@creditclass/ingest";
import type { ModelSet } from "@creditclass/scoring";
import { backtest } from "@creditclass/scoring";
import type { ClassDistributionRow, CreditDatabase } from "@creditclass/store";
import { classDistribution, loadProvinceColumns, migrationMatrix, monthRun } from "@creditclass/store";
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
  /** Score histogram per class: shared bin edges, counts per class. */
  readonly scoreHistogram: { readonly edges: readonly number[]; readonly counts: readonly (readonly number[])[] };
  readonly migration: {
    readonly from: Period;
    readonly counts: readonly (readonly number[])[];
    readonly entered: readonly number[];
    readonly left: readonly number[];
    readonly stability: number;
  };
  readonly regions: readonly ClassDistributionRow[];
  readonly industries: readonly ClassDistributionRow[];
  /** The latest month with `horizon` months of outcomes after it, judged with the same models. */
  readonly validation: {
    readonly period: Period;
    readonly horizon: number;
    readonly auc: number;
    readonly ks: number;
    readonly roc: readonly [number, number][];
    readonly adverseRates: readonly number[];
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
 * report.validation?.auc //=> 0.53
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
  const scores = await db.all("SELECT class, score FROM classifications WHERE period = ?", [period]);
  // A loop, not Math.min(...values): a million arguments overflow the stack.
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const r of scores) {
    const v = Number(r.score);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const bins = 40;
  const edges = Array.from({ length: bins + 1 }, (_, k) => lo + ((hi - lo) * k) / bins);
  const counts = RISK_CLASSES.map(() => new Array<number>(bins).fill(0));
  for (const r of scores) {
    const k = Math.min(bins - 1, Math.floor(((Number(r.score) - lo) / (hi - lo || 1)) * bins));
    const row = counts[RISK_CLASSES.indexOf(r.class as (typeof RISK_CLASSES)[number])];
    if (row !== undefined) row[k] = (row[k] as number) + 1;
  }
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
    scoreHistogram: { edges, counts },
    migration,
    regions,
    industries,
    validation,
  };
}

/** The month `horizon` months back, backtested against the outcomes that followed it (null without both outcomes). */
function validate(province: ProvinceColumns, models: ModelSet, period: Period, horizon: number, indicators?: IndicatorOptions): MonthReport["validation"] {
  const month = addPeriods(period, -horizon);
  const [row] = backtest(province, [{ name: models.id, models }], { months: [month], horizon, indicatorsAt: indicatorSource(province, indicators) });
  if (row === undefined || row.ranking.positives === 0 || row.ranking.negatives === 0) return null;
  return {
    period: month,
    horizon,
    auc: row.ranking.auc,
    ks: row.ranking.ks,
    roc: row.roc,
    adverseRates: row.byClass.rates,
    violations: row.byClass.violations,
  };
}
