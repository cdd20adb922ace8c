/**
 * Indicator metadata: the five families of 国市监信发〔2022〕6号 §四 and what each column means.
 * @module
 */
import type { IndicatorFrame } from "./indicator-frame.js";
import type { Period } from "./period.js";

/** The five indicator families: basic attributes, dynamic information, supervision, relationships, social evaluation. */
export type IndicatorFamily = "basic" | "dynamic" | "supervision" | "relationship" | "social";

/** The families in the order of the regulation. */
export const INDICATOR_FAMILIES: readonly IndicatorFamily[] = ["basic", "dynamic", "supervision", "relationship", "social"];

/** Chinese and English names of the families. */
export const FAMILY_LABELS: Readonly<Record<IndicatorFamily, { readonly zh: string; readonly en: string }>> = {
  basic: { zh: "企业基础属性信息", en: "basic attributes" },
  dynamic: { zh: "企业动态信息", en: "dynamic information" },
  supervision: { zh: "监管信息", en: "supervision information" },
  relationship: { zh: "关联关系信息", en: "relationship information" },
  social: { zh: "社会评价信息", en: "social evaluation" },
};

/** Which way an indicator points: `risk` when a higher value means more risk, `safety` when less. */
export type IndicatorDirection = "risk" | "safety";

/**
 * What an indicator column is.
 *
 * @example
 * const meta: IndicatorMeta = { id: "penalties_12m", family: "supervision", unit: "count", direction: "risk",
 *   window: "12 months", name: { zh: "近12个月行政处罚次数", en: "Penalties in the last 12 months" } };
 * @category Indicators
 */
export interface IndicatorMeta {
  /** Stable identifier, `snake_case`. */
  readonly id: string;
  readonly family: IndicatorFamily;
  readonly name: { readonly zh: string; readonly en: string };
  /** Unit of the value, e.g. `count`, `months`, `flag`, `ratio`, `yuan`. */
  readonly unit: string;
  readonly direction: IndicatorDirection;
  /** Look-back window, e.g. `12 months`; absent for point values. */
  readonly window?: string;
}

/**
 * Where an engine gets the indicators of a month: a function the caller supplies (the pipeline
 * passes the indicator engine of `@creditclass/ingest` over the loaded province), so engines
 * compute nothing they are not given and need no database.
 *
 * @example
 * const indicatorsAt: IndicatorSource = (period) => computeIndicators(province, period);
 * @category Indicators
 */
export type IndicatorSource = (period: Period) => IndicatorFrame;
