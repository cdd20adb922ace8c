/**
 * `@creditclass/scoring`: scorecards and logistic-regression models, classification and the
 * metrics to tune them (in progress: issue 3).
 * @packageDocumentation
 */

export type { AhpWeights } from "./ahp-weights.js";
export { ahpWeights } from "./ahp-weights.js";
export type { EntropyWeights } from "./entropy-weights.js";
export { entropyWeights } from "./entropy-weights.js";
export { fitGradientLogistic } from "./fit-gradient-logistic.js";
export type { FitLogisticOptions } from "./fit-logistic.js";
export { fitLogistic } from "./fit-logistic.js";
export type { LogisticModel } from "./logistic-model.js";
export { logLikelihood, predictProbability, sigmoid } from "./logistic-model.js";
export type { ScoreMetrics } from "./metrics.js";
export { scoreMetrics } from "./metrics.js";
