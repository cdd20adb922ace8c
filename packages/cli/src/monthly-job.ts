/**
 * The whole monthly job over an ingested database, as the demo runs it: classify the last months
 * one after another (stored, with history), raise the national early-warning alerts of each month
 * (stored, cooldowns carried), train a logistic-regression model on earlier months and judge it
 * against the weighted national model on the latest month with a year of outcomes, draw the
 * latest month's inspection plan (the month's alerts at inspection mandatory) with its audit record, and
 * gather what the one HTML report shows.
 * @module
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Period, RiskClass } from "@creditclass/core";
import { addPeriods, formatDayNumber, periodDayBounds, RISK_CLASSES } from "@creditclass/core";
import type { CreditDatabase, ProvinceColumns, QualityReport } from "@creditclass/ingest";
import { writeCsvFile } from "@creditclass/ingest";
import { drawInspections, PROVINCE_ANNUAL, parseTask, planInspections, populationFromRows } from "@creditclass/sampling";
import type { MonthResult } from "@creditclass/scoring";
import { backtest, buildTrainingSet, classifyMonth, classTable, DEFAULT_MODEL_SET, parseModel, storedClasses, trainLogisticModel } from "@creditclass/scoring";
import type { Alert } from "@creditclass/warning";
import {
  alertStatusesIn,
  DEFAULT_ESCALATION,
  evaluateMonth,
  lastAlertDays,
  mandatoryInspections,
  NATIONAL_RULES,
  replaceMonthAlerts,
  rulesHash,
} from "@creditclass/warning";
import { startProgress } from "./progress.js";

/**
 * What the job adds to a month's report.
 * @category Reports
 */
export interface JobReport {
  /** Class counts (A–D) of every classified month, oldest first. */
  readonly monthly: readonly { readonly period: Period; readonly counts: readonly number[] }[];
  /** Share of C + D per county (rows) and industry section (columns), for the latest month. */
  readonly heatmap: { readonly counties: readonly string[]; readonly sections: readonly string[]; readonly share: readonly (readonly (number | null)[])[] };
  /** Both models on the validation month. */
  readonly models: readonly { readonly name: string; readonly period: Period; readonly auc: number; readonly adverseRates: readonly number[] }[];
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
  readonly quality: readonly { readonly name: string; readonly score: number }[];
}

/**
 * What the job did.
 * @category Reports
 */
export interface JobResult {
  readonly latest: MonthResult;
  readonly report: JobReport;
  readonly seconds: { readonly classify: number; readonly warn: number; readonly train: number; readonly sample: number };
}

/**
 * Runs the job.
 *
 * @param db - An ingested database.
 * @param province - Its columns.
 * @param options - Last month, months to classify, output folder, seed, the ingest's quality report.
 * @returns The latest month's result and the report data; writes `classes-*.csv`, `alerts-*.csv`, `plan.csv`, `plan.audit.json`, `plan.classes.csv`, `trained-model.json`.
 * @example
 * const job = await runMonthlyJob(db, province, { end: p("2026-10"), months: 12, out: "out/demo", seed: "1", quality });
 */
