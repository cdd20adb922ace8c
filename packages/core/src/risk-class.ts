/**
 * The four credit-risk classes of 国市监信发〔2022〕6号 §七, by rising risk.
 * @module
 */
import type { SafeResult } from "./errors.js";
import { unwrap } from "./errors.js";

/** A risk class: A low, B general, C relatively high, D high. */
export type RiskClass = "A" | "B" | "C" | "D";

/** The classes in order of rising risk. */
export const RISK_CLASSES: readonly RiskClass[] = ["A", "B", "C", "D"];

/** Chinese and English labels of each class. */
export const RISK_CLASS_LABELS: Readonly<Record<RiskClass, { readonly zh: string; readonly en: string }>> = {
  A: { zh: "信用风险低", en: "low risk" },
  B: { zh: "信用风险一般", en: "general risk" },
  C: { zh: "信用风险较高", en: "relatively high risk" },
  D: { zh: "信用风险高", en: "high risk" },
};

/**
 * Position of a class in the risk order: A 0 … D 3.
 *
 * @param riskClass - The class.
 * @returns 0–3.
 * @example
 * riskClassIndex("C") //=> 2
 * @category Risk classes
 */
export function riskClassIndex(riskClass: RiskClass): number {
  return RISK_CLASSES.indexOf(riskClass);
}

/**
 * Compares by risk, for sorting: negative when `a` is less risky.
 *
 * @param a - First class.
 * @param b - Second class.
 * @returns `a − b` in risk order.
 * @example
 * ["D", "A", "C"].sort(compareRiskClass) //=> ["A", "C", "D"]
 * @category Risk classes
 */
export function compareRiskClass(a: RiskClass, b: RiskClass): number {
  return riskClassIndex(a) - riskClassIndex(b);
}

/**
 * The riskier of the classes given.
 *
 * @param first - A class.
 * @param rest - More classes.
 * @returns The class with the highest risk.
 * @example
 * maxRiskClass("B", "D", "A") //=> "D"
 * @category Risk classes
 */
export function maxRiskClass(first: RiskClass, ...rest: RiskClass[]): RiskClass {
  let max = first;
  for (const c of rest) if (compareRiskClass(c, max) > 0) max = c;
  return max;
}

/**
 * Moves a class up (riskier) or down by `steps`, capped at A and D.
 *
 * @param riskClass - The class.
 * @param steps - Positive for riskier.
 * @returns The shifted class.
 * @example
 * shiftRiskClass("C", 2) //=> "D"
 * @category Risk classes
 */
export function shiftRiskClass(riskClass: RiskClass, steps: number): RiskClass {
  const i = Math.min(3, Math.max(0, riskClassIndex(riskClass) + Math.trunc(steps)));
  return RISK_CLASSES[i] ?? riskClass;
}

/**
 * Type guard for a risk class.
 *
 * @param value - Any value.
 * @returns Whether it is `A`, `B`, `C` or `D`.
 * @example
 * isRiskClass("E") //=> false
 * @category Risk classes
 */
export function isRiskClass(value: unknown): value is RiskClass {
  return value === "A" || value === "B" || value === "C" || value === "D";
}

/**
 * Parses a class, accepting lower case and surrounding spaces.
 *
 * @param text - e.g. `"b"`.
 * @returns The class or an `invalid_risk_class` issue.
 * @example
 * safeParseRiskClass(" b ") //=> { success: true, data: "B" }
 * @category Risk classes
 */
export function safeParseRiskClass(text: string): SafeResult<RiskClass> {
  const upper = text.trim().toUpperCase();
  if (isRiskClass(upper)) return { success: true, data: upper };
  return {
    success: false,
    issues: [{ code: "invalid_risk_class", value: text, expected: "A, B, C or D", message: `${JSON.stringify(text)} is not a risk class A, B, C or D` }],
  };
}

/**
 * Parses a class, accepting lower case and surrounding spaces.
 *
 * @param text - e.g. `"d"`.
 * @returns The class.
 * @throws {ValidationError} `invalid_risk_class`.
 * @example
 * parseRiskClass("d") //=> "D"
 * @category Risk classes
 */
export function parseRiskClass(text: string): RiskClass {
  return unwrap(safeParseRiskClass(text));
}
