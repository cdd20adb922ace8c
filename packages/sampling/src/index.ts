/**
 * `@creditclass/sampling`: risk classes → "double random, one public" inspection plans (双随机、一公开):
 * tasks and presets, plans with capacity, reproducible public draws with audit records.
 * @packageDocumentation
 */

export type { Assignment, AssignOptions, Inspector } from "./assign-inspectors.js";
export { assignInspectors } from "./assign-inspectors.js";
export type { DrawAudit, DrawResult, DrawVerification, PlanRowDifference, PublishedPlanRow, VerifyDrawOptions } from "./draw.js";
export { drawInspections, verifyDraw } from "./draw.js";
export type { InspectionResult, OverdueResult } from "./feedback.js";
export { inspectionEvents, overdueResults } from "./feedback.js";
export type { HashStream } from "./hash-random.js";
export { hashStream } from "./hash-random.js";
export type { InspectionPlan, PlanCell } from "./plan.js";
export { MANDATORY, NOT_SAMPLED, planInspections } from "./plan.js";
export type { PopulationRow, SamplingPopulation } from "./population.js";
export { NEVER_INSPECTED, populationFromRows } from "./population.js";
export type { TaskPreset } from "./presets.js";
export { COUNTY_BANDS, defaultTask, PROVINCE_ANNUAL, SPECIAL_STRATA, specialStrataTags, TASK_PRESETS } from "./presets.js";
export type { InspectionTask, InspectionTaskInput } from "./task.js";
export { inspectionTaskSchema, parseTask, requestedRatios, safeParseTask, taskHash } from "./task.js";
