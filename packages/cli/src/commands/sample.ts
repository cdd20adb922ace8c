/**
 * `creditclass sample` and `creditclass verify-draw`: an inspection plan from a class table and a
 * task, drawn reproducibly from a published seed, with inspectors and an audit record.
 * @module
 */

import { access } from "node:fs/promises";
import { resolve } from "node:path";
import type { Period } from "@creditclass/core";
import { addPeriods, ValidationError } from "@creditclass/core";
import { readTextFile, tokenizeCsv, writeCsvFile } from "@creditclass/ingest";
import type { PlanMonthResult } from "@creditclass/pipeline";
import { planMonth, selectionRows } from "@creditclass/pipeline";
import type { DrawAudit, Inspector, PublishedPlanRow, SamplingPopulation } from "@creditclass/sampling";
import { assignInspectors, defaultTask, drawInspections, parseTask, planInspections, populationFromRows, verifyDraw } from "@creditclass/sampling";
import type { Command } from "commander";
import { readCsvObjects } from "../csv-objects.js";
import { readJsonFile } from "../json-file.js";
import { defaultEnd, parseCount, parseMonth, UsageError } from "../options.js";
import { writeFileAtomic } from "../output-folder.js";
import { CLASS_TABLE_FOR_SAMPLING, classTableRows } from "../run-output.js";
import { withDatabase } from "../with-database.js";
import { escalationPolicy } from "./alerts.js";

const classTablePath = (out: string): string => `${out.replace(/\.csv$/i, "")}.classes.csv`;

/** Options of the sample command. */
interface SampleOptions {
  readonly classes?: string;
  readonly db?: string;
  readonly period?: Period;
  readonly task?: string;
  readonly printDefaultTask?: boolean;
  readonly seed?: string;
  readonly out?: string;
  readonly audit?: string;
  readonly inspectors?: string;
  readonly lastInspectors?: string;
  readonly interests?: string;
  readonly maxPerInspector?: number;
  readonly teamSize: number;
  /** False with `--no-alerts`. */
  readonly alerts: boolean;
  readonly policy?: string;
}

/**
 * Reads a class table (`uscc,class,region,industry[,entity_type,tags,last_inspected,status]`).
 *
 * @param path - CSV file.
 * @returns The population.
 * @example
 * await readPopulation("classes-2026-10.csv")
 */
export async function readPopulation(path: string): Promise<SamplingPopulation> {
  return populationOf(await readCsvObjects(path, ["uscc", "class", "region", "industry"]));
}

function populationOf(rows: readonly Record<string, string>[]): SamplingPopulation {
  return populationFromRows(rows.map((r) => ({ uscc: r.uscc ?? "", class: r.class ?? "", region: r.region ?? "", industry: r.industry ?? "", ...r })));
}

/**
 * The drawn plan from `--classes` (a class table file), or from `--db` and `--period` (the
 * pipeline's `planMonth`: the stored class table, open alerts at inspection as mandatory targets,
 * the plan stored); the task from `--task`, else the national default task for the month after.
 */
async function drawPlan(options: SampleOptions & { seed: string; out: string }): Promise<Omit<PlanMonthResult, "classTable">> {
  const document = options.task === undefined ? undefined : (readJsonFile(options.task) as Record<string, unknown>);
  if (options.classes !== undefined && options.db === undefined) {
    if (document === undefined && options.period === undefined)
      throw new UsageError("with --classes, give --task FILE or --period YYYY-MM (for the default task)");
    const used = document ?? (defaultTask(addPeriods(options.period as Period, 1)) as Record<string, unknown>);
    const task = parseTask(used);
    const classTable = await readCsvObjects(options.classes, ["uscc", "class", "region", "industry"]);
    const population = populationOf(classTable);
    const plan = planInspections(population, task);
    const draw = drawInspections(population, plan, options.seed);
    const selections = selectionRows(population, plan, draw);
    return { document: used, task, defaultTask: document === undefined, population, plan, draw, seed: options.seed, alertTargets: [], selections };
  }
  if (options.classes === undefined && options.db !== undefined && options.period !== undefined) {
    const { period } = options;
    const policy = escalationPolicy(options.policy);
    const drawn = await withDatabase(options.db, (db) =>
      planMonth(db, period, {
        ...(document === undefined ? {} : { task: document }),
        seed: options.seed,
        policy,
        alerts: options.alerts === false ? "none" : "open",
      }),
    );
    await writeCsvFile(classTablePath(options.out), CLASS_TABLE_FOR_SAMPLING, classTableRows(drawn.classTable));
    return drawn;
  }
  throw new UsageError("give either --classes FILE, or --db FILE with --period YYYY-MM");
}

/**
 * Registers both commands.
 *
 * @param program - The root command.
 * @example
 * registerSample(program);
 */
