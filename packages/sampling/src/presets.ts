/**
 * Presets from published practice, as data with their source: class ratio bands and special
 * strata. Each is a partial task: spread it into a task document and add id, period, capacity.
 * @module
 */
import type { IndicatorFrame, Period } from "@creditclass/core";
import type { InspectionTaskInput } from "./task.js";

/** A preset: the part of a task it sets, and where it comes from. */
export interface TaskPreset {
  readonly id: string;
  readonly name: { readonly zh: string; readonly en: string };
  readonly source: string;
  readonly task: Pick<InspectionTaskInput, "ratios" | "minimums" | "frequencyPerYear" | "specialStrata">;
}

/**
 * Ratio bands of a county bureau's classified random inspections: A ≤ 5 % and less than once a
 * year, B 5–20 % once a year, C 21–60 % less than twice a year, D 61–100 %. The upper bound of each
 * band is the ratio, its lower bound the minimum kept under capacity scaling.
 */
export const COUNTY_BANDS: TaskPreset = {
  id: "county-bands",
  name: { zh: "县级分类抽查比例区间", en: "County classified sampling bands" },
  source: "a county market-supervision bureau's published bands for credit-risk-classified random inspections (quoted in issue 5)",
  task: {
    ratios: { A: 0.05, B: 0.2, C: 0.6, D: 1 },
    minimums: { B: 0.05, C: 0.21, D: 0.61 },
    frequencyPerYear: { A: 0.5, B: 1, C: 1.5, D: 2 },
  },
};

/** A province's annual random-inspection plan: high risk 30 %, relatively high 10 %, general 2 %, low 1 %. */
export const PROVINCE_ANNUAL: TaskPreset = {
  id: "province-annual",
  name: { zh: "省级年度抽查计划比例", en: "Provincial annual plan ratios" },
  source: "a provincial market-supervision bureau's annual double-random inspection plan (quoted in issue 5)",
  task: { ratios: { A: 0.01, B: 0.02, C: 0.1, D: 0.3 }, frequencyPerYear: { A: 1, B: 1, C: 1, D: 1 } },
};

/**
 * Special strata drawn whatever the class: annual reports with all-zero financials 100 %, annual
 * reports missing for two years 20 %, addresses with ten or more registered enterprises 10 %. Tag the
 * population with {@link specialStrataTags}.
 */
export const SPECIAL_STRATA: TaskPreset["task"]["specialStrata"] = [
  { id: "zero_financials", name: { zh: "年报财务数据全零", en: "Annual report with all-zero financials" }, tag: "zero_financials", ratio: 1 },
  { id: "reports_missing_2y", name: { zh: "连续两年未报年报", en: "Annual reports missing for two years" }, tag: "reports_missing_2y", ratio: 0.2 },
  { id: "crowded_address", name: { zh: "同一地址登记10户以上", en: "Address with ten or more enterprises" }, tag: "crowded_address", ratio: 0.1 },
];

/** Every preset by id. */
export const TASK_PRESETS: Readonly<Record<string, TaskPreset>> = {
  [COUNTY_BANDS.id]: COUNTY_BANDS,
  [PROVINCE_ANNUAL.id]: PROVINCE_ANNUAL,
};

/**
 * Tags for the {@link SPECIAL_STRATA} from an indicator frame of the ingest catalog:
 * `annual_report_zero` = 1 → `zero_financials`; `annual_report_missing` ≥ 2 → `reports_missing_2y`;
 * `same_address_count` ≥ 9 (ten with the enterprise itself) → `crowded_address`.
 *
 * @param frame - Indicators as of the plan's month.
 * @returns Tag → membership, aligned with the frame's rows.
 * @example
 * const tags = specialStrataTags(frame); tags.get("zero_financials")?.[0] //=> 1
 * @category Presets
 */
export function specialStrataTags(frame: IndicatorFrame): Map<string, Uint8Array> {
  const rule = (column: string, test: (v: number) => boolean): Uint8Array => {
    const values = frame.has(column) ? frame.column(column) : new Float64Array(frame.rowCount).fill(Number.NaN);
    return Uint8Array.from(values, (v) => (test(v) ? 1 : 0));
  };
  return new Map([
    ["zero_financials", rule("annual_report_zero", (v) => v === 1)],
    ["reports_missing_2y", rule("annual_report_missing", (v) => v >= 2)],
    ["crowded_address", rule("same_address_count", (v) => v >= 9)],
  ]);
}

/**
 * The national default inspection task for a month, used when no task is given: the provincial
 * annual ratios ({@link PROVINCE_ANNUAL}: A 1 %, B 2 %, C 10 %, D 30 % — rising A ≤ B ≤ C ≤ D as
 * 国市监信发〔2022〕6号 §八 asks), the {@link SPECIAL_STRATA}, "无事不扰" for class A (drawn only when
 * mandatory: a complaint, an alert at inspection, a referred case), strata by city, inactive
 * enterprises left out. Print it (`creditclass sample --print-default-task`) to edit it.
 *
 * @param period - The month the plan is for (normally the month after the classified month).
 * @returns The task document.
 * @example
 * parseTask(defaultTask(p("2026-11"))).exclude.classAWithoutTrigger //=> true
 * @category Presets
 */
export function defaultTask(period: Period): InspectionTaskInput {
  return {
    kind: "creditclass.inspection-task",
    version: 1,
    id: "national-default",
    name: { zh: "全国默认分类抽查任务", en: "National default classified inspection task" },
    period,
    ...PROVINCE_ANNUAL.task,
    specialStrata: SPECIAL_STRATA,
    exclude: { classAWithoutTrigger: true, inspectedWithinMonths: 0, inactive: true },
    stratify: { region: "city", industry: "none" },
    source: `${PROVINCE_ANNUAL.source}; special strata and 无事不扰 for class A: 国市监信发〔2022〕6号 §八`,
  };
}
