/**
 * `creditclass generate`: writes a seeded synthetic province.
 * @module
 */
import type { Period } from "@creditclass/core";
import type { GenerateSummary } from "@creditclass/generator";
import { generateBureauExport, generateProvince } from "@creditclass/generator";
import type { Command } from "commander";
import { defaultEnd, oneOf, parseCount, parseMonth, parseShare } from "../options.js";
import { startProgress } from "../progress.js";

/** Options of the generate command. */
export interface GenerateCommandOptions {
  readonly enterprises: number;
  readonly seed: string;
  readonly out: string;
  readonly end?: Period;
  readonly months: number;
  readonly dirty: number;
  readonly encoding: "utf-8" | "gb18030";
  readonly province: string;
  /** `own`: creditclass's enterprises/relations/events files; `bureau`: a bureau's own tables plus `mapping.json`. */
  readonly format?: "own" | "bureau";
}

/**
 * Generates a province with a progress bar.
 *
 * @param options - Parsed options.
 * @returns What was written.
 * @example
 * await runGenerate({ enterprises: 1000, seed: "1", out: "data", months: 48, dirty: 0, encoding: "utf-8", province: "33", format: "bureau" });
 */
export async function runGenerate(options: GenerateCommandOptions): Promise<GenerateSummary> {
  const bar = startProgress("generate", options.enterprises, "enterprises");
  try {
    const generate = options.format === "bureau" ? generateBureauExport : generateProvince;
    return await generate(options.out, {
      enterprises: options.enterprises,
      seed: options.seed,
      end: options.end ?? defaultEnd(),
      months: options.months,
      dirtyRate: options.dirty,
      encoding: options.encoding,
      province: options.province,
      onProgress: (done) => bar.update(done),
    });
  } finally {
    bar.stop();
  }
}

/**
 * Registers the command.
 *
 * @param program - The root command.
 * @example
 * registerGenerate(program);
 */
export function registerGenerate(program: Command): void {
  program
    .command("generate")
    .description("write a seeded synthetic province: enterprises, relations, events, anomalies, truth (生成模拟省份数据)")
    .option("--enterprises <n>", "number of enterprises (100k, 1m accepted)", parseCount, 10_000)
    .option("--seed <text>", "seed: the same seed and end give byte-identical files", "1")
    .requiredOption("--out <dir>", "folder to write")
    .option("--end <YYYY-MM>", "last month of data (default: the last complete month)", parseMonth)
    .option("--months <n>", "months of events", parseCount, 48)
    .option("--dirty <share>", "share of records made dirty (invalid codes, impossible dates, missing fields, duplicates, unknown enterprises)", parseShare, 0)
    .option("--encoding <name>", "utf-8 or gb18030", oneOf(["utf-8", "gb18030"] as const), "utf-8")
    .option("--province <nn>", "GB/T 2260 province prefix", "33")
    .option(
      "--format <layout>",
      "own (enterprises/relations/events) or bureau (one table per business line with Chinese headers and codes, .xlsx and GB18030, plus mapping.json)",
      oneOf(["own", "bureau"] as const),
      "own",
    )
    .action(async (options: GenerateCommandOptions) => {
      const s = await runGenerate(options);
      console.log(
        `wrote ${options.out}: ${s.enterprises} enterprises, ${s.relations} relations, ${s.events} events, ${s.anomalies} planted anomalies, data ${s.end} back ${s.months} months (seed ${s.seed})`,
      );
      if (options.format === "bureau")
        console.log(`bureau tables with their mapping: creditclass ingest --mapping ${options.out}/mapping.json ${options.out} --db …`);
    });
}
