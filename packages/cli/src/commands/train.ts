/**
 * `creditclass train`: a logistic-regression model, or a monotone gradient-boosted one
 * (`--method gbm`), from point-in-time training data, written as a model document with its
 * training metadata.
 * @module
 */
import { availableParallelism } from "node:os";
import type { Period } from "@creditclass/core";
import { indicatorSource } from "@creditclass/pipeline";
import { buildTrainingSet, trainGbmModel, trainLogisticModel } from "@creditclass/scoring";
import { loadProvinceColumns } from "@creditclass/store";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { oneOf, parseCount, parseLeaves, parseMonth, parsePositive } from "../options.js";
import { writeFileAtomic } from "../output-folder.js";
import { withDatabase } from "../with-database.js";

/** Options of the train command. */
interface TrainCommandOptions {
  readonly db: string;
  readonly from: Period;
  readonly to: Period;
  readonly horizon: number;
  readonly out: string;
  readonly method: "logistic" | "gbm";
  readonly preprocess: "standardise" | "woe";
  readonly l2: number;
  readonly trees: number;
  readonly learningRate: number;
  readonly maxDepth: number;
  readonly maxLeaves: number;
  readonly seed: string;
  readonly pdo?: { basePoints: number; baseOdds: number; pdo: number };
}

/**
 * Parses `base,odds,pdo` such as `600,19,40`.
 *
 * @param text - Three positive numbers.
 * @returns The PDO scaling.
 * @throws {InvalidArgumentError} Otherwise.
 * @example
 * parsePdo("600,19,40") //=> { basePoints: 600, baseOdds: 19, pdo: 40 }
 */
export function parsePdo(text: string): { basePoints: number; baseOdds: number; pdo: number } {
  const [basePoints, baseOdds, pdo] = text.split(",").map(Number);
  if (basePoints === undefined || baseOdds === undefined || pdo === undefined || ![basePoints, baseOdds, pdo].every((v) => Number.isFinite(v) && v > 0)) {
    throw new InvalidArgumentError(`expected base points, base odds and points to double the odds, e.g. 600,19,40; got ${JSON.stringify(text)}`);
  }
  return { basePoints, baseOdds, pdo };
}

/**
 * Registers the command.
 *
 * @param program - The root command.
 * @example
 * registerTrain(program);
 */
export function registerTrain(program: Command): void {
  program
    .command("train")
    .description("train a logistic-regression or monotone gradient-boosted model on months from..to, label = adverse outcome within the horizon (训练模型)")
    .requiredOption("--db <file>", "ingested DuckDB database")
    .requiredOption("--from <YYYY-MM>", "first feature month", parseMonth)
    .requiredOption("--to <YYYY-MM>", "last feature month (its label window must end within the data)", parseMonth)
    .option("--horizon <months>", "months after each feature month in which an adverse outcome counts", parseCount, 12)
    .option(
      "--method <kind>",
      "logistic (IRLS) or gbm (monotone gradient-boosted trees, explained by TreeSHAP)",
      oneOf(["logistic", "gbm"] as const),
      "logistic",
    )
    .option(
      "--preprocess <kind>",
      "logistic: standardise (log1p, then z-score) or woe (monotone binning)",
      oneOf(["standardise", "woe"] as const),
      "standardise",
    )
    .option("--l2 <lambda>", "logistic: L2 penalty on the coefficients", Number, 1)
    .option("--pdo <base,odds,pdo>", "publish a points score, e.g. 600,19,40", parsePdo)
    .option("--trees <n>", "gbm: boosting iterations at most (early stopping keeps the best on a 20 % validation share)", parseCount, 200)
    .option("--learning-rate <eta>", "gbm: shrinkage of every tree", parsePositive, 0.1)
    .option("--max-depth <d>", "gbm: depth of a tree at most", parseCount, 6)
    .option("--max-leaves <n>", "gbm: leaves of a tree at most (grown best-first)", parseLeaves, 31)
    .option("--seed <text>", "gbm: seed of the early-stopping validation share", "creditclass")
    .requiredOption("--out <model.json>", "model document to write")
    .action(async (options: TrainCommandOptions) => {
      const started = performance.now();
      const province = await withDatabase(options.db, (db) => loadProvinceColumns(db));
      const set = buildTrainingSet(province, { from: options.from, to: options.to, horizon: options.horizon, indicatorsAt: indicatorSource(province) });
      const pdo = options.pdo === undefined ? {} : { pdo: options.pdo };
      const months = `training set: ${set.months.length} months ${options.from}..${options.to}, ${set.rows} rows`;
      if (options.method === "gbm") {
        const result = trainGbmModel(set, {
          iterations: options.trees,
          learningRate: options.learningRate,
          maxDepth: options.maxDepth,
          maxLeaves: options.maxLeaves,
          seed: options.seed,
          // Histograms summed on every core: the same model, not recorded in it.
          threads: availableParallelism(),
          ...pdo,
        });
        writeFileAtomic(options.out, `${JSON.stringify(result.model, null, 2)}\n`);
        const { train, test } = result.metrics;
        const t = result.model.training as { positives: number; trainRows: number; testRows: number };
        console.log(`${months}, ${t.positives} adverse within ${options.horizon} months`);
        console.log(
          `fit: monotone gradient-boosted trees, ${result.report.bestIteration} trees kept of ${result.report.iterations} grown; ${t.trainRows} training / ${t.testRows} test rows (held out by enterprise)`,
        );
        console.log(`AUC train ${train.auc.toFixed(4)} test ${test.auc.toFixed(4)}; KS test ${test.ks.toFixed(4)}; Gini test ${test.gini.toFixed(4)}`);
        console.log(`model → ${options.out} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
        return;
      }
      const result = trainLogisticModel(set, { preprocess: options.preprocess, l2: options.l2, ...pdo });
      writeFileAtomic(options.out, `${JSON.stringify(result.model, null, 2)}\n`);
      const { train, test } = result.metrics;
      const iv = Object.entries(result.informationValue)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([k, v]) => `${k} ${v.toFixed(3)}`)
        .join(", ");
      const t = result.model.training as { positives: number; trainRows: number; testRows: number; iterations: number; converged: boolean };
      console.log(`${months}, ${t.positives} adverse within ${options.horizon} months`);
      console.log(
        `fit: IRLS, ${t.iterations} iterations, ${t.converged ? "converged" : "NOT converged"}; ${t.trainRows} training / ${t.testRows} test rows (held out by enterprise)`,
      );
      console.log(`AUC train ${train.auc.toFixed(4)} test ${test.auc.toFixed(4)}; KS test ${test.ks.toFixed(4)}; Gini test ${test.gini.toFixed(4)}`);
      console.log(`highest information value: ${iv}`);
      console.log(`model → ${options.out} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    });
}
