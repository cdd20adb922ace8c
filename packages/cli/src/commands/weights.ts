/**
 * `creditclass weights ahp|entropy|logistic`: weights with the evidence that justifies them.
 * @module
 */
import type { Period } from "@creditclass/core";
import { CreditclassError } from "@creditclass/core";
import { computeIndicators } from "@creditclass/ingest";
import { ahpWeights, entropyWeights, logisticModelSchema, weightsFromLogistic } from "@creditclass/scoring";
import { loadProvinceColumns } from "@creditclass/store";
import type { Command } from "commander";
import { readJsonFile } from "../json-file.js";
import { parseMonth } from "../options.js";
import { withDatabase } from "../with-database.js";

/**
 * Registers the command and its three methods.
 *
 * @param program - The root command.
 * @example
 * registerWeights(program);
 */
export function registerWeights(program: Command): void {
  const weights = program.command("weights").description("derive weights with their evidence: AHP, entropy, or a fitted regression (权重)");
  weights
    .command("ahp")
    .description("principal eigenvector of a pairwise comparison matrix; rejected when CR ≥ 0.1")
    .requiredOption("--matrix <file.json>", '{ "labels": ["supervision", …], "matrix": [[1, 3, …], …] }')
    .action((options: { matrix: string }) => {
      const doc = readJsonFile(options.matrix) as { labels?: unknown; matrix?: unknown };
      if (!Array.isArray(doc.matrix) || !Array.isArray(doc.labels))
        throw new CreditclassError("invalid_config", `${options.matrix}: expected { "labels": [...], "matrix": [[...], ...] }`);
      const r = ahpWeights(doc.matrix as number[][]);
      for (const [k, label] of (doc.labels as unknown[]).entries()) console.log(`${String(label).padEnd(28)} ${(r.weights[k] ?? Number.NaN).toFixed(4)}`);
      console.log(`λmax ${r.lambdaMax.toFixed(4)}, CI ${r.consistencyIndex.toFixed(4)}, CR ${r.consistencyRatio.toFixed(4)} (< 0.1: consistent)`);
    });
  weights
    .command("entropy")
    .description("entropy weight method over indicators as of a month")
    .requiredOption("--db <file>", "ingested DuckDB database")
    .requiredOption("--period <YYYY-MM>", "the month", parseMonth)
    .requiredOption("--indicators <list>", "comma-separated indicator ids")
    .action(async (options: { db: string; period: Period; indicators: string }) => {
      const province = await withDatabase(options.db, (db) => loadProvinceColumns(db));
      const names = options.indicators.split(",").map((s) => s.trim());
      const r = entropyWeights(computeIndicators(province, options.period), names);
      console.log(`${"indicator".padEnd(32)} weight  entropy divergence`);
      for (const [k, name] of r.indicators.entries())
        console.log(`${name.padEnd(32)} ${r.weights[k]?.toFixed(4)}  ${r.entropies[k]?.toFixed(4)}  ${r.divergences[k]?.toFixed(4)}`);
    });
  weights
    .command("logistic")
    .description("weights from a trained model's standardised coefficients, grouped by family")
    .requiredOption("--model <file.json>", "a model written by creditclass train (standardised features)")
    .action((options: { model: string }) => {
      const r = weightsFromLogistic(logisticModelSchema.parse(readJsonFile(options.model)));
      console.log(`${"indicator".padEnd(32)} family        coefficient  weight  in family`);
      for (const i of r.indicators) {
        console.log(
          `${i.indicator.padEnd(32)} ${(i.family ?? "—").padEnd(13)} ${i.coefficient.toFixed(4).padStart(11)}  ${i.weight.toFixed(4)}  ${i.withinFamily.toFixed(4)}${i.signAgrees ? "" : "  ⚠ sign against its direction: left out"}`,
        );
      }
      console.log(
        `families: ${Object.entries(r.families)
          .map(([f, w]) => `${f} ${(w ?? 0).toFixed(4)}`)
          .join(", ")}`,
      );
    });
}
