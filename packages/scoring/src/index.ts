/**
 * `@creditclass/scoring`: model documents (weighted/additive scorecards, logistic regression,
 * hybrids, model sets) validated and compiled to one generated loop; A/B/C/D classification of an
 * indicator frame with reasons and overrides; training sets, IRLS training, binning; weights
 * (AHP, entropy, regression); backtests and metrics; fitting, cross-validating and scoring a
 * bureau's own table. Columns in, columns out: no database.
 *
 * Folders: `model/` documents and the default national model, `engine/` the compiled loop,
 * `classes/` classification, overrides and reasons, `training/` training sets and trainers,
 * `evaluation/` metrics and backtests, `gbm/` monotone gradient-boosted trees with TreeSHAP, `weights/` weight derivations, `tables/` own tables.
 * @packageDocumentation
 */
export type { RiskCutoffs } from "./classes/assign-classes.js";
export type { Classification, ClassifyOptions, EnterpriseAttributes } from "./classes/classify-frame.js";
export { classifyFrame } from "./classes/classify-frame.js";
export type { ClassificationExplanation, Reason } from "./classes/explain-classification.js";
export { classificationFrame, classificationRow, classificationRows, explainRow } from "./classes/explain-classification.js";
export { registerAttributes } from "./classes/register-attributes.js";
export type { ScoreColumns } from "./engine/score-model.js";
export type { BacktestOptions, BacktestPart, BacktestRow } from "./evaluation/backtest.js";
export { backtest } from "./evaluation/backtest.js";
export type { ClassAdverseRates } from "./evaluation/evaluate-classes.js";
export type { ScoreMetrics } from "./evaluation/metrics.js";
export { ksCurve, rocCurve, scoreMetrics } from "./evaluation/metrics.js";
export type { OverrideEffect } from "./evaluation/override-effects.js";
export type { PartRanking } from "./evaluation/ranking-by-part.js";
export type { ClassifyGbmOptions, GbmClassification } from "./gbm/classify-gbm.js";
export { classifyGbm, gbmClassificationRows } from "./gbm/classify-gbm.js";
export type { GbmExplanation } from "./gbm/explain-gbm.js";
export { explainGbm } from "./gbm/explain-gbm.js";
export type { GbmFit, GbmOptions } from "./gbm/fit-gbm.js";
export { fitGbm } from "./gbm/fit-gbm.js";
export type { GbmModelDocument } from "./gbm/gbm-schema.js";
export { gbmModelSchema } from "./gbm/gbm-schema.js";
export { predictGbm } from "./gbm/predict-gbm.js";
export { DEFAULT_MODEL_DOCUMENT, DEFAULT_MODEL_SET } from "./model/default-model.js";
export type { LogisticModel } from "./model/logistic-model.js";
export { predictProbability } from "./model/logistic-model.js";
export type { ModelField } from "./model/model-fields.js";
export { modelFields } from "./model/model-fields.js";
export type { LogisticModelDocument, MissingPolicy, Model, ModelInput, ModelSet, ScorecardInput, Transform } from "./model/model-schema.js";
export { logisticModelSchema, modelSetSchema } from "./model/model-schema.js";
export type { ParseModelOptions } from "./model/parse-model.js";
export { modelHash, parseModel, safeParseModel } from "./model/parse-model.js";
export type { CalibrationBin, FoldResult, TableEvaluation } from "./tables/evaluate-table.js";
export { crossValidate, predictTable, timeSplit } from "./tables/evaluate-table.js";
export type { DroppedIndicator, FitTableOptions, TableFit } from "./tables/fit-table.js";
export { fitTable } from "./tables/fit-table.js";
export type { FitTableGbmOptions, TableGbmFit } from "./tables/fit-table-gbm.js";
export { fitTableGbm } from "./tables/fit-table-gbm.js";
export type { SyntheticTable, SyntheticTableOptions } from "./tables/synthetic-table.js";
export { syntheticTable } from "./tables/synthetic-table.js";
export type { BinOptions, IndicatorBin, IndicatorBinning } from "./training/bin-indicator.js";
export { binIndicator } from "./training/bin-indicator.js";
export { fitGradientLogistic } from "./training/fit-gradient-logistic.js";
export type { FitLogisticOptions } from "./training/fit-logistic.js";
export { fitLogistic } from "./training/fit-logistic.js";
export type { TrainGbmOptions, TrainGbmResult } from "./training/train-gbm-model.js";
export { trainGbmModel } from "./training/train-gbm-model.js";
export type { TrainOptions, TrainResult } from "./training/train-logistic-model.js";
export { trainLogisticModel } from "./training/train-logistic-model.js";
export type { TrainingSet, TrainingSetOptions } from "./training/training-set.js";
export { buildTrainingSet } from "./training/training-set.js";
export type { AhpWeights } from "./weights/ahp-weights.js";
export { ahpWeights } from "./weights/ahp-weights.js";
export type { EntropyWeights } from "./weights/entropy-weights.js";
export { entropyWeights } from "./weights/entropy-weights.js";
export type { LogisticWeights } from "./weights/logistic-weights.js";
export { weightsFromLogistic } from "./weights/logistic-weights.js";
