/**
 * `creditclass model default|check`: write the default national model set as a document to start
 * your own from, and check a model document (every problem with its path, or a summary and hash).
 * @module
 */
import { DEFAULT_MODEL_DOCUMENT, modelHash, parseModel } from "@creditclass/scoring";
import type { Command } from "commander";
import { readJsonFile } from "../json-file.js";
import { writeFileAtomic } from "../output-folder.js";

/**
 * Registers the command and its subcommands.
 *
 * @param program - The root command.
 * @example
 * registerModel(program);
 */
export function registerModel(program: Command): void {
  const model = program.command("model").description("model documents: the default one, and checking your own (模型)");
  model
    .command("default")
    .description("write the default national model set (a scorecard for enterprises, one for individual businesses)")
    .requiredOption("--out <model.json>", "file to write")
    .action((options: { out: string }) => {
      writeFileAtomic(options.out, `${JSON.stringify(DEFAULT_MODEL_DOCUMENT, null, 2)}\n`);
      console.log(
        `default models → ${options.out} (hash ${modelHash(parseModel(DEFAULT_MODEL_DOCUMENT))}); the reasons for each weight: docs/scoring-model.md`,
      );
    });
  model
    .command("check")
    .description("validate a model or model set: every problem with its path, or a summary and the content hash")
    .argument("<model.json>", "the document")
    .action((file: string) => {
      const set = parseModel(readJsonFile(file));
      for (const m of set.models) {
        const indicators =
          m.kind === "creditclass.scorecard"
            ? Object.values(m.families).reduce((s, f) => s + (f?.indicators.length ?? 0), 0)
            : m.kind === "creditclass.logistic-model" || m.kind === "creditclass.gbm-model"
              ? m.features.length
              : Object.values(m.scorecard.families).reduce((s, f) => s + (f?.indicators.length ?? 0), 0) + m.logistic.features.length;
        const applies = m.appliesTo === undefined ? "everyone else" : JSON.stringify(m.appliesTo);
        console.log(
          `${m.id} (${m.kind.replace("creditclass.", "")}, version ${m.modelVersion}): ${indicators} indicators, classes by ${m.classes.method}, ${m.overrides.length} overrides, for ${applies}`,
        );
      }
      console.log(`ok: model set ${set.id}, hash ${modelHash(set)}`);
    });
}
