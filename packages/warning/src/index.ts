/**
 * `@creditclass/warning`: early-warning rules (indicator thresholds and expressions, event
 * windows, growth, groups, class transitions, `all` / `any` / `not`), the national rule set, and
 * the batch and streaming engines with graded measures, alert storage, disposal and escalation.
 * @packageDocumentation
 */

export type { AlertFilter, StoredAlert } from "./alert-store.js";
export { alertStatusesIn, ensureAlertTable, lastAlertDays, readAlerts, recordDisposal, replaceMonthAlerts } from "./alert-store.js";
export type { EventLeaf, LeafCondition, Outcome } from "./conditions.js";
export { evaluateTree, eventLeaves, isEventCondition, watchedKinds } from "./conditions.js";
export type { AlertRecord, AlertStatus, Disposal, EscalationPolicy } from "./escalation.js";
export { alertStatuses, DEFAULT_ESCALATION, escalationPolicySchema, mandatoryInspections, parseEscalationPolicy } from "./escalation.js";
export type { Alert, EvaluateMonthOptions } from "./evaluate-month.js";
export { alertId, evaluateMonth, inScope, isUnscoped, makeAlert } from "./evaluate-month.js";
export { windowCounts } from "./month-end-conditions.js";
export { NATIONAL_RULES, NATIONAL_RULES_DOCUMENT } from "./national-rules.js";
export { parseRules, rulesHash, safeParseRules } from "./parse-rules.js";
export type { Condition, Measure, Rule, RuleSet, RuleSetInput } from "./rule-schema.js";
export { conditionSchema, leafSchemas, MEASURE_LABELS, MEASURES, ruleSchema, ruleSetSchema } from "./rule-schema.js";
export type { MonthEndData, StreamEnterprise, StreamEvent, StreamingEngine } from "./streaming-engine.js";
export { createStreamingEngine } from "./streaming-engine.js";
