/**
 * The `creditclass` command tree, built without running it (the docs render its help).
 * @module
 */
import { Command } from "commander";
import { registerAlerts } from "./commands/alerts.js";
import { registerBacktest } from "./commands/backtest.js";
import { registerClassify } from "./commands/classify.js";
import { registerDemo } from "./commands/demo.js";
import { registerGenerate } from "./commands/generate.js";
import { registerIndicators } from "./commands/indicators.js";
import { registerIngest } from "./commands/ingest.js";
import { registerMapping } from "./commands/mapping.js";
import { registerModel } from "./commands/model.js";
import { registerReport } from "./commands/report.js";
import { registerRun } from "./commands/run.js";
import { registerSample } from "./commands/sample.js";
import { registerServe } from "./commands/serve.js";
import { registerTable } from "./commands/table.js";
import { registerTokens } from "./commands/tokens.js";
import { registerTrain } from "./commands/train.js";
import { registerVerifyHistory } from "./commands/verify-history.js";
import { registerWarn } from "./commands/warn.js";
import { registerWatch } from "./commands/watch.js";
import { registerWeights } from "./commands/weights.js";

/**
 * Builds the command with all its subcommands.
 *
 * @returns The root command; call `parseAsync(process.argv)` to run it.
 * @example
 * buildProgram().commands.map((c) => c.name()) //=> ["generate", "ingest", "mapping", "indicators", "classify", "model", "train", "backtest", "weights", "report", "fit", "evaluate", "score", "warn", "watch", "alerts", "sample", "verify-draw", "demo"]
 */
export function buildProgram(): Command {
  const program = new Command()
    .name("creditclass")
    .description("Monthly A/B/C/D credit-risk classification of enterprises for market regulators (企业信用风险分类)")
    .option("--debug", "show stack traces of unexpected errors")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  registerGenerate(program);
  registerIngest(program);
  registerMapping(program);
  registerIndicators(program);
  registerClassify(program);
  registerModel(program);
  registerTrain(program);
  registerBacktest(program);
  registerWeights(program);
  registerReport(program);
  registerTable(program);
  registerWarn(program);
  registerWatch(program);
  registerAlerts(program);
  registerSample(program);
  registerRun(program);
  registerServe(program);
  registerTokens(program);
  registerVerifyHistory(program);
  registerDemo(program);
  return program;
}
