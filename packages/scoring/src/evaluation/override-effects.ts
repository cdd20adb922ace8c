/**
 * What each override rule does to the ordering of adverse rates by class: the rows it moved,
 * their adverse rate, and the adverse rate of the rows the score alone put in the class they
 * land in. A rule that moves rows with a lower rate than the class they land in blunts its
 * separation from the class below.
 * @module
 */
import type { Classification } from "../classes/classify-frame.js";

/**
 * The rows one override rule moved into one class.
 * @category Evaluation
 */
export interface OverrideEffect {
  /** The model part's id and the rule's id. */
  readonly model: string;
  readonly rule: string;
  /** The class the rows land in (0–3). */
  readonly to: number;
  /** Rows the rule moved there (it was the last rule to change their class). */
  readonly moved: number;
  /** Adverse rate of those rows (NaN when none). */
  readonly rate: number;
  /** Adverse rate of the rows in that class no override moved, over all parts (NaN when none). */
  readonly classRate: number;
}

/**
 * The effect of each override rule on the ordering of classes, one entry per rule and landing
 * class with rows moved.
 *
 * @param c - A month's classification.
 * @param label - 1 = adverse outcome, per row.
 * @returns Entries in model, rule and class order.
 * @example
 * overrideEffects(c, label).map((e) => `${e.rule} → ${"ABCD"[e.to]}: ${e.moved} at ${e.rate} vs ${e.classRate}`)
 * //=> ["abnormal_list_floor → C: 812 at 0.14 vs 0.16", …]
 * @category Evaluation
 */
export function overrideEffects(c: Classification, label: ArrayLike<number>): OverrideEffect[] {
  const base = [0, 0, 0, 0];
  const baseAdverse = [0, 0, 0, 0];
  const moved = new Map<number, [rows: number, adverse: number]>();
  for (let r = 0; r < c.count; r++) {
    const k = c.riskClass[r] as number;
    const y = (label[r] as number) === 1 ? 1 : 0;
    const o = c.override[r] as number;
    if (o < 0) {
      base[k] = (base[k] as number) + 1;
      baseAdverse[k] = (baseAdverse[k] as number) + y;
      continue;
    }
    const key = ((c.model[r] as number) * 65536 + o) * 4 + k;
    const m = moved.get(key) ?? [0, 0];
    m[0]++;
    m[1] += y;
    moved.set(key, m);
  }
  return [...moved.entries()]
    .sort(([a], [b]) => a - b)
    .map(([key, [rows, adverse]]) => {
      const to = key % 4;
      const o = Math.floor(key / 4) % 65536;
      const part = c.models.models[Math.floor(key / 4 / 65536)];
      const n = base[to] as number;
      return {
        model: part?.id ?? "",
        rule: part?.overrides[o]?.id ?? String(o),
        to,
        moved: rows,
        rate: adverse / rows,
        classRate: n === 0 ? Number.NaN : (baseAdverse[to] as number) / n,
      };
    });
}
