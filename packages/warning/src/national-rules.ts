/**
 * The national rule set: the early-warning rules every province starts from, each with why it
 * exists (国市监信发〔2022〕6号 §十二: abnormal registration, abnormal changes, abnormal growth of
 * complaints, with graded measures), rendered to `docs/warning-rules.md`.
 * @module
 */
import { parseRules } from "./parse-rules.js";
import type { RuleSet, RuleSetInput } from "./rule-schema.js";

/** The national rule set as a document (write it out with `JSON.stringify` to start your own). */
export const NATIONAL_RULES_DOCUMENT: RuleSetInput = {
  kind: "creditclass.warning-rules",
  version: 1,
  id: "national",
  name: { zh: "全国通用预警规则", en: "National early-warning rules" },
  rules: [
    {
      id: "abnormal_registration",
      name: { zh: "异常注册：同一住所集中注册", en: "Abnormal registration: many new enterprises at one address" },
      severity: 3,
      measure: "inspection",
      cooldownDays: 90,
      condition: { kind: "group", by: "address", days: 31, atLeast: 5 },
      rationale:
        "Five or more enterprises registered at one address within a month is the signature of registration farms and shell companies (异常注册, §十二); the address is checked on site.",
    },
    {
      id: "abnormal_changes",
      name: { zh: "异常变更：法定代表人频繁变更", en: "Abnormal changes: frequent legal-representative changes" },
      severity: 3,
      measure: "interview",
      cooldownDays: 90,
      condition: { kind: "window", events: ["change"], details: ["legal_rep"], days: 180, atLeast: 3 },
      rationale:
        "Three or more legal-representative changes within 180 days often precede evasion of liability (异常变更, §十二); the enterprise is called in for an interview.",
    },
    {
      id: "complaint_surge",
      name: { zh: "投诉举报异常增长", en: "Complaint surge" },
      severity: 2,
      measure: "warning",
      cooldownDays: 30,
      condition: { kind: "growth", events: ["complaint"], factor: 3, trailingMonths: 3, minimum: 5 },
      rationale:
        "This month's complaints and reports at least three times the trailing three-month mean, and at least five (投诉举报异常增长, §十二): a public signal worth a formal warning.",
    },
    {
      id: "annual_report_overdue",
      name: { zh: "年报逾期未报", en: "Annual report overdue" },
      severity: 1,
      measure: "reminder",
      cooldownDays: 180,
      condition: { kind: "threshold", indicator: "annual_report_missing", op: ">=", value: 1 },
      rationale: "A missing annual report leads to the abnormal-operations list; a reminder first gives the enterprise the chance to file.",
    },
    {
      id: "penalty_after_repair",
      name: { zh: "信用修复后短期内再受处罚", en: "Penalty shortly after a credit repair" },
      severity: 3,
      measure: "inspection",
      cooldownDays: 90,
      condition: {
        kind: "all",
        conditions: [
          { kind: "window", events: ["credit_repair"], days: 365, atLeast: 1 },
          { kind: "window", events: ["penalty"], days: 90, atLeast: 1 },
        ],
      },
      rationale:
        "A new penalty within a year of a credit repair suggests the repair promised more than it changed; the repair's conditions are rechecked on site.",
    },
    {
      id: "serious_list_entry",
      name: { zh: "列入严重违法失信名单", en: "Entry on the serious-violation list" },
      severity: 4,
      measure: "inspection",
      cooldownDays: 365,
      condition: { kind: "window", events: ["serious_entry"], days: 31, atLeast: 1 },
      rationale: "Entry on the serious-violation list means D and strict supervision; the entry month triggers an inspection.",
    },
    {
      id: "sudden_deterioration",
      name: { zh: "信用风险分类突然恶化", en: "Sudden class deterioration" },
      severity: 3,
      measure: "interview",
      cooldownDays: 60,
      condition: {
        kind: "any",
        conditions: [
          { kind: "transition", stepsUp: 2 },
          { kind: "transition", from: ["A", "B"], to: ["D"] },
        ],
      },
      rationale: "Two classes worse in one month (or from A/B straight to D) is rarely noise; the enterprise is asked to explain.",
    },
  ],
};

/**
 * The national rule set, validated.
 *
 * @example
 * NATIONAL_RULES.rules.map((r) => r.measure) //=> ["inspection", "interview", "warning", "reminder", "inspection", "inspection", "interview"]
 * @category Rules
 */
export const NATIONAL_RULES: RuleSet = parseRules(NATIONAL_RULES_DOCUMENT);
