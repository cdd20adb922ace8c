/**
 * `@creditclass/scoring`: scorecards and logistic-regression models, monthly A/B/C/D
 * classification with reasons and history, and the metrics and weighting methods to tune them.
 * @packageDocumentation
 */

export type { AhpWeights } from "./ahp-weights.js";
export { ahpWeights } from "./ahp-weights.js";
export { applyOverrides } from "./apply-overrides.js";
export type { RiskCutoffs } from "./assign-classes.js";
export { assignClasses, classCutoffs, proportionCutoffs, thresholdCutoffs } from "./assign-classes.js";
export type { BacktestOptions, BacktestRow } from "./backtest.js";
export { backtest } from "./backtest.js";
export type { BinOptions, IndicatorBin, IndicatorBinning } from "./bin-indicator.js";
export { binIndicator, toScorecardTransform, toWoePreprocess } from "./bin-indicator.js";
export type { ClassDistributionRow, ClassificationRun, StoredClassRow } from "./class-history.js";
export { classDistribution, classHistory, classTable, ensureClassTables, migrationMatrix, monthRun, replaceMonth, storedClasses } from "./class-history.js";
export type { Classification, ClassifyOptions, EnterpriseAttributes } from "./classify-frame.js";
export { classifyFrame, NO_CLASS } from "./classify-frame.js";
export type { ClassifyMonthOptions, MonthResult } from "./classify-month.js";
export { classifyMonth, inputFingerprint, registerAttributes } from "./classify-month.js";
export type { CompiledLinear, CompiledModel, CompiledTerm, PointsSource } from "./compile-model.js";
export { compileModel, lit } from "./compile-model.js";
export { DEFAULT_MODEL_DOCUMENT, DEFAULT_MODEL_SET } from "./default-model.js";
export type { EntropyWeights } from "./entropy-weights.js";
export { entropyWeights } from "./entropy-weights.js";
export type { ClassAdverseRates, SelectionAwareMetrics } from "./evaluate-classes.js";
export { adverseRateByClass, classStability, populationStabilityIndex, selectionAwareMetrics } from "./evaluate-classes.js";
export type { CalibrationBin, FoldResult, TableEvaluation } from "./evaluate-table.js";
export { calibrationByDecile, crossValidate, predictTable, timeSplit } from "./evaluate-table.js";
export type { ClassificationExplanation, Reason } from "./explain-classification.js";
export { classificationFrame, classificationRows, explainRow } from "./explain-classification.js";
export { fitGradientLogistic } from "./fit-gradient-logistic.js";
export type { FitLogisticOptions } from "./fit-logistic.js";
export { fitLogistic } from "./fit-logistic.js";
export type { DroppedIndicator, FitTableOptions, TableFit } from "./fit-table.js";
export { fitTable } from "./fit-table.js";
export type { LinearLoop, LoopOptions } from "./linear-loop.js";
export { compileLinearLoop, LOOP_PARAMETERS, linearLoopSource, MAX_REASONS } from "./linear-loop.js";
export type { LogisticModel } from "./logistic-model.js";
export { logLikelihood, predictProbability, sigmoid } from "./logistic-model.js";
export type { LogisticWeights } from "./logistic-weights.js";
export { weightsFromLogistic } from "./logistic-weights.js";
export type { ScoreMetrics } from "./metrics.js";
export { ksCurve, rocCurve, scoreMetrics } from "./metrics.js";
export type {
  AppliesTo,
  Bin,
  ClassRule,
  HybridModel,
  LogisticModelDocument,
  MissingPolicy,
  Model,
  ModelInput,
  ModelSet,
  OverrideRule,
  Scorecard,
  ScorecardIndicator,
  ScorecardInput,
  Transform,
} from "./model-schema.js";
export {
  appliesToSchema,
  binSchema,
  hybridModelSchema,
  indicatorSchema,
  logisticModelSchema,
  missingSchema,
  modelSchema,
  modelSetSchema,
  overrideSchema,
  probabilityClassesSchema,
  scoreClassesSchema,
  scorecardSchema,
  transformSchema,
} from "./model-schema.js";
export type { MonthReport } from "./month-report.js";
export { monthReport } from "./month-report.js";
export type { ParseModelOptions } from "./parse-model.js";
export { ATTRIBUTE_FLAGS, modelHash, parseModel, safeParseModel } from "./parse-model.js";
export type { LoopArguments } from "./run-loop.js";
export { isShared, runLoop } from "./run-loop.js";
export type { ScoreColumns, ScoreColumnsOptions } from "./score-model.js";
export { emptyScoreColumns, scoreModel } from "./score-model.js";
export type { SyntheticTable, SyntheticTableOptions } from "./synthetic-table.js";
export { syntheticTable } from "./synthetic-table.js";
export type { TrainOptions, TrainResult } from "./train-logistic-model.js";
export { trainLogisticModel } from "./train-logistic-model.js";
export type { TrainingSet, TrainingSetOptions } from "./training-set.js";
export { ADVERSE_OUTCOMES, buildTrainingSet, outcomeLabeller } from "./training-set.js";
