/**
 * Training: logistic regression on 100,000 (and, at sizes 1m and 10m, 1,000,000) rows × 32 standardised
 * features from a known model (80 % train, 20 % test): the IRLS trainer (median of 3) and its
 * test AUC against the AUC of the true model; beside it, in the same run on the same rows,
 * scikit-learn's `StandardScaler` + `LogisticRegression(lbfgs)` with the same L2 penalty (the data
 * is written to `benchmarks/data/<size>/reference/`), and ml-logistic-regression's plain gradient
 * steps (20 steps timed: it needs thousands).
 *
 * Then gradient-boosted trees on 100,000 rows × 64 features (a nonlinear relation with
 * interactions, 15 % missing values in every eighth column; 80 % train, 20 % test): `fitGbm`
 * growing all 200 trees (no early stopping; depth 6, 31 leaves, 20 rows a leaf, λ = 1, 255 bins,
 * learning rate 0.1) beside scikit-learn's `HistGradientBoostingClassifier` with the same settings
 * on the same rows (default OpenMP threads, and limited to one thread), test AUCs of both; and
 * scoring the 20,000 test rows with classes and top-3 TreeSHAP reasons.
 * @module
 */

import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { createRandom, IndicatorFrame, seedWords } from "@creditclass/core";
import { classifyGbm, fitGbm, fitGradientLogistic, fitLogistic, predictGbm, predictProbability, scoreMetrics } from "@creditclass/scoring";
import { report, sizeArg, timed, timedMedian } from "./common.js";
import { pythonReference, referenceFolder, writeColumnMajor } from "./python-reference.js";

const p = 32;
const l2 = 1;
/** The boosting settings both trainers get (scikit-learn's names in the reference's meta.json). */
const GBM = { iterations: 200, learningRate: 0.1, maxDepth: 6, maxLeaves: 31, minSamplesLeaf: 20, lambda: 1, maxBins: 255 };
const beta = Array.from({ length: p }, (_, j) => (j % 3 === 0 ? 0.5 : j % 3 === 1 ? -0.3 : 0));
for (const n of ["1m", "10m"].includes(sizeArg()) ? [100_000, 1_000_000] : [100_000]) await benchIrls(n);
await benchGbm(100_000);

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

