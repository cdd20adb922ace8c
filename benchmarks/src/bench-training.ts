/**
 * Training: logistic regression on 100,000 (and, at sizes 1m and 10m, 1,000,000) rows × 32 standardised
 * features from a known model (80 % train, 20 % test): the IRLS trainer (median of 3) and its
 * test AUC against the AUC of the true model; beside it, in the same run on the same rows,
 * scikit-learn's `StandardScaler` + `LogisticRegression(lbfgs)` with the same L2 penalty (the data
 * is written to `benchmarks/data/<size>/reference/`), and ml-logistic-regression's plain gradient
 * steps (20 steps timed: it needs thousands).
 * @module
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRandom, seedWords } from "@creditclass/core";
import { fitGradientLogistic, fitLogistic, predictProbability, scoreMetrics } from "@creditclass/scoring";
import { report, sizeArg, timed, timedMedian } from "./common.js";
import { pythonReference, referenceFolder, writeColumnMajor } from "./python-reference.js";

const p = 32;
const l2 = 1;
const beta = Array.from({ length: p }, (_, j) => (j % 3 === 0 ? 0.5 : j % 3 === 1 ? -0.3 : 0));
for (const n of ["1m", "10m"].includes(sizeArg()) ? [100_000, 1_000_000] : [100_000]) await benchIrls(n);

async function benchIrls(n: number): Promise<void> {
  const random = createRandom(seedWords(`bench-training-${n}`), 0);
  const columns = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => random.normal()));
  const y = Uint8Array.from({ length: n }, (_, i) => {
    let z = -1.5;
    for (let j = 0; j < p; j++) z += (beta[j] ?? 0) * (columns[j]?.[i] ?? 0);
    return random.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  });
  const cut = Math.floor(n * 0.8);
  const train = columns.map((c) => c.subarray(0, cut));
  const test = columns.map((c) => c.subarray(cut));
  const names = columns.map((_, j) => `x${j}`);

  const runs = n > 200_000 ? 1 : 3;
  const fit = await timedMedian(runs, () => fitLogistic(names, train, y.subarray(0, cut), { l2 }));
  const auc = scoreMetrics(predictProbability(fit.value, test), y.subarray(cut)).auc;
  // The ceiling: the AUC of the true coefficients on the same test rows.
  const trueAuc = scoreMetrics(predictProbability({ ...fit.value, intercept: -1.5, coefficients: beta }, test), y.subarray(cut)).auc;
  const name = `training: logistic regression, IRLS (${cut / 1000}k × 32)`;
  const sampled = fit.value.fit.parameters.hessianRows;
  report({
    name,
    units: cut,
    unit: "rows",
    seconds: fit.seconds,
    target: "≤ 1.5× scikit-learn lbfgs's time (same run), test AUC within 0.002",
    note: `${fit.value.fit.iterations} iterations${sampled === undefined ? "" : `, Hessian from ${sampled} sampled rows`}; test AUC ${auc.toFixed(4)} (true model ${trueAuc.toFixed(4)}); runs ${fit.all.map((s) => s.toFixed(2)).join(" / ")} s`,
  });
  const folder = referenceFolder(sizeArg(), `logistic-${n}`);
  writeColumnMajor(folder, columns);
  writeFileSync(join(folder, "y.u8"), y);
  writeFileSync(join(folder, "meta.json"), JSON.stringify({ n, p, train: cut, l2 }));
  const sklearn = pythonReference<{ auc: number; iterations: number; intercept: number; coefficients: number[] }>("logistic", folder, runs);
  if (sklearn.ran) {
    const { value } = sklearn;
    const gap = Math.max(Math.abs(value.intercept - fit.value.intercept), ...value.coefficients.map((b, j) => Math.abs(b - (fit.value.coefficients[j] ?? 0))));
    report({
      name: `training reference: ${value.tool} (${cut / 1000}k × 32)`,
      units: cut,
      unit: "rows",
      seconds: value.seconds,
      baselineOf: name,
      timeRatio: true,
      note: `${value.iterations} iterations; test AUC ${value.auc.toFixed(4)} (ours − this ${(auc - value.auc).toFixed(4)}); largest coefficient difference ${gap.toExponential(1)}; runs ${value.runs.map((s) => s.toFixed(2)).join(" / ")} s; Python peak ${value.peakGiB.toFixed(2)} GiB`,
    });
  }
  if (n > 100_000) return;
  const { seconds: gradientSeconds } = await timed(() => fitGradientLogistic(names, train, y.subarray(0, cut), { steps: 20, learningRate: 1e-5 }));
  report({
    name: "training: ml-logistic-regression, 20 gradient steps (80k × 32)",
    units: cut,
    unit: "rows",
    seconds: gradientSeconds,
    note: `${((gradientSeconds / 20) * 1000).toFixed(0)} ms a step; it needs hundreds to thousands of steps`,
  });
}