export async function runMonthlyJob(
  db: CreditDatabase,
  province: ProvinceColumns,
  options: { readonly end: Period; readonly months: number; readonly out: string; readonly seed: string; readonly quality: QualityReport },
): Promise<JobResult> {
  const { end, out } = options;
  const months = Array.from({ length: options.months }, (_, k) => addPeriods(end, k - options.months + 1));
  const t0 = performance.now();
  let latest: MonthResult | undefined;
  const alertsOf = new Map<Period, Alert[]>();
  let warnSeconds = 0;
  const bar = startProgress("classify + warn, months", months.length, "months");
  let previous = await storedClasses(db, addPeriods(months[0] as Period, -1));
  for (const [k, period] of months.entries()) {
    const result = await classifyMonth(db, period, { province });
    const w0 = performance.now();
    // This month's classes straight from the result (as stored), next month's previous.
    const ids = result.frame.ids();
    const current = new Map(ids.map((id, r) => [id, RISK_CLASSES[result.classification.riskClass[r] as number] as RiskClass] as const));
    const alerts = evaluateMonth(province, period, NATIONAL_RULES, {
      indicators: result.frame,
      lastAlerts: await lastAlertDays(db, period),
      ...(previous.size > 0 ? { classes: { previous, current } } : {}),
    });
    await replaceMonthAlerts(db, period, alerts, rulesHash(NATIONAL_RULES));
    alertsOf.set(period, alerts);
    previous = current;
    warnSeconds += (performance.now() - w0) / 1000;
    latest = result;
    bar.update(k + 1);
  }
  bar.stop();
  if (latest === undefined) throw new RangeError("no month to classify");
  const t1 = performance.now();

  // A logistic model trained on a year of months, judged with the weighted model on the latest month with a year of outcomes.
  const validation = addPeriods(end, -12);
  const set = buildTrainingSet(province, { from: addPeriods(validation, -12), to: addPeriods(validation, -1), horizon: 12 });
  const trained = trainLogisticModel(set, { id: "demo-logistic", name: { zh: "演示逻辑回归模型", en: "Demo logistic model" } });
  writeFileSync(join(out, "trained-model.json"), `${JSON.stringify(trained.model, null, 2)}\n`);
  const judged = backtest(
    province,
    [
      { name: "weighted scorecard (national default)", models: DEFAULT_MODEL_SET },
      { name: "logistic regression (trained)", models: parseModel(trained.model) },
    ],
    { months: [validation], horizon: 12 },
  );
  const t2 = performance.now();

  // The latest month's plan: provincial annual ratios by county, open inspection alerts mandatory.
  const rows = await classTable(db, end);
  const asOf = formatDayNumber(periodDayBounds(end).last);
  // The demo records no disposals, so older alerts would all have climbed to inspection: only the month's
  // own alerts standing at inspection become mandatory (creditclass sample --db uses every open alert).
  const mandatory = mandatoryInspections(await alertStatusesIn(db, asOf, DEFAULT_ESCALATION, { period: end }));
  const task = parseTask({
    kind: "creditclass.inspection-task",
    version: 1,
    id: `demo-${end}`,
    name: { zh: "演示双随机抽查", en: "Demo double-random inspections" },
    period: addPeriods(end, 1),
    ...PROVINCE_ANNUAL.task,
    stratify: { region: "city", industry: "none" },
    mandatory,
  });
  const population = populationFromRows(
    rows.map((r) => ({ uscc: r.uscc ?? "", class: r.class ?? "", region: r.region ?? "", industry: r.industry ?? "", ...r })),
  );
  const plan = planInspections(population, task);
  const seed = `${asOf}/demo-${options.seed}`;
  const draw = drawInspections(population, plan, seed);
  await writeCsvFile(
    join(out, "plan.csv"),
    ["uscc", "class", "stratum", "probability", "mandatory"],
    Array.from(draw.selected, (i) => {
      const cell = plan.cellOf[i] ?? -1;
      const mandatoryRow = plan.cells[cell] === undefined;
      return [
        population.uscc[i],
        RISK_CLASSES[population.riskClass[i] ?? 0],
        mandatoryRow ? "mandatory" : plan.cells[cell]?.stratum,
        draw.probability[i],
        mandatoryRow ? 1 : 0,
      ];
    }),
  );
  writeFileSync(join(out, "plan.audit.json"), `${JSON.stringify(draw.audit, null, 2)}\n`);
  writeFileSync(join(out, "plan.task.json"), `${JSON.stringify(task, null, 2)}\n`);
  const sampleColumns = ["uscc", "class", "region", "industry", "entity_type", "tags", "last_inspected", "status"] as const;
  await writeCsvFile(
    join(out, "plan.classes.csv"),
    sampleColumns,
    rows.map((r) => sampleColumns.map((c) => r[c])),
  );
  const t3 = performance.now();

  const report: JobReport = {
    monthly: await monthlyCounts(db, months),
    heatmap: await heatmap(db, end),
    models: judged.map((r) => ({ name: r.candidate, period: r.period, auc: r.ranking.auc, adverseRates: r.byClass.rates })),
    alerts: alertSummary(alertsOf, end),
    plan: {
      task: task.id,
      seed,
      planned: plan.capacity.planned,
      mandatory: plan.mandatory.included,
      manifest: draw.audit.manifest.sha256,
      cells: plan.cells.map((c) => ({ stratum: c.stratum, riskClass: c.riskClass ?? c.special ?? "", population: c.population, drawn: c.drawn })),
    },
    quality: options.quality.dimensions.map((d) => ({ name: `${d.name.zh} ${d.name.en}`, score: d.score })),
  };
  return {
    latest,
    report,
    seconds: { classify: (t1 - t0) / 1000 - warnSeconds, warn: warnSeconds, train: (t2 - t1) / 1000, sample: (t3 - t2) / 1000 },
  };
}