async function benchGbm(n: number): Promise<void> {
  const q = 64;
  const random = createRandom(seedWords(`bench-gbm-${n}`), 0);
  const columns = Array.from({ length: q }, () => Float64Array.from({ length: n }, () => random.normal()));
  // The true log-odds: saturating and threshold effects, two interactions, 16 informative columns of 64.
  const y = Uint8Array.from({ length: n }, (_, i) => {
    const x = (j: number): number => columns[j]?.[i] ?? 0;
    let z = -2 + 0.8 * x(0) * x(1) + 0.6 * (x(2) > 1 ? 1 : 0) - 0.5 * Math.tanh(2 * x(3)) + 0.4 * x(4) * (x(5) > 0 ? 1 : -1);
    for (let j = 6; j < 16; j++) z += (j % 2 === 0 ? 0.25 : -0.2) * Math.min(2, Math.max(-2, x(j)));
    return random.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  });
  // Missing values after the label: every eighth column loses 15 % of its values.
  for (let j = 0; j < q; j += 8) {
    const c = columns[j] as Float64Array;
    for (let i = 0; i < n; i++) if (random.next() < 0.15) c[i] = Number.NaN;
  }
  const cut = Math.floor(n * 0.8);
  const train = Object.fromEntries(columns.map((c, j) => [`x${j}`, c.subarray(0, cut)]));
  const test = columns.map((c) => c.subarray(cut));
  const yTest = y.subarray(cut);

  const threads = availableParallelism();
  const fit = await timedMedian(1, () => fitGbm(train, y.subarray(0, cut), { ...GBM, validationShare: 0, seed: "bench", threads }));
  const single = await timedMedian(1, () => fitGbm(train, y.subarray(0, cut), { ...GBM, validationShare: 0, seed: "bench" }));
  const model = fit.value.model;
  if (JSON.stringify(single.value.model) !== JSON.stringify(model)) throw new Error("the fit on one thread and on several differ");
  const auc = scoreMetrics(predictGbm(model, test), yTest).auc;
  const leaves = model.trees.reduce((s, t) => s + t.feature.filter((f) => f < 0).length, 0);
  const name = `training: gradient-boosted trees, 200 trees, ${threads} threads (${cut / 1000}k × ${q})`;
  report({
    name,
    units: cut,
    unit: "rows",
    seconds: fit.seconds,
    target: "≤ 10 s; test AUC within 0.01 of scikit-learn's HistGradientBoostingClassifier (same run, same settings)",
    note: `${model.trees.length} trees, ${leaves} leaves, depth ≤ ${GBM.maxDepth}, ≤ ${GBM.maxLeaves} leaves, ${GBM.maxBins} bins, η ${GBM.learningRate}, λ ${GBM.lambda}; one thread ${single.seconds.toFixed(2)} s (the same document); test AUC ${auc.toFixed(4)}`,
  });

  const folder = referenceFolder(sizeArg(), `gbm-${n}`);
  writeColumnMajor(folder, columns);
  writeFileSync(join(folder, "y.u8"), y);
  writeFileSync(
    join(folder, "meta.json"),
    JSON.stringify({
      n,
      p: q,
      train: cut,
      iterations: GBM.iterations,
      learning_rate: GBM.learningRate,
      max_depth: GBM.maxDepth,
      max_leaf_nodes: GBM.maxLeaves,
      min_samples_leaf: GBM.minSamplesLeaf,
      l2: GBM.lambda,
      max_bins: GBM.maxBins,
    }),
  );
  // python-reference.ts types the workloads it knew when written; reference.py also takes "gbm".
  const sklearn = pythonReference<{ auc: number; iterations: number; leaves: number; threads: number; oneThreadSeconds: number; oneThreadRuns: number[] }>(
    "gbm",
    folder,
    1,
  );
  if (sklearn.ran) {
    const { value } = sklearn;
    report({
      name: `training reference: ${value.tool}, ${value.threads} threads (${cut / 1000}k × ${q})`,
      units: cut,
      unit: "rows",
      seconds: value.seconds,
      baselineOf: name,
      timeRatio: true,
      note: `${value.iterations} trees, ${value.leaves} leaves; test AUC ${value.auc.toFixed(4)} (ours − this ${(auc - value.auc).toFixed(4)}); Python peak ${value.peakGiB.toFixed(2)} GiB`,
    });
    report({
      name: `training reference: ${value.tool}, 1 thread (${cut / 1000}k × ${q})`,
      units: cut,
      unit: "rows",
      seconds: value.oneThreadSeconds,
      baselineOf: name,
      timeRatio: true,
      note: `the same fit limited to one OpenMP thread (threadpoolctl); ours on one thread ${(single.seconds / value.oneThreadSeconds).toFixed(2)}× this`,
    });
  }

  const lgb = pythonReference<{ auc: number; leaves: number; oneThreadSeconds: number; contribRows: number; contribSeconds: number; contribError: number }>(
    "lightgbm",
    folder,
    1,
  );
  if (lgb.ran) {
    const { value } = lgb;
    report({
      name: `training reference: ${value.tool}, 2 threads (${cut / 1000}k × ${q})`,
      units: cut,
      unit: "rows",
      seconds: value.seconds,
      baselineOf: name,
      timeRatio: true,
      note: `${value.leaves} leaves; test AUC ${value.auc.toFixed(4)} (ours − this ${(auc - value.auc).toFixed(4)}); one thread ${value.oneThreadSeconds.toFixed(2)} s (ours on one thread ${(single.seconds / value.oneThreadSeconds).toFixed(2)}× that)`,
    });
  }

  const frame = IndicatorFrame.fromColumns({
    ids: Array.from({ length: n - cut }, (_, i) => `E${i}`),
    columns: Object.fromEntries(test.map((c, j) => [`x${j}`, c])),
  });
  const scored = await timed(() => classifyGbm(model, frame, { reasonCount: 3, threads }));
  const oneThread = await timed(() => classifyGbm(model, frame, { reasonCount: 3, threads: 1 }));
  const plain = await timed(() => classifyGbm(model, frame, { reasonCount: 0 }));
  const perMillion = (seconds: number, rows: number): string => `${((seconds * 1e6) / rows).toFixed(0)} s per 1M rows`;
  const scoring = `scoring: gradient-boosted trees, classes and top-3 exact TreeSHAP reasons, ${threads} threads (${(n - cut) / 1000}k × ${q}, ${model.trees.length} trees)`;
  report({
    name: scoring,
    units: n - cut,
    unit: "rows",
    seconds: scored.seconds,
    target: "1M rows with top-3 reasons ≤ 2 s (issue 18)",
    note: `${perMillion(scored.seconds, n - cut)}; one thread ${oneThread.seconds.toFixed(2)} s; without reasons ${plain.seconds.toFixed(3)} s; includes compiling the per-leaf TreeSHAP tables once`,
  });
  if (lgb.ran) {
    const { value } = lgb;
    report({
      name: `scoring reference: ${value.tool} pred_contrib (exact TreeSHAP, C++), 2 threads, its own model of the same shape (${value.contribRows / 1000}k rows)`,
      units: value.contribRows,
      unit: "rows",
      seconds: value.contribSeconds,
      baselineOf: scoring,
      timeRatio: true,
      note: `${perMillion(value.contribSeconds, value.contribRows)}; ${value.leaves} leaves (ours ${leaves}); every contribution, no top-3 selection; Σ contributions − raw score ≤ ${value.contribError.toExponential(1)}`,
    });
  }
}
