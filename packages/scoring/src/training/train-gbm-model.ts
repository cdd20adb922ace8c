/**
 * Trains a monotone gradient-boosted model document from a point-in-time training set — the
 * boosted counterpart of `train-logistic-model.ts`, on the same hold-out by enterprise: every
 * indicator with spread in the training rows is a feature, constrained in its catalog direction
 * (an enterprise never gets a better score for more penalties), boosted with early stopping on a
 * seeded share of the training rows, and tested on the held-out enterprises. The document has the
 * fields of every model part, so it can score a month alone or as a part of a model set.
 * @module
 */
import { createHash } from "node:crypto";
import { headlineMetrics, scoreMetrics } from "../evaluation/metrics.js";
import { catalogDirection } from "../gbm/catalog-directions.js";
import type { GbmFit, GbmOptions } from "../gbm/fit-gbm.js";
import { fitGbm } from "../gbm/fit-gbm.js";
import type { GbmModelDocument } from "../gbm/gbm-schema.js";
import { gbmModelSchema } from "../gbm/gbm-schema.js";
import { predictGbm } from "../gbm/predict-gbm.js";
import { sigmoid } from "../model/logistic-model.js";
import type { LogisticModelDocument } from "../model/model-schema.js";
import { noVaryingFeature, pick, splitTrainingSet } from "./hold-out.js";
import type { TrainingSet } from "./training-set.js";

/**
 * Options of {@link trainGbmModel}: the boosting options and the document's id, name, classes and scale.
 * @category Training
 */
export interface TrainGbmOptions extends Omit<GbmOptions, "weights" | "monotone"> {
  readonly id?: string;
  readonly name?: { readonly zh: string; readonly en: string };
  /** Share of enterprises held out for testing (default 0.3). */
  readonly testShare?: number;
  /** Class rule (default: target proportions A 65 %, B 25 %, C 8 %, D 2 %). */
  readonly classes?: LogisticModelDocument["classes"];
  /** Publish a points score: base points at base odds (good : bad), points to double the odds. */
  readonly pdo?: { readonly basePoints: number; readonly baseOdds: number; readonly pdo: number };
}

/**
 * A trained boosted model with its evaluation.
 * @category Training
 */
export interface TrainGbmResult {
  readonly model: GbmModelDocument;
  readonly report: GbmFit["report"];
  readonly metrics: { readonly train: ReturnType<typeof scoreMetrics>; readonly test: ReturnType<typeof scoreMetrics> };
}

/**
 * Trains a boosted model.
 *
 * @param set - From {@link buildTrainingSet}.
 * @param options - Trees, learning rate, depth, leaves, λ, early stopping, seed; hold-out; classes; scaling.
 * @returns The validated document, the fit report and train/test metrics.
 * @throws {ValidationError} When the training rows hold one outcome, or every feature is constant.
 * @example
 * const { model, metrics } = trainGbmModel(set, { seed: "2025-10" });
 * metrics.test.auc //=> 0.66
 * @category Training
 */
export function trainGbmModel(set: TrainingSet, options: TrainGbmOptions = {}): TrainGbmResult {
  const { train: trainIndex, test: testIndex, label: yTrain } = splitTrainingSet(set, options.testShare ?? 0.3);
  const columns: Record<string, Float64Array> = {};
  const testColumns: Float64Array[] = [];
  const monotone: Record<string, -1 | 0 | 1> = {};
  const dropped: string[] = [];
  set.features.forEach((name, c) => {
    const all = set.columns[c] as Float64Array;
    const train = pick(all, trainIndex);
    if (!hasSpread(train)) {
      dropped.push(name);
      return;
    }
    columns[name] = train;
    testColumns.push(pick(all, testIndex));
    monotone[name] = catalogDirection(name) ?? 0;
  });
  if (testColumns.length === 0) {
    throw noVaryingFeature(dropped);
  }
  const { id, name, testShare: _testShare, classes, pdo, ...boosting } = options;
  const fit = fitGbm(columns, yTrain, { ...boosting, monotone });
  const hash = createHash("sha256");
  for (const column of set.columns) hash.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
  hash.update(set.label);
  const trainScores = predictGbm(fit.model, Object.values(columns)).map(sigmoid);
  const testScores = predictGbm(fit.model, testColumns).map(sigmoid);
  const metrics = { train: scoreMetrics(trainScores, yTrain), test: scoreMetrics(testScores, pick(set.label, testIndex)) };
  const model = gbmModelSchema.parse({
    ...fit.model,
    id: id ?? "trained-gbm",
    name: name ?? { zh: "单调梯度提升树模型", en: "Monotone gradient-boosted trees" },
    classes: classes ?? { method: "proportions", A: 0.65, B: 0.25, C: 0.08, D: 0.02 },
    ...(pdo === undefined ? {} : { scale: { kind: "pdo", ...pdo } }),
    training: {
      ...fit.model.training,
      months: set.months,
      horizon: set.horizon,
      rows: set.rows,
      trainRows: trainIndex.length,
      testRows: testIndex.length,
      positives: Array.from(set.label).reduce((s, v) => s + v, 0),
      // Constant (or all-missing) in the training rows, so left out.
      dropped,
      metrics: { train: headlineMetrics(metrics.train), test: headlineMetrics(metrics.test) },
      dataSha256: hash.digest("hex"),
    },
  });
  return { model, report: fit.report, metrics };
}

function hasSpread(x: Float64Array): boolean {
  let first = Number.NaN;
  for (const v of x) {
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(first)) first = v;
    else if (v !== first) return true;
  }
  return false;
}