async function monthlyCounts(db: CreditDatabase, months: readonly Period[]): Promise<JobReport["monthly"]> {
  const rows = await db.all("SELECT period, class, count(*) AS n FROM classifications WHERE period >= ? AND period <= ? GROUP BY period, class", [
    months[0] as string,
    months[months.length - 1] as string,
  ]);
  return months.map((period) => ({
    period,
    counts: RISK_CLASSES.map((c) => Number(rows.find((r) => r.period === period && r.class === c)?.n ?? 0)),
  }));
}

/** C + D share by county × industry section: the 15 counties and 12 sections with the most enterprises. */
async function heatmap(db: CreditDatabase, period: Period): Promise<JobReport["heatmap"]> {
  const rows = await db.all(
    `SELECT left(e.region, 6) AS county, left(e.industry, 1) AS section, count(*) AS n, count(*) FILTER (c.class IN ('C', 'D')) AS high
     FROM classifications c JOIN enterprises e USING (uscc) WHERE c.period = ? GROUP BY county, section`,
    [period],
  );
  const total = (key: "county" | "section"): string[] => {
    const sums = new Map<string, number>();
    for (const r of rows) sums.set(String(r[key]), (sums.get(String(r[key])) ?? 0) + Number(r.n));
    return [...sums].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  };
  const counties = total("county").slice(0, 15).sort();
  const sections = total("section").slice(0, 12).sort();
  const cell = new Map(rows.map((r) => [`${r.county}|${r.section}`, r] as const));
  const share = counties.map((county) =>
    sections.map((section) => {
      const r = cell.get(`${county}|${section}`);
      return r === undefined || Number(r.n) < 20 ? null : Number(r.high) / Number(r.n);
    }),
  );
  return { counties, sections, share };
}

function alertSummary(alertsOf: ReadonlyMap<Period, Alert[]>, end: Period): JobReport["alerts"] {
  const latest = alertsOf.get(end) ?? [];
  const byRule = new Map<string, { rule: string; name: string; measure: string; count: number }>();
  for (const a of [...alertsOf.values()].flat()) {
    const entry = byRule.get(a.ruleId) ?? { rule: a.ruleId, name: `${a.name.zh} ${a.name.en}`, measure: a.measure, count: 0 };
    entry.count++;
    byRule.set(a.ruleId, entry);
  }
  const top = [...latest].sort((a, b) => b.severity - a.severity || a.day.localeCompare(b.day) || a.uscc.localeCompare(b.uscc)).slice(0, 20);
  return { perMonth: [...alertsOf].map(([period, list]) => ({ period, count: list.length })), byRule: [...byRule.values()], top };
}
