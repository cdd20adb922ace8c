/**
 * Explanations of a classification for people: per enterprise the class, score, top reasons
 * with Chinese and English labels, value and points, the decisive override with its evidence,
 * and the change from the previous month.
 * @module
 */
import type { RiskClass } from "@creditclass/core";
import { INDICATOR_CATALOG, IndicatorFrame, RISK_CLASSES } from "@creditclass/core";
import type { Classification } from "./classify-frame.js";
import { NO_CLASS } from "./classify-frame.js";

/**
 * One reason: an indicator that cost the enterprise points.
 * @category Classification
 */
export interface Reason {
  readonly indicator: string;
  readonly name: { readonly zh: string; readonly en: string };
  /** The indicator's value (null when missing). */
  readonly value: number | null;
  /** Points lost (scorecards) or risk added (logistic: log-odds or PDO points), in the published score's units. */
  readonly points: number;
}

/**
 * One enterprise's result, explained.
 * @category Classification
 */
export interface ClassificationExplanation {
  readonly uscc: string;
  readonly riskClass: RiskClass;
  readonly scoredClass: RiskClass;
  readonly score: number;
  readonly probability: number | null;
  readonly model: string;
  readonly reasons: readonly Reason[];
  readonly override: {
    readonly id: string;
    readonly name: { readonly zh: string; readonly en: string };
    readonly action: string;
    /** Values of the fields the rule's condition reads. */
    readonly evidence: Readonly<Record<string, number | null>>;
  } | null;
  readonly previousClass: RiskClass | null;
  /** Classes moved since the previous month: positive is riskier; null without a previous class. */
  readonly change: number | null;
  /** Indicators scored by their missing-value policy. */
  readonly missing: number;
}

const CATALOG = new Map(INDICATOR_CATALOG.map((m) => [m.id, m] as const));

/**
 * Explains one row.
 *
 * @param c - The classification.
 * @param frame - The frame it was made from.
 * @param row - Row index.
 * @returns The explanation.
 * @example
 * explainRow(c, frame, 0).reasons[0] //=> { indicator: "penalties_12m", name: { zh: "近12个月行政处罚次数", en: "…" }, value: 2, points: 12 }
 * @category Classification
 */
export function explainRow(c: Classification, frame: IndicatorFrame, row: number): ClassificationExplanation {
  const m = c.model[row] as number;
  const cm = c.compiled[m];
  if (cm === undefined) throw new RangeError(`row ${row} has no model`);
  const reasons: Reason[] = [];
  for (let k = 0; k < c.scores.reasonCount; k++) {
    const t = c.scores.reasonTerm[row * c.scores.reasonCount + k] as number;
    const indicator = cm.reasonIndicators[t];
    if (t < 0 || indicator === undefined) break;
    const value = frame.value(indicator, row);
    reasons.push({
      indicator,
      name: label(indicator, frame),
      value: Number.isNaN(value) ? null : value,
      points: round(c.scores.reasonPoints[row * c.scores.reasonCount + k] as number),
    });
  }
  const o = c.override[row] as number;
  const rule = o >= 0 ? cm.model.overrides[o] : undefined;
  const condition = o >= 0 ? cm.overrides[o] : undefined;
  const previous = c.previousClass[row] as number;
  const cls = c.riskClass[row] as number;
  const probability = c.scores.probability[row] ?? Number.NaN;
  return {
    uscc: c.ids[row] as string,
    riskClass: RISK_CLASSES[cls] as RiskClass,
    scoredClass: RISK_CLASSES[c.scoredClass[row] as number] as RiskClass,
    score: round(c.scores.score[row] as number),
    probability: Number.isNaN(probability) ? null : probability,
    model: cm.model.id,
    reasons,
    override:
      rule === undefined || condition === undefined
        ? null
        : {
            id: rule.id,
            name: rule.name,
            action: rule.action.kind === "escalate" ? `escalate ${rule.action.steps}` : `${rule.action.kind} ${rule.action.class}`,
            evidence: Object.fromEntries(condition.fields.map((f) => [f, nullable(frame.value(f, row))])),
          },
    previousClass: previous === NO_CLASS ? null : (RISK_CLASSES[previous] as RiskClass),
    change: previous === NO_CLASS ? null : cls - previous,
    missing: c.scores.missing[row] as number,
  };
}

