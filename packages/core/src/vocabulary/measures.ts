/**
 * The graded measures of early warning (003 §十二): reminder → warning → interview → inspection.
 * @module
 */

/**
 * The measures in rising order (提醒 → 警示 → 约谈 → 检查).
 *
 * @example
 * MEASURES.indexOf("interview") //=> 2
 * @category Vocabulary
 */
export const MEASURES = ["reminder", "warning", "interview", "inspection"] as const;

/**
 * One of {@link MEASURES}.
 * @category Vocabulary
 */
export type Measure = (typeof MEASURES)[number];

/**
 * Chinese and English labels of each measure.
 *
 * @example
 * MEASURE_LABELS.inspection.zh //=> "检查"
 * @category Vocabulary
 */
export const MEASURE_LABELS: Readonly<Record<Measure, { readonly zh: string; readonly en: string }>> = {
  reminder: { zh: "提醒", en: "reminder" },
  warning: { zh: "警示", en: "warning" },
  interview: { zh: "约谈", en: "interview" },
  inspection: { zh: "检查", en: "inspection" },
};
