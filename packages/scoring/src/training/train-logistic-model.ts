/**
 * Trains a logistic-regression model document from a training set: each feature standardised or
 * binned to weight of evidence, a deterministic hold-out by enterprise (an enterprise is wholly in
 * training or in test, across months), IRLS (or ml-logistic-regression as a cross-check), and the
 * metadata a reviewer needs: months, rows, metrics, features, scaling, a hash of the data.
 * @module
 */
import { createHash } from "node:crypto";
import { headlineMetrics, scoreMetrics } from "../evaluation/metrics.js";
import type { LogisticModel } from "../model/logistic-model.js";
import { predictProbability } from "../model/logistic-model.js";
import type { LogisticModelDocument } from "../model/model-schema.js";
import { logisticModelSchema } from "../model/model-schema.js";
import type { BinOptions } from "./bin-indicator.js";
import { binIndicator, toWoePreprocess } from "./bin-indicator.js";
import { standardiser, transformColumn } from "./feature-preprocess.js";
import { fitGradientLogistic } from "./fit-gradient-logistic.js";
import { fitLogistic } from "./fit-logistic.js";
import { noVaryingFeature, pick, splitTrainingSet } from "./hold-out.js";
import type { TrainingSet } from "./training-set.js";

/**
 * Options of {@link trainLogisticModel}.
 * @category Training
 */
export interface TrainOptions {
  readonly id?: string;
  readonly name?: { readonly zh: string; readonly en: string };
  /** `standardise` (default; `log1p` first for counts when `log` is set) or `woe` (monotone binning). */
  readonly preprocess?: "standardise" | "woe";
  /** log1p before standardising (default true: counts are skewed). */
  readonly log?: boolean;
  readonly binning?: BinOptions;
  /** L2 penalty for IRLS (default 1; ml-logistic-regression has none). */
  readonly l2?: number;
  /** Share of enterprises held out for testing (default 0.3). */
  readonly testShare?: number;
  /** `irls` (default) or `ml-logistic-regression` (plain gradient steps; small data and cross-checks). */
  readonly trainer?: "irls" | "ml-logistic-regression";
  /** Class rule (default: target proportions A 65 %, B 25 %, C 8 %, D 2 %). */
  readonly classes?: LogisticModelDocument["classes"];
  /** Publish a points score: base points at base odds (good : bad), points to double the odds. */
  readonly pdo?: { readonly basePoints: number; readonly baseOdds: number; readonly pdo: number };
}

/**
 * A trained model with its evaluation.
 * @category Training
 */
export interface TrainResult {
  readonly model: LogisticModelDocument;
  readonly fit: LogisticModel;
  readonly metrics: { readonly train: ReturnType<typeof scoreMetrics>; readonly test: ReturnType<typeof scoreMetrics> };
  /** Information value per feature (from WoE binning of the training rows). */
  readonly informationValue: Readonly<Record<string, number>>;
}

/**
 * Trains a model.
 *
 * @param set - From {@link buildTrainingSet}.
 * @param options - Preprocessing, penalty, hold-out, trainer, classes, scaling.
 * @returns The model document (validated), the fit and train/test metrics.
 * @throws {ValidationError} When the set has no adverse or no clean rows, or every feature is constant. Constant features are left out and listed in `training.dropped`.
 * @example
 * const { model, metrics } = trainLogisticModel(set, { preprocess: "woe" });
 * metrics.test.auc //=> 0.61
 * @category Training
 */
export function trainLogisticModel(set: TrainingSet, options: TrainOptions = {}): TrainResult {
  const { train: trainIndex, test: testIndex, label: yTrain } = splitTrainingSet(set, options.testShare ?? 0.3);
  const trainRows = trainIndex.length;
  const log = options.log ?? true;
  const informationValue: Record<string, number> = {};
  const dropped: string[] = [];
  const features: LogisticModelDocument["features"] = [];
  const trainColumns: Float64Array[] = [];
  const testColumns: Float64Array[] = [];
  set.features.forEach((name, c) => {
    const all = set.columns[c] as Float64Array;
    const train = pick(all, trainIndex);
    const binning = binIndicator(name, train, yTrain, options.binning);
    informationValue[name] = binning.iv;
    const pre = options.preprocess === "woe" ? toWoePreprocess(binning) : standardiser(train, log);
    if (pre === undefined) {
      dropped.push(name);
      return;
    }
    const transform = transformColumn(name, pre);
    features.push({ indicator: name, coefficient: 0, preprocess: pre });
    trainColumns.push(transform(train));
    testColumns.push(transform(pick(all, testIndex)));
  });
  if (features.length === 0) {
    throw noVaryingFeature(dropped);
  }
  const names = features.map((f) => f.indicator);
  const fit =
    options.trainer === "ml-logistic-regression"
      ? fitGradientLogistic(names, trainColumns, yTrain)
      : fitLogistic(names, trainColumns, yTrain, { l2: options.l2 ?? 1 });
  const pTrain = predictProbability(fit, trainColumns);
  const pTest = predictProbability(fit, testColumns);
  const metrics = { train: scoreMetrics(pTrain, yTrain), test: scoreMetrics(pTest, pick(set.label, testIndex)) };
  const hash = createHash("sha256");
  for (const column of set.columns) hash.update(new Uint8Array(column.buffer, column.byteOffset, column.byteLength));
  hash.update(set.label);
  const document = {
    kind: "creditclass.logistic-model",
    version: 1,
    id: options.id ?? "trained-logistic",
    name: options.name ?? { zh: "逻辑回归模型", en: "Logistic-regression model" },
    intercept: fit.intercept,
    features: features.map((f, j) => ({ ...f, coefficient: fit.coefficients[j] as number })),
    ...(options.pdo === undefined ? {} : { scale: { kind: "pdo", ...options.pdo } }),
    classes: options.classes ?? { method: "proportions", A: 0.65, B: 0.25, C: 0.08, D: 0.02 },
    training: {
      months: set.months,
      horizon: set.horizon,
      rows: set.rows,
      trainRows,
      testRows: set.rows - trainRows,
      positives: Array.from(set.label).reduce((s, v) => s + v, 0),
      features: names,
      // Constant (or all-missing) in the training rows, so left out.
      dropped,
      preprocess: options.preprocess ?? "standardise",
      trainer: fit.fit.trainer,
      parameters: fit.fit.parameters,
      iterations: fit.fit.iterations,
      converged: fit.fit.converged,
      metrics: { train: headlineMetrics(metrics.train), test: headlineMetrics(metrics.test) },
      informationValue,
      dataSha256: hash.digest("hex"),
    },
  };
  return { model: logisticModelSchema.parse(document), fit, metrics, informationValue };
}
