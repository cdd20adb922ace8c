/**
 * The default national model set: a weighted scorecard over all 37 catalog indicators (general
 * enterprises) and an additive points model for individual businesses (个体工商户), with the
 * reasoning for every weight in the document itself (`rationale`), rendered to
 * `docs/scoring-model.md`.
 * @module
 */
import type { ModelInput, ModelSet, ScorecardInput, Transform } from "./model-schema.js";
import { parseModel } from "./parse-model.js";

type Step = readonly [upTo: number, points: number];

/** Bins for a count or level: `[[0, 100], [2, 60], [Infinity, 10]]` = ≤ 0 → 100, (0, 2] → 60, above → 10. */
function steps(...list: Step[]): Extract<Transform, { kind: "bins" }> {
  return {
    kind: "bins",
    bins: list.map(([upTo, points], k) => {
      const prev = list[k - 1]?.[0];
      return {
        ...(prev === undefined ? {} : { min: prev }),
        ...(Number.isFinite(upTo) ? { max: upTo } : {}),
        minClosed: prev === undefined,
        maxClosed: Number.isFinite(upTo),
        points,
      };
    }),
  };
}
const flag = (whenSet: number) => steps([0, 100], [Number.POSITIVE_INFINITY, whenSet]);
const curve = (...knots: [number, number][]) => ({ kind: "piecewise" as const, knots });
const neutral = { policy: "neutral" as const };
const best = { policy: "neutral" as const, points: 100 };
const zero = { policy: "impute" as const, value: 0 };
const I = Number.POSITIVE_INFINITY;