export function registerSample(program: Command): void {
  program
    .command("sample")
    .description("draw a double-random inspection plan from a class table and a task, with inspectors and an audit record (双随机抽查)")
    .option("--classes <file.csv>", "class table: uscc,class,region,industry[,entity_type,tags,last_inspected,status]")
    .option("--db <file>", "or: a classified database (with --period)")
    .option("--period <YYYY-MM>", "the classified month to draw from (with --db)", parseMonth)
    .option("--task <task.json>", "the inspection task (see docs/sampling.md; default: the national default task for the month after --period)")
    .option("--print-default-task", "write the national default task (for the month after --period, default next month) as an editable document, and stop")
    .option("--seed <text>", "the published seed (required to draw)")
    .option("--out <plan.csv>", "plan to write: uscc,class,stratum,probability,mandatory,inspectors")
    .option("--audit <audit.json>", "audit record to write (default: <out>.audit.json)")
    .option("--inspectors <file.csv>", "inspector pool: id,unit[,regions,specialties,available,max_inspections]")
    .option("--last-inspectors <file.csv>", "uscc,inspector: who inspected each enterprise last time")
    .option("--interests <file.csv>", "inspector,uscc: declared interests")
    .option("--max-per-inspector <n>", "workload cap", parseCount)
    .option("--team-size <n>", "inspectors per enterprise", parseCount, 2)
    .option("--no-alerts", "with --db: do not add enterprises whose open alert stands at inspection as mandatory targets")
    .option("--policy <file.json>", "with --db: the escalation policy judging which alerts stand at inspection")
    .action(async (options: SampleOptions) => {
      if (options.printDefaultTask === true) {
        const month = options.period ?? defaultEnd();
        const text = `${JSON.stringify(defaultTask(addPeriods(month, 1)), null, 2)}\n`;
        if (options.out === undefined) process.stdout.write(text);
        else writeFileAtomic(options.out, text);
        return;
      }
      if (options.seed === undefined || options.out === undefined) throw new UsageError("give --seed TEXT and --out plan.csv to draw a plan");
      const seed = options.seed;
      const out = options.out;
      // Every output its own file: the plan is never overwritten by its own audit record.
      const outputs = [out, options.audit ?? `${out.replace(/\.csv$/, "")}.audit.json`, `${out.replace(/\.csv$/i, "")}.task.json`, classTablePath(out)];
      const clash = outputs.find((p, i) => outputs.findIndex((q) => resolve(q) === resolve(p)) !== i);
      if (clash !== undefined) throw new UsageError(`two outputs would be written to ${clash}: give --out and --audit different files`);
      const drawn = await drawPlan({ ...options, seed, out });
      const { task, plan, draw, population, alertTargets } = drawn;
      // The task as used is published for verify-draw when it is not the user's file as given.
      const taskPath = `${out.replace(/\.csv$/i, "")}.task.json`;
      const publishTask = alertTargets.length > 0 || drawn.defaultTask;
      if (publishTask) writeFileAtomic(taskPath, `${JSON.stringify(drawn.document, null, 2)}\n`);
      const inspectors = options.inspectors === undefined ? undefined : await readInspectors(options.inspectors);
      const pairs = async (path: string | undefined, key: string, value: string): Promise<Map<string, string[]>> => {
        const map = new Map<string, string[]>();
        if (path === undefined) return map;
        for (const row of await readCsvObjects(path, [key, value])) map.set(row[key] ?? "", [...(map.get(row[key] ?? "") ?? []), row[value] ?? ""]);
        return map;
      };
      const assignment =
        inspectors === undefined
          ? undefined
          : assignInspectors(population, draw.selected, inspectors, seed, {
              teamSize: options.teamSize,
              lastInspectors: await pairs(options.lastInspectors, "uscc", "inspector"),
              interests: await pairs(options.interests, "inspector", "uscc"),
              ...(options.maxPerInspector === undefined ? {} : { maxPerInspector: options.maxPerInspector }),
            });
      const rows = drawn.selections.map((r, k) => {
        const team =
          assignment === undefined
            ? []
            : Array.from(assignment.teams.subarray(k * assignment.teamSize, (k + 1) * assignment.teamSize), (m) => inspectors?.[m]?.id ?? "");
        return [r.uscc, r.class, r.stratum, r.probability, r.mandatory ? 1 : 0, team.join(";")];
      });
      await writeCsvFile(out, ["uscc", "class", "stratum", "probability", "mandatory", "inspectors"], rows);
      const auditPath = options.audit ?? `${out.replace(/\.csv$/, "")}.audit.json`;
      writeFileAtomic(auditPath, `${JSON.stringify(draw.audit, null, 2)}\n`);
      console.log(
        `plan ${task.id}${drawn.defaultTask ? " (the national default task; --print-default-task writes it to edit)" : ""} for ${plan.period}: ${plan.capacity.planned} inspections (${plan.mandatory.included} mandatory) — ${plan.capacity.note}`,
      );
      for (const c of plan.cells) {
        console.log(
          `  ${c.key.padEnd(24)} population ${String(c.population).padStart(8)}  ratio ${c.ratio.toFixed(4)}  drawn ${String(c.drawn).padStart(6)}  mandatory ${c.mandatory}`,
        );
      }
      const ex = plan.excluded;
      console.log(
        `excluded: ${ex.outOfScope} out of scope, ${ex.inactive} inactive, ${ex.classAWithoutTrigger} class A without trigger, ${ex.recentlyInspected} recently inspected`,
      );
      if (plan.mandatory.notInPopulation.length > 0) console.log(`mandatory not in the class table: ${plan.mandatory.notInPopulation.join(", ")}`);
      console.log(`manifest ${draw.audit.manifest.sha256} (${draw.audit.manifest.rows} rows), selection ${draw.audit.selected.sha256}`);
      if (alertTargets.length > 0) console.log(`${alertTargets.length} enterprises with an open alert at inspection (检查) added as mandatory targets`);
      console.log(
        `written: ${out}, ${auditPath}${options.db === undefined ? "" : `, ${classTablePath(out)} (the class table drawn from)`}${
          publishTask ? `, ${taskPath} (the task as used)` : ""
        }`,
      );
    });

  program
    .command("verify-draw")
    .description("recompute a draw from the published class table, task and audit record, and compare; and every row of the published plan (复核抽查)")
    .requiredOption("--classes <file.csv>", "the class table the draw used")
    .requiredOption("--task <task.json>", "the task the draw used")
    .requiredOption("--audit <audit.json>", "the audit record")
    .option("--plan <plan.csv>", "the published plan to check row by row (default: X.csv beside an audit record X.audit.json, if there is one)")
    .action(async (options: { classes: string; task: string; audit: string; plan?: string }) => {
      const population = await readPopulation(options.classes);
      const task = parseTask(readJsonFile(options.task));
      const audit = readJsonFile(options.audit) as DrawAudit;
      const planPath = options.plan ?? (await planBesideAudit(options.audit));
      const plan = planPath === undefined ? undefined : await readPlanRows(planPath);
      const result = verifyDraw(population, task, audit, plan === undefined ? {} : { plan });
      const planNote =
        plan === undefined
          ? `plan not checked: no --plan given${options.audit.endsWith(".audit.json") ? ` and no ${options.audit.slice(0, -".audit.json".length)}.csv beside the audit record` : ""}`
          : `plan ${planPath} checked: ${plan.length} rows`;
      if (result.ok) {
        console.log(`verified: seed ${JSON.stringify(audit.seed)} gives the recorded manifest ${audit.manifest.sha256} and selection ${audit.selected.sha256}`);
        console.log(plan === undefined ? planNote : `${planNote}, each the draw's selection with its class, stratum, probability and mandatory flag`);
        return;
      }
      for (const d of result.differences) console.error(`creditclass: ${d}`);
      for (const d of result.plan ?? []) console.error(`${planPath}${d.line === undefined ? "" : `:${d.line}`} ${d.message}`);
      console.error(`creditclass: not verified; ${planNote}${result.plan === undefined ? "" : `, ${result.plan.length} differences from the draw`}`);
      process.exitCode = 1;
    });
}

