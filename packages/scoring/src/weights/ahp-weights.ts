/**
 * Weights by the analytic hierarchy process (AHP, Saaty): a reciprocal matrix of pairwise
 * comparisons on the 1–9 scale → its principal eigenvector (mathjs `eigs`), normalised to sum 1,
 * with the consistency ratio CR = CI / RI, CI = (λmax − n) / (n − 1). A matrix with CR ≥ 0.1 is
 * rejected with its CR: the comparisons contradict each other too much to justify weights.
 * @module
 */
import type { Issue } from "@creditclass/core";
import { ValidationError } from "@creditclass/core";
import { eigs } from "mathjs";

/** Saaty's random consistency index for n = 1 … 10. */
const RANDOM_INDEX = [0, 0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49] as const;

/**
 * Weights with the evidence that justifies them.
 * @category Weights
 */
export interface AhpWeights {
  readonly weights: readonly number[];
  readonly lambdaMax: number;
  readonly consistencyIndex: number;
  /** CI / RI; 0 for n ≤ 2 (always consistent). */
  readonly consistencyRatio: number;
}

/**
 * Computes AHP weights.
 *
 * @param matrix - n × n, a[i][j] = how much more important i is than j (positive, a[j][i] = 1 / a[i][j], a[i][i] = 1), 1 ≤ n ≤ 10.
 * @param options - `maxConsistencyRatio` (default 0.1), `tolerance` for the reciprocal check (default 1e-6).
 * @returns Weights (sum 1), λmax, CI and CR.
 * @throws {ValidationError} `invalid_config` naming the cell that is not positive or not reciprocal, or the CR when it is too high.
 * @example
 * ahpWeights([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]]).weights //=> [0.637, 0.258, 0.105] (rounded)
 * @category Weights
 */
export function ahpWeights(
  matrix: readonly (readonly number[])[],
  options: { readonly maxConsistencyRatio?: number; readonly tolerance?: number } = {},
): AhpWeights {
  const n = matrix.length;
  const tolerance = options.tolerance ?? 1e-6;
  const issues: Issue[] = [];
  if (n < 1 || n > 10)
    issues.push({ code: "invalid_config", path: [], value: n, expected: "1 to 10 criteria", message: `${n} criteria: AHP here takes 1 to 10` });
  matrix.forEach((row, i) => {
    if (row.length !== n)
      issues.push({
        code: "invalid_config",
        path: [i],
        value: row.length,
        expected: `${n} values`,
        message: `row ${i} has ${row.length} values, expected ${n}`,
      });
    row.forEach((a, j) => {
      const mirror = matrix[j]?.[i];
      if (!(a > 0) || !Number.isFinite(a))
        issues.push({ code: "invalid_config", path: [i, j], value: a, expected: "a positive number", message: `a[${i}][${j}] = ${a} is not positive` });
      else if (i === j && Math.abs(a - 1) > tolerance)
        issues.push({ code: "invalid_config", path: [i, j], value: a, expected: "1", message: `a[${i}][${i}] = ${a}, expected 1` });
      else if (i < j && mirror !== undefined && Math.abs(a * mirror - 1) > tolerance) {
        issues.push({
          code: "invalid_config",
          path: [j, i],
          value: mirror,
          expected: `1 / ${a}`,
          message: `a[${j}][${i}] = ${mirror} is not the reciprocal of a[${i}][${j}] = ${a}`,
        });
      }
    });
  });
  if (issues.length > 0) throw new ValidationError(issues);
  if (n === 1) return { weights: [1], lambdaMax: 1, consistencyIndex: 0, consistencyRatio: 0 };
  const { eigenvectors } = eigs(matrix.map((r) => [...r]));
  const re = (v: unknown): number => (typeof v === "number" ? v : ((v as { re?: number }).re ?? Number.NaN));
  let principal = eigenvectors[0];
  for (const e of eigenvectors) if (re(e.value) > re(principal?.value)) principal = e;
  const vector = ((principal?.vector ?? []) as unknown as unknown[]).map((v) => Math.abs(re(v)));
  const sum = vector.reduce((s, v) => s + v, 0);
  const weights = vector.map((v) => v / sum);
  const lambdaMax = re(principal?.value);
  const consistencyIndex = (lambdaMax - n) / (n - 1);
  const consistencyRatio = n <= 2 ? 0 : consistencyIndex / (RANDOM_INDEX[n] ?? 1.49);
  const limit = options.maxConsistencyRatio ?? 0.1;
  if (consistencyRatio >= limit) {
    throw new ValidationError([
      {
        code: "invalid_config",
        path: [],
        value: consistencyRatio,
        expected: `a consistency ratio below ${limit}`,
        message: `the comparisons are inconsistent: CR = ${consistencyRatio.toFixed(3)} (λmax ${lambdaMax.toFixed(3)}, CI ${consistencyIndex.toFixed(3)}), expected below ${limit}`,
      },
    ]);
  }
  return { weights, lambdaMax, consistencyIndex, consistencyRatio };
}
