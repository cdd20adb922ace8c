/**
 * What the job adds to a month's report: classes month by month, the county × industry heat
 * map, alerts per month and rule, the plan by stratum and class — plus, where the caller has
 * them, models compared and the data-quality dimensions.
 * @module
 */
import type { Period } from "@creditclass/core";
import type { BacktestRow } from "@creditclass/scoring";
import type { CreditDatabase } from "@creditclass/store";
import { classCounts, classCrossTab } from "@creditclass/store";
import type { Alert } from "@creditclass/warning";
import type { RunResult } from "./run-months.js";

/** Model comparison entries of the report, one per backtest row. */
function jobReportModels(rows: readonly BacktestRow[]): JobReport["models"] {
  return rows.map((r) => ({
    name: r.candidate,
    period: r.period,
    parts: r.parts.map((p) => ({ id: p.id, enterprises: p.rows, auc: p.ranking.auc, ks: p.ranking.ks })),
    adverseRates: r.byClass.rates,
    lift: r.byClass.lift,
    violations: r.byClass.violations,
  }));
}

/**
 * The report data of a run.
 * @category Reports
 */
export interface JobReport {
  /** Class counts (A–D) of every classified month, oldest first. */
  readonly monthly: readonly { readonly period: Period; readonly counts: readonly number[] }[];
  /** Share of C + D per county (rows) and industry section (columns), for the latest month. */
  readonly heatmap: { readonly counties: readonly string[]; readonly sections: readonly string[]; readonly share: readonly (readonly (number | null)[])[] };
  /**
   * Models judged on a validation month (the demo compares two): AUC and KS per model part, each
   * part on its own score scale (never pooled), and the class-based figures over all parts —
   * adverse rate by final class A–D, the D-to-A lift rate(D) / rate(A), violations of A < B < C < D.
   */
  readonly models: readonly {
    readonly name: string;
    readonly period: Period;
    readonly parts: readonly { readonly id: string; readonly enterprises: number; readonly auc: number; readonly ks: number }[];
    readonly adverseRates: readonly number[];
    readonly lift: number;
    readonly violations: readonly string[];
  }[];
  /** Alerts per month and rule, and the latest month's most severe. */
  readonly alerts: {
    readonly perMonth: readonly { readonly period: Period; readonly count: number }[];
    readonly byRule: readonly { readonly rule: string; readonly name: string; readonly measure: string; readonly count: number }[];
    readonly top: readonly Alert[];
  };
  /** The latest month's inspection plan. */
  readonly plan: {
    readonly task: string;
    readonly seed: string;
    readonly planned: number;
    readonly mandatory: number;
    readonly manifest: string;
    readonly cells: readonly { readonly stratum: string; readonly riskClass: string; readonly population: number; readonly drawn: number }[];
  };
  /** Data-quality dimensions, when the caller has the ingest's report. */
  readonly quality: readonly { readonly name: string; readonly score: number }[];
}

/**
 * Gathers the report data of a run.
 *
 * @param db - The database the run stored into.
 * @param run - The run.
 * @param extra - Models compared (backtest rows, e.g. `compareModels(…).judged`) and quality dimensions, when the caller has them.
 * @returns The report data.
 * @example
 * const data = await jobReport(db, run, { models: [], quality: [] });
 * data.plan.planned //=> 3_353
 * @category Reports
 */
export async function jobReport(
  db: CreditDatabase,
  run: RunResult,
  extra: { readonly models: readonly BacktestRow[]; readonly quality: JobReport["quality"] },
): Promise<JobReport> {
  const months = run.months.map((m) => m.period);
  const end = months[months.length - 1] as Period;
  const { plan, draw, task, seed } = run.plan;
  return {
    monthly: await classCounts(db, months),
    heatmap: await heatmap(db, end),
    models: jobReportModels(extra.models),
    alerts: alertSummary(run),
    plan: {
      task: task.id,
      seed,
      planned: plan.capacity.planned,
      mandatory: plan.mandatory.included,
      manifest: draw.audit.manifest.sha256,
      cells: plan.cells.map((c) => ({ stratum: c.stratum, riskClass: c.riskClass ?? c.special ?? "", population: c.population, drawn: c.drawn })),
    },
    quality: extra.quality,
  };
}

/** C + D share by county × industry section: the 15 counties and 12 sections with the most enterprises. */
async function heatmap(db: CreditDatabase, period: Period): Promise<JobReport["heatmap"]> {
  const cells = await classCrossTab(db, period);
  const total = (key: "county" | "section"): string[] => {
    const sums = new Map<string, number>();
    for (const c of cells) sums.set(c[key], (sums.get(c[key]) ?? 0) + c.total);
    return [...sums].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  };
  const counties = total("county").slice(0, 15).sort();
  const sections = total("section").slice(0, 12).sort();
  const cell = new Map(cells.map((c) => [`${c.county}|${c.section}`, c] as const));
  const share = counties.map((county) =>
    sections.map((section) => {
      const c = cell.get(`${county}|${section}`);
      return c === undefined || c.total < 20 ? null : c.high / c.total;
    }),
  );
  return { counties, sections, share };
}

function alertSummary(run: RunResult): JobReport["alerts"] {
  const byRule = new Map<string, { rule: string; name: string; measure: string; count: number }>();
  for (const m of run.months) {
    for (const r of m.alertsByRule) {
      const entry = byRule.get(r.rule) ?? { ...r, count: 0 };
      entry.count += r.count;
      byRule.set(r.rule, entry);
    }
  }
  const top = [...run.lastAlerts].sort((a, b) => b.severity - a.severity || a.day.localeCompare(b.day) || a.uscc.localeCompare(b.uscc)).slice(0, 20);
  return { perMonth: run.months.map((m) => ({ period: m.period, count: m.alertCount })), byRule: [...byRule.values()], top };
}
