/**
 * `@creditclass/warning`: early-warning rules (indicator thresholds and expressions, event
 * windows, growth, groups, class transitions, `all` / `any` / `not`), the national rule set, and
 * the batch and streaming engines with graded measures (in progress: issue 4).
 * @packageDocumentation
 */

export { ensureAlertTable, lastAlertDays, replaceMonthAlerts } from "./alert-store.js";
export type { Alert, EvaluateMonthOptions } from "./evaluate-month.js";
export { evaluateMonth, windowCounts } from "./evaluate-month.js";
export { NATIONAL_RULES, NATIONAL_RULES_DOCUMENT } from "./national-rules.js";
export { parseRules, rulesHash, safeParseRules } from "./parse-rules.js";
export type { Condition, Measure, Rule, RuleSet, RuleSetInput } from "./rule-schema.js";
export { conditionSchema, leafSchemas, MEASURE_LABELS, MEASURES, ruleSchema, ruleSetSchema } from "./rule-schema.js";
export type { StreamEvent, StreamingEngine } from "./streaming-engine.js";
export { createStreamingEngine } from "./streaming-engine.js";
