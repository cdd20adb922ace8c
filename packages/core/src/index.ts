/**
 * `@creditclass/core`: the domain types every creditclass package shares.
 * @packageDocumentation
 */
export type { CalendarDate } from "./calendar-date.js";
export {
  civilFromDays,
  dayOfWeek,
  daysFromCivil,
  daysInMonth,
  formatDayNumber,
  isCalendarDate,
  parseCalendarDate,
  parseDayNumber,
  safeParseCalendarDate,
  yearOfDay,
} from "./calendar-date.js";
export type { ColumnExpression } from "./column-expression.js";
export { compileColumnExpression, EXPRESSION_LIMITS } from "./column-expression.js";
export { canonicalJson, contentHash } from "./content-hash.js";
export type { Issue, IssueCode, IssueLocation, Locale, SafeResult } from "./errors.js";
export { CreditclassError, collectIssues, configIssues, formatIssue, formatPath, ISSUE_LABELS, unwrap, ValidationError } from "./errors.js";
export { awaitWorker, callWorkerSource, evalWorkers } from "./eval-workers.js";
export type { IndicatorDirection, IndicatorFamily, IndicatorMeta, IndicatorSource } from "./indicator.js";
export { FAMILY_LABELS, INDICATOR_FAMILIES } from "./indicator.js";
export type { FromObjectsOptions, IndicatorFrameInit } from "./indicator-frame.js";
export { IndicatorFrame } from "./indicator-frame.js";
export type { IndustryCode, IndustrySection } from "./industry-code.js";
export { INDUSTRY_SECTIONS, isIndustryCode, parseIndustryCode, safeParseIndustryCode } from "./industry-code.js";
export type { Period } from "./period.js";
export {
  addPeriods,
  isPeriod,
  lastCompletePeriod,
  lastPeriods,
  parsePeriod,
  periodDayBounds,
  periodEnd,
  periodOf,
  periodRange,
  periodStart,
  periodsBetween,
  safeParsePeriod,
} from "./period.js";
export type { RegionCode } from "./region-code.js";
export { isRegionCode, PROVINCES, parseRegionCode, safeParseRegionCode } from "./region-code.js";
export type { RiskClass } from "./risk-class.js";
export {
  compareRiskClass,
  isRiskClass,
  maxRiskClass,
  parseRiskClass,
  RISK_CLASS_LABELS,
  RISK_CLASSES,
  riskClassIndex,
  safeParseRiskClass,
  shiftRiskClass,
} from "./risk-class.js";
export { rowsOfCodes } from "./rows-of-codes.js";
export type { Random } from "./seeded-random.js";
export { createRandom, seedWords } from "./seeded-random.js";
export { sharedMemory } from "./shared-memory.js";
export type { Uscc, UsccProblem } from "./uscc.js";
export { completeUscc, isUscc, parseUscc, safeParseUscc, USCC_ALPHABET, USCC_WEIGHTS, usccCheckCharacter, usccIssue, usccProblem } from "./uscc.js";
export type { Bilingual } from "./vocabulary/bilingual.js";
export { bilingualSchema } from "./vocabulary/bilingual.js";
export type { EnterpriseStatus, EntityType } from "./vocabulary/entity-types.js";
export { ENTERPRISE_STATUSES, ENTITY_TYPES } from "./vocabulary/entity-types.js";
export type { EventKind } from "./vocabulary/event-kinds.js";
export {
  CHANGE_FIELDS,
  DETAIL_CODES,
  EVENT_KIND_LABELS,
  EVENT_KINDS,
  FLAG_BITS,
  INSPECTION_RESULTS,
  PENALTY_SEVERITIES,
  RELATION_ROLES,
  REPORT_FLAGS,
} from "./vocabulary/event-kinds.js";
export { INDICATOR_CATALOG } from "./vocabulary/indicator-catalog.js";
export type { ColumnSummary, LabelledTable } from "./vocabulary/labelled-table.js";
export type { Measure } from "./vocabulary/measures.js";
export { MEASURE_LABELS, MEASURES } from "./vocabulary/measures.js";
export type { EventColumns, ProvinceColumns, RegisterColumns, RelationColumns } from "./vocabulary/province-columns.js";
export { NEVER } from "./vocabulary/province-columns.js";
export { parseTags } from "./vocabulary/register-tags.js";
export type { HolidayCalendar, WorkingDayCalendar } from "./working-days.js";
export { CHINA_HOLIDAYS, compileCalendar, WEEKENDS_ONLY } from "./working-days.js";
