/**
 * Override rules after scoring, in document order: each matching rule acts on the class the
 * previous ones left (set, floor, escalate capped at D, observation period). The last rule that
 * changed a class is recorded, and a bit mask of every rule that matched.
 * @module
 */
import type { ColumnExpression, IndicatorFrame } from "@creditclass/core";
import type { OverrideRule } from "../model/model-schema.js";

const CLASS_INDEX = { A: 0, B: 1, C: 2, D: 3 } as const;

/**
 * Applies the rules to rows of a frame.
 *
 * @param rules - The model's override rules.
 * @param conditions - Their compiled `when` expressions, same order.
 * @param frame - The indicator frame (full rows, not a view).
 * @param classes - Class per row (0–3), updated in place for `rows`.
 * @param decisive - Index of the last rule that changed the row's class, −1 if none; written for `rows`.
 * @param matched - Bit k set when rule k matched (rules beyond 32 are applied but not in the mask).
 * @param rows - Rows of this model; all when absent.
 * @example
 * applyOverrides(model.overrides, compiled.overrides, frame, classes, decisive, matched);
 * classes[row] //=> 3 (on the serious-violation list)
 * @category Classification
 */
export function applyOverrides(
  rules: readonly OverrideRule[],
  conditions: readonly ColumnExpression[],
  frame: IndicatorFrame,
  classes: Uint8Array,
  decisive: Int16Array,
  matched: Uint32Array,
  rows?: Int32Array,
): void {
  const n = rows === undefined ? frame.rowCount : rows.length;
  for (let i = 0; i < n; i++) decisive[rows === undefined ? i : (rows[i] as number)] = -1;
  rules.forEach((rule, k) => {
    const condition = conditions[k];
    if (condition === undefined) return;
    const hit = condition.evaluate((name) => frame.column(name), frame.rowCount);
    const bit = k < 32 ? (1 << k) >>> 0 : 0;
    const action = rule.action;
    for (let i = 0; i < n; i++) {
      const r = rows === undefined ? i : (rows[i] as number);
      const h = hit[r] as number;
      if (h === 0 || Number.isNaN(h)) continue;
      matched[r] = ((matched[r] as number) | bit) >>> 0;
      const before = classes[r] as number;
      const after =
        action.kind === "escalate"
          ? Math.min(3, before + action.steps)
          : action.kind === "floor"
            ? Math.max(before, CLASS_INDEX[action.class])
            : CLASS_INDEX[action.class];
      if (after !== before) {
        classes[r] = after;
        decisive[r] = k;
      }
    }
  });
}