/** The general scorecard: 0–100 points per indicator, weighted in two levels, published on 0–1000. */
const GENERAL: ScorecardInput = {
  kind: "creditclass.scorecard",
  version: 1,
  id: "national-general",
  name: { zh: "企业信用风险分类通用模型（默认）", en: "General enterprise credit-risk model (default)" },
  modelVersion: "2026.11",
  description:
    "Weighted scorecard over the five indicator families of 国市监信发〔2022〕6号 §四. Each indicator maps to 0–100 points (100 = no sign of risk); the weighted sum is published on a 0–1000 scale, like Shenzhen's.",
  combine: "weighted",
  families: {
    basic: {
      weight: 0.1,
      rationale: "Attributes describe exposure, not conduct: they separate young and thinly capitalised firms but weigh least.",
      indicators: [
        {
          indicator: "age_months",
          weight: 0.35,
          transform: curve([0, 40], [12, 60], [36, 85], [60, 100]),
          missing: neutral,
          rationale: "Failure and misconduct rates fall with age; flat after five years.",
        },
        {
          indicator: "is_individual",
          weight: 0.15,
          transform: flag(70),
          missing: zero,
          rationale: "Individual businesses keep fewer records; a small step, their own model applies when chosen.",
        },
        {
          indicator: "log_registered_capital",
          weight: 0.25,
          transform: curve([0, 50], [3, 70], [6, 100]),
          missing: neutral,
          rationale: "Subscribed capital is a weak signal (it need not be paid in); missing for individual businesses, hence neutral.",
        },
        {
          indicator: "is_new_enterprise",
          weight: 0.25,
          transform: flag(50),
          missing: zero,
          rationale: "Less than six months of history: the observation-period override decides their class when there are no records.",
        },
      ],
    },
    dynamic: {
      weight: 0.2,
      rationale: "Changes and annual-report behaviour show management instability and neglect of obligations (abnormal changes, §十二).",
      indicators: [
        {
          indicator: "changes_12m",
          weight: 0.15,
          transform: steps([0, 100], [2, 70], [4, 40], [I, 10]),
          missing: zero,
          rationale: "Frequent registration changes precede shell use and disputes.",
        },
        {
          indicator: "legal_rep_changes_6m",
          weight: 0.15,
          transform: steps([0, 100], [1, 50], [I, 0]),
          missing: zero,
          rationale: "Replacing the legal representative shortly before trouble is a classic evasion pattern.",
        },
        {
          indicator: "address_changes_12m",
          weight: 0.1,
          transform: steps([0, 100], [1, 60], [I, 20]),
          missing: zero,
          rationale: "Moving addresses repeatedly makes enterprises hard to reach.",
        },
        { indicator: "shareholder_changes_12m", weight: 0.05, transform: steps([0, 100], [2, 60], [I, 30]), missing: zero },
        { indicator: "capital_changes_12m", weight: 0.05, transform: steps([0, 100], [1, 70], [I, 40]), missing: zero },
        { indicator: "name_changes_24m", weight: 0.05, transform: steps([0, 100], [1, 70], [I, 30]), missing: zero },
        {
          indicator: "months_since_last_change",
          weight: 0.05,
          transform: curve([0, 60], [12, 90], [24, 100]),
          missing: best,
          rationale: "Never changed: full points.",
        },
        {
          indicator: "annual_report_missing",
          weight: 0.2,
          transform: steps([0, 100], [1, 40], [I, 0]),
          missing: zero,
          rationale: "A missing annual report leads to the abnormal-operations list; the strongest dynamic signal.",
        },
        { indicator: "annual_report_late", weight: 0.1, transform: steps([0, 100], [1, 70], [I, 40]), missing: zero },
        {
          indicator: "annual_report_zero",
          weight: 0.05,
          transform: flag(50),
          missing: zero,
          rationale: "Zero staff and zero revenue: possibly dormant or a shell.",
        },
        { indicator: "pledges_12m", weight: 0.05, transform: steps([0, 100], [1, 70], [I, 40]), missing: zero },
      ],
    },
    supervision: {
      weight: 0.4,
      rationale:
        "Penalties, lists and inspection findings are direct evidence of past violations and the best predictor of the next; the largest family weight.",
      indicators: [
        {
          indicator: "penalties_12m",
          weight: 0.14,
          transform: steps([0, 100], [1, 40], [2, 15], [I, 0]),
          missing: zero,
          rationale: "Recent penalties weigh most.",
        },
        { indicator: "penalties_36m", weight: 0.08, transform: steps([0, 100], [1, 70], [3, 40], [I, 10]), missing: zero },
        { indicator: "serious_penalties_36m", weight: 0.1, transform: steps([0, 100], [I, 0]), missing: zero },
        {
          indicator: "penalty_severity_decayed",
          weight: 0.12,
          transform: curve([0, 100], [2, 60], [6, 20], [10, 0]),
          missing: zero,
          rationale: "Severity with time decay, so an old minor penalty fades.",
        },
        { indicator: "penalty_amount_log_36m", weight: 0.04, transform: curve([0, 100], [8, 70], [12, 30], [15, 0]), missing: zero },
        {
          indicator: "months_since_last_penalty",
          weight: 0.04,
          transform: curve([0, 20], [12, 60], [36, 100]),
          missing: best,
          rationale: "Never penalised: full points.",
        },
        { indicator: "on_abnormal_list", weight: 0.12, transform: flag(10), missing: zero, rationale: "Also floors the class at C through an override." },
        { indicator: "abnormal_entries_36m", weight: 0.06, transform: steps([0, 100], [1, 60], [I, 30]), missing: zero },
        { indicator: "on_serious_list", weight: 0.1, transform: flag(0), missing: zero, rationale: "Also sets class D through an override." },
        {
          indicator: "inspections_24m",
          weight: 0.02,
          transform: steps([0, 100], [1, 90], [I, 80]),
          missing: zero,
          rationale: "Being inspected is mostly chance (random draws); a small weight.",
        },
        { indicator: "inspection_problems_24m", weight: 0.08, transform: steps([0, 100], [1, 40], [I, 10]), missing: zero },
        {
          indicator: "inspection_not_found_24m",
          weight: 0.06,
          transform: steps([0, 100], [I, 10]),
          missing: zero,
          rationale: "Not found at the registered address: the usual route to the abnormal list.",
        },
        {
          indicator: "inspection_problem_rate_24m",
          weight: 0.04,
          transform: curve([0, 100], [0.5, 50], [1, 20]),
          missing: { policy: "neutral", points: 80 },
          rationale: "Never inspected: unknown, 80 points (absence of evidence is not evidence of compliance).",
        },
      ],
    },
    relationship: {
      weight: 0.15,
      rationale: "Risk travels through shared people and addresses (relationship information, §四).",
      indicators: [
        {
          indicator: "same_address_count",
          weight: 0.25,
          transform: steps([0, 100], [2, 85], [9, 60], [I, 20]),
          missing: zero,
          rationale: "Many firms at one address suggest a registration farm.",
        },
        { indicator: "related_enterprises", weight: 0.15, transform: steps([0, 100], [5, 90], [20, 70], [I, 50]), missing: zero },
        {
          indicator: "related_listed_share",
          weight: 0.3,
          transform: curve([0, 100], [0.2, 60], [0.5, 20], [1, 0]),
          missing: best,
          rationale: "No linked enterprises: full points.",
        },
        { indicator: "related_penalised_share", weight: 0.2, transform: curve([0, 100], [0.3, 60], [1, 20]), missing: best },
        { indicator: "legal_rep_enterprise_count", weight: 0.1, transform: steps([0, 100], [3, 90], [10, 60], [I, 30]), missing: zero },
      ],
    },
    social: {
      weight: 0.15,
      rationale: "Complaints and reports are the public's early signal (abnormal growth of complaints, §十二).",
      indicators: [
        { indicator: "complaints_3m", weight: 0.3, transform: steps([0, 100], [1, 70], [3, 40], [I, 10]), missing: zero },
        { indicator: "complaints_12m", weight: 0.3, transform: steps([0, 100], [2, 75], [6, 40], [I, 10]), missing: zero },
        {
          indicator: "reports_12m",
          weight: 0.2,
          transform: steps([0, 100], [1, 60], [I, 20]),
          missing: zero,
          rationale: "Reports (举报) allege violations; complaints (投诉) are often consumer disputes.",
        },
        { indicator: "complaint_growth", weight: 0.2, transform: curve([1, 100], [2, 70], [4, 30], [8, 0]), missing: best },
      ],
    },
  },
  scale: { kind: "linear", min: 0, max: 1000 },
  classes: { method: "thresholds", A: { atLeast: 880 }, B: { atLeast: 790 }, C: { atLeast: 700 } },
  overrides: [
    {
      id: "observation_period",
      name: { zh: "新设企业观察期", en: "Observation period for new enterprises" },
      when: "is_new_enterprise == 1 and penalties_36m == 0 and abnormal_entries_36m == 0 and complaints_12m == 0 and inspection_problems_24m == 0",
      action: { kind: "observation", class: "B" },
      source: "国市监信发〔2022〕6号 §十 (observation period)",
      rationale: "Under six months with no records: too little history to call low risk.",
    },
    {
      id: "recent_serious_penalty",
      name: { zh: "近期严重行政处罚升级", en: "Escalation after a recent serious penalty" },
      when: "serious_penalties_36m >= 1 and months_since_last_penalty < 12",
      action: { kind: "escalate", steps: 1 },
      source: "Shenzhen raises by two grades for a major safety accident; here one grade, for a serious penalty whose latest penalty is within 12 months",
    },
    {
      id: "abnormal_list_floor",
      name: { zh: "列入经营异常名录至少C类", en: "On the abnormal-operations list: at least C" },
      when: "on_abnormal_list == 1",
      action: { kind: "floor", class: "C" },
    },
    {
      id: "serious_list",
      name: { zh: "列入严重违法失信名单直接D类", en: "On the serious-violation list: D" },
      when: "on_serious_list == 1",
      action: { kind: "set", class: "D" },
    },
    {
      id: "licence_revoked",
      name: { zh: "吊销营业执照直接D类", en: "Licence revoked: D" },
      when: "is_revoked == 1",
      action: { kind: "set", class: "D" },
    },
  ],
};

