// The one type shim for ml-logistic-regression 2.0.0, which ships no types. Only the
// gradient-logistic wrapper imports it.
declare module "ml-logistic-regression" {
  import type { Matrix } from "ml-matrix";

  interface TwoClassModel {
    weights: Matrix;
    testScores(features: Matrix): number[];
  }

  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    numberClasses: number;
    classifiers: TwoClassModel[];
    train(features: Matrix, labels: Matrix): void;
    predict(features: Matrix): number[];
    toJSON(): Record<string, unknown>;
  }
}