/**
 * The result as flat rows for CSV: `uscc, period, class, score, probability, scored_class,
 * previous_class, change, model, override, reasons, missing`. Reasons read
 * `indicator=value 中文名 / English name −points`, joined by ` | `.
 *
 * @param c - The classification.
 * @param frame - Its frame.
 * @returns One object per enterprise, in frame order.
 * @example
 * classificationRows(c, frame)[0] //=> { uscc: "9133…", period: "2026-10", class: "B", score: 81.25, …, reasons: "penalties_12m=1 近12个月行政处罚次数 / Administrative penalties, last 12 months −7.5" }
 * @category Classification
 */
export function classificationRows(c: Classification, frame: IndicatorFrame): Record<string, string | number | null>[] {
  return Array.from({ length: c.count }, (_, r) => classificationRow(c, frame, r));
}

/**
 * One row of {@link classificationRows}: for writing a million rows one at a time without
 * holding them all.
 *
 * @param c - The classification.
 * @param frame - Its frame.
 * @param r - Row index.
 * @returns The row's CSV fields.
 * @example
 * classificationRow(c, frame, 0).class //=> "B"
 * @category Classification
 */
export function classificationRow(c: Classification, frame: IndicatorFrame, r: number): Record<string, string | number | null> {
  const e = explainRow(c, frame, r);
  return {
    uscc: e.uscc,
    period: c.period ?? null,
    class: e.riskClass,
    score: e.score,
    probability: e.probability === null ? null : round(e.probability, 6),
    scored_class: e.scoredClass,
    previous_class: e.previousClass,
    change: e.change,
    model: e.model,
    override:
      e.override === null
        ? null
        : `${e.override.id} (${e.override.action}: ${Object.entries(e.override.evidence)
            .map(([k, v]) => `${k}=${v}`)
            .join(", ")})`,
    // Indicators without catalog names (a bureau's own columns) are shown by their column name alone.
    reasons: e.reasons
      .map((x) => `${x.indicator}=${x.value ?? "missing"}${x.name.zh === x.indicator ? "" : ` ${x.name.zh} / ${x.name.en}`} −${x.points}`)
      .join(" | "),
    missing: e.missing,
  };
}

function label(indicator: string, frame: IndicatorFrame): { zh: string; en: string } {
  const meta = frame.meta(indicator) ?? CATALOG.get(indicator);
  return meta === undefined ? { zh: indicator, en: indicator } : { zh: meta.name.zh, en: meta.name.en };
}

const nullable = (v: number): number | null => (Number.isNaN(v) ? null : v);
const round = (v: number, digits = 4): number => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * The numeric results as an `IndicatorFrame` (class and scored class as 0–3, score, probability,
 * previous class (NaN when none), change, override index (−1 none), missing count), so they go to
 * a danfojs DataFrame through `toDataFrame` of `@creditclass/ingest` or to CSV through
 * `writeFrameCsv` without row objects.
 *
 * @param c - The classification.
 * @returns One row per enterprise, sharing nothing with `c` (copies).
 * @example
 * const df = await toDataFrame(classificationFrame(c));
 * df.columns //=> ["uscc", "class", "scored_class", "score", "probability", "previous_class", "change", "override", "missing"]
 * @category Classification
 */
export function classificationFrame(c: Classification): IndicatorFrame {
  const previous = Float64Array.from(c.previousClass, (p) => (p === NO_CLASS ? Number.NaN : p));
  const change = Float64Array.from(c.riskClass, (k, r) => ((c.previousClass[r] as number) === NO_CLASS ? Number.NaN : k - (c.previousClass[r] as number)));
  return IndicatorFrame.fromColumns({
    ids: c.ids,
    columns: {
      class: Float64Array.from(c.riskClass),
      scored_class: Float64Array.from(c.scoredClass),
      score: Float64Array.from(c.scores.score),
      probability: c.scores.probability.length === 0 ? new Float64Array(c.count).fill(Number.NaN) : Float64Array.from(c.scores.probability),
      previous_class: previous,
      change,
      override: Float64Array.from(c.override),
      missing: Float64Array.from(c.scores.missing),
    },
    ...(c.period === undefined ? {} : { period: c.period }),
  });
}
