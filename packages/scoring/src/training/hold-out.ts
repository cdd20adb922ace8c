/**
 * The deterministic hold-out of the trainers: an enterprise is wholly in training or in test,
 * across months, by a hash of its code — so every trainer (logistic, boosted) tests on the same
 * enterprises — and the checks every trainer makes of what it was given.
 * @module
 */
import { ValidationError } from "@creditclass/core";
import type { TrainingSet } from "./training-set.js";

/**
 * The share of an enterprise's code in [0, 1) (FNV-1a): rows whose share is below the test share
 * are held out.
 *
 * @param id - The enterprise's code.
 * @returns A share in [0, 1), the same for the same code.
 * @example
 * holdOutShare("91330100MA2B3C4D5E") //=> 0.699… (in training at a 30 % test share)
 */
export function holdOutShare(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 2 ** 32;
}

/**
 * The training and test rows of a set of row ids at a test share.
 *
 * @param ids - One enterprise code per row.
 * @param testShare - Share of enterprises held out, 0–1.
 * @returns Row indices of each side, ascending.
 * @example
 * splitByEnterprise(["a", "b", "a"], 0.895) //=> { train: Int32Array [1], test: Int32Array [0, 2] } ("a" 0.891, "b" 0.903)
 */
export function splitByEnterprise(ids: readonly string[], testShare: number): { train: Int32Array; test: Int32Array } {
  const isTest = Uint8Array.from(ids, (id) => (holdOutShare(id) < testShare ? 1 : 0));
  let tests = 0;
  for (const t of isTest) tests += t;
  const train = new Int32Array(ids.length - tests);
  const test = new Int32Array(tests);
  for (let r = 0, a = 0, b = 0; r < ids.length; r++) {
    if (isTest[r] === 0) train[a++] = r;
    else test[b++] = r;
  }
  return { train, test };
}

/**
 * The values of a column at some rows.
 *
 * @param values - The column.
 * @param index - Row indices.
 * @returns A new column of the same type.
 * @example
 * pick(new Float64Array([5, 6, 7]), new Int32Array([2, 0])) //=> Float64Array [7, 5]
 */
export function pick<T extends Float64Array | Uint8Array>(values: T, index: Int32Array): T {
  const out = new (values.constructor as new (n: number) => T)(index.length);
  for (let i = 0; i < index.length; i++) out[i] = values[index[i] as number] as number;
  return out;
}

/**
 * A training set split by enterprise, with the training labels; refuses a split whose training
 * rows hold one outcome only.
 *
 * @param set - From `buildTrainingSet`.
 * @param testShare - Share of enterprises held out, 0–1.
 * @returns Training and test rows, and the training labels.
 * @throws {ValidationError} `invalid_value` on `label` when the training rows have no adverse or no clean outcome.
 * @example
 * const { train, test, label } = splitTrainingSet(set, 0.3);
 * train.length + test.length === set.rows //=> true
 */
export function splitTrainingSet(set: TrainingSet, testShare: number): { train: Int32Array; test: Int32Array; label: Uint8Array } {
  const { train, test } = splitByEnterprise(set.ids, testShare);
  const label = pick(set.label, train);
  const positives = label.reduce((s, v) => s + v, 0);
  if (positives === 0 || positives === train.length) {
    throw new ValidationError([
      {
        code: "invalid_value",
        field: "label",
        message: `the training rows have ${positives} adverse outcomes of ${train.length}: nothing to learn`,
        expected: "both outcomes present",
      },
    ]);
  }
  return { train, test, label };
}

/**
 * The error of a training set whose every feature is constant or missing in the training rows.
 *
 * @param dropped - The features left out.
 * @returns The error to throw.
 * @example
 * throw noVaryingFeature(["penalties_12m"]);
 */
export function noVaryingFeature(dropped: readonly string[]): ValidationError {
  return new ValidationError([
    {
      code: "invalid_value",
      field: "features",
      message: `every feature is constant or missing in the training rows (${dropped.join(", ")})`,
      expected: "varying features",
    },
  ]);
}