const cap = (points: number, max: number) => ({ kind: "numeric" as const, cap: { min: 0, max }, multiply: points, add: 0, log: false });

/** Individual businesses: 100 points less fixed deductions, as many provinces publish for 个体工商户. */
const INDIVIDUAL: ScorecardInput = {
  kind: "creditclass.scorecard",
  version: 1,
  id: "national-individual",
  name: { zh: "个体工商户信用风险分类模型（默认）", en: "Individual-business credit-risk model (default)" },
  modelVersion: "2026.11",
  description: "Additive points: 100 less fixed deductions per record, the form provincial rules for individual businesses use.",
  appliesTo: { entityTypes: ["individual"] },
  combine: "additive",
  basePoints: 100,
  families: {
    dynamic: { indicators: [{ indicator: "annual_report_missing", transform: cap(-10, 3), missing: zero, rationale: "−10 per missing annual report." }] },
    supervision: {
      indicators: [
        { indicator: "penalties_12m", transform: cap(-10, 5), missing: zero, rationale: "−10 per penalty in 12 months." },
        { indicator: "serious_penalties_36m", transform: cap(-20, 3), missing: zero, rationale: "−20 per serious penalty in 36 months." },
        { indicator: "on_abnormal_list", transform: cap(-15, 1), missing: zero },
        { indicator: "on_serious_list", transform: cap(-40, 1), missing: zero },
        { indicator: "inspection_problems_24m", transform: cap(-10, 3), missing: zero },
      ],
    },
    social: { indicators: [{ indicator: "complaints_12m", transform: cap(-3, 10), missing: zero, rationale: "−3 per complaint in 12 months, at most −30." }] },
  },
  classes: { method: "thresholds", A: { atLeast: 95 }, B: { atLeast: 80 }, C: { atLeast: 60 } },
  overrides: [
    {
      id: "serious_list",
      name: { zh: "列入严重违法失信名单直接D类", en: "On the serious-violation list: D" },
      when: "on_serious_list == 1",
      action: { kind: "set", class: "D" },
    },
    { id: "licence_revoked", name: { zh: "吊销营业执照直接D类", en: "Licence revoked: D" }, when: "is_revoked == 1", action: { kind: "set", class: "D" } },
  ],
};

/** The default model set as a document (write it out with `JSON.stringify` to start your own). */
export const DEFAULT_MODEL_DOCUMENT: ModelInput = {
  kind: "creditclass.model-set",
  version: 1,
  id: "national-default",
  name: { zh: "全国默认企业信用风险分类模型", en: "National default credit-risk models" },
  models: [INDIVIDUAL, GENERAL],
};

/**
 * The default national model set, validated.
 *
 * @example
 * DEFAULT_MODEL_SET.models.map((m) => m.id) //=> ["national-individual", "national-general"]
 * @category Models
 */
export const DEFAULT_MODEL_SET: ModelSet = parseModel(DEFAULT_MODEL_DOCUMENT);
