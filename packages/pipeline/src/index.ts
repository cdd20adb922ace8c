/**
 * `@creditclass/pipeline`: the monthly job as library calls — classify a month (stored with the
 * model hash and input fingerprint), raise its alerts, draw its inspection plan, gather its
 * report; `runMonth` for one month, `runMonths` for a range that loads the province once. The
 * only package that wires the engines (`scoring`, `warning`, `sampling`) to the store and the
 * indicator engine.
 * @packageDocumentation
 */
export { alertStatusesIn } from "./alert-statuses.js";
export type { ClassifyMonthOptions, MonthResult } from "./classify-month.js";
export { classifyMonth } from "./classify-month.js";
export { compareModels } from "./compare-models.js";
export { indicatorSource } from "./indicator-source.js";
export type { JobReport } from "./job-report.js";
export { jobReport } from "./job-report.js";
export type { MonthReport } from "./month-report.js";
export { monthReport } from "./month-report.js";
export type { AlertTargets, PlanMonthOptions, PlanMonthResult } from "./plan-month.js";
export { planMonth, selectionRows } from "./plan-month.js";
export { withRegisterAttributes } from "./register-attributes.js";
export type { MonthOutcome, RunMonthOptions, RunProgress, RunResult } from "./run-months.js";
export { runMonth, runMonths } from "./run-months.js";
export type { WarnMonthOptions } from "./warn-month.js";
export { warnMonth } from "./warn-month.js";