/** The published plan beside an audit record named `X.audit.json` (`sample` writes `X.csv` and `X.audit.json`), if that file exists. */
async function planBesideAudit(auditPath: string): Promise<string | undefined> {
  if (!auditPath.endsWith(".audit.json")) return undefined;
  const path = `${auditPath.slice(0, -".audit.json".length)}.csv`;
  try {
    await access(path);
    return path;
  } catch {
    return undefined;
  }
}

/**
 * Reads a published plan (`uscc,class,stratum,probability,mandatory[,inspectors]`) with each
 * row's line in the file; cells exactly as written (not trimmed: they are compared, not parsed),
 * blank lines skipped.
 */
async function readPlanRows(path: string): Promise<PublishedPlanRow[]> {
  const required = ["uscc", "class", "stratum", "probability", "mandatory"];
  const rows: PublishedPlanRow[] = [];
  let at: number[] | undefined;
  for await (const batch of tokenizeCsv(readTextFile(path).chunks)) {
    for (const record of batch) {
      if (at === undefined) {
        const header = record.fields.map((f) => f.trim());
        const missing = required.filter((c) => !header.includes(c));
        if (missing.length > 0)
          throw new ValidationError(
            missing.map((field) => ({
              code: "missing_column" as const,
              file: path,
              line: record.line,
              field,
              expected: required.join(", "),
              message: `the header lacks the required column ${field}`,
            })),
          );
        at = required.map((c) => header.indexOf(c));
        continue;
      }
      if (record.fields.length === 1 && record.fields[0] === "") continue;
      const [uscc = "", riskClass = "", stratum = "", probability = "", mandatory = ""] = at.map((k) => record.fields[k] ?? "");
      rows.push({ line: record.line, uscc, class: riskClass, stratum, probability, mandatory });
    }
  }
  return rows;
}

async function readInspectors(path: string): Promise<Inspector[]> {
  const list = (v: string | undefined): string[] => (v === undefined ? [] : v.split(";").filter((x) => x !== ""));
  return (await readCsvObjects(path, ["id", "unit"])).map((r) => ({
    id: r.id ?? "",
    unit: r.unit ?? "",
    regions: list(r.regions),
    specialties: list(r.specialties),
    available: r.available !== "false" && r.available !== "0",
    ...(r.max_inspections === undefined ? {} : { maxInspections: Number(r.max_inspections) }),
  }));
}
