/**
 * `@creditclass/warning`: early-warning rules (indicator thresholds and expressions, event
 * windows, growth, groups, class transitions, `all` / `any` / `not`), the national rule set, and
 * the batch and streaming engines with graded measures, disposal and escalation (alerts are stored by `@creditclass/store`).
 * @packageDocumentation
 */

export type { AlertRecord, AlertStatus, Disposal, EscalationPolicy } from "./escalation.js";
export { alertStatuses, DEFAULT_ESCALATION, escalationPolicySchema, mandatoryInspections, parseEscalationPolicy } from "./escalation.js";
export type { Alert, EvaluateMonthOptions } from "./evaluate-month.js";
export { alertId, evaluateMonth } from "./evaluate-month.js";
export { NATIONAL_RULES, NATIONAL_RULES_DOCUMENT } from "./national-rules.js";
export { parseRules, rulesHash, safeParseRules } from "./parse-rules.js";
export type { Condition, Rule, RuleSet, RuleSetInput } from "./rule-schema.js";
export { ruleSetSchema } from "./rule-schema.js";
export type { MonthEndData, StreamEnterprise, StreamEvent, StreamingEngine } from "./streaming-engine.js";
export { createStreamingEngine } from "./streaming-engine.js";
