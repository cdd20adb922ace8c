/**
 * `creditclass sample` and `creditclass verify-draw`: an inspection plan from a class table and a
 * task, drawn reproducibly from a published seed, with inspectors and an audit record.
 * @module
 */
import { writeFileSync } from "node:fs";
import type { Period } from "@creditclass/core";
import { formatDayNumber, periodDayBounds, RISK_CLASSES } from "@creditclass/core";
import { writeCsvFile } from "@creditclass/ingest";
import type { DrawAudit, Inspector, SamplingPopulation } from "@creditclass/sampling";
import { assignInspectors, drawInspections, MANDATORY, parseTask, planInspections, populationFromRows, verifyDraw } from "@creditclass/sampling";
import { classTable } from "@creditclass/scoring";
import { alertStatusesIn, mandatoryInspections } from "@creditclass/warning";
import type { Command } from "commander";
import { readCsvObjects } from "../csv-objects.js";
import { readJsonFile } from "../json-file.js";
import { parseCount, parseMonth, UsageError } from "../options.js";
import { withDatabase } from "../with-database.js";
import { escalationPolicy } from "./alerts.js";

/** Options of the sample command. */
const classTablePath = (out: string): string => `${out.replace(/\.csv$/i, "")}.classes.csv`;

const CLASS_TABLE_FOR_SAMPLING = ["uscc", "class", "region", "industry", "entity_type", "tags", "last_inspected", "status"] as const;

interface SampleOptions {
  readonly classes?: string;
  readonly db?: string;
  readonly period?: Period;
  readonly task: string;
  readonly seed: string;
  readonly out: string;
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
  const rows = await readCsvObjects(path, ["uscc", "class", "region", "industry"]);
  return populationFromRows(rows.map((r) => ({ uscc: r.uscc ?? "", class: r.class ?? "", region: r.region ?? "", industry: r.industry ?? "", ...r })));
}

/**
 * The population from `--classes`, or from `--db` and `--period`; in the second case the class
 * table is also written next to the plan (`plan.classes.csv` for `plan.csv`), since a draw can only be
 * verified against the published table, and the enterprises with an open alert standing at
 * inspection on the month's last day are returned as mandatory targets.
 */
async function populationFrom(options: SampleOptions): Promise<{ population: SamplingPopulation; alertTargets: string[] }> {
  if (options.classes !== undefined && options.db === undefined) return { population: await readPopulation(options.classes), alertTargets: [] };
  if (options.classes === undefined && options.db !== undefined && options.period !== undefined) {
    const { db, period } = options;
    const policy = escalationPolicy(options.policy);
    const { rows, alertTargets } = await withDatabase(db, async (d) => ({
      rows: await classTable(d, period),
      alertTargets: options.alerts === false ? [] : mandatoryInspections(await alertStatusesIn(d, formatDayNumber(periodDayBounds(period).last), policy)),
    }));
    await writeCsvFile(
      classTablePath(options.out),
      CLASS_TABLE_FOR_SAMPLING,
      rows.map((r) => CLASS_TABLE_FOR_SAMPLING.map((c) => r[c])),
    );
    const population = populationFromRows(
      rows.map((r) => ({ uscc: r.uscc ?? "", class: r.class ?? "", region: r.region ?? "", industry: r.industry ?? "", ...r })),
    );
    return { population, alertTargets };
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
    .requiredOption("--task <task.json>", "the inspection task (see docs/sampling.md)")
    .requiredOption("--seed <text>", "the published seed")
    .requiredOption("--out <plan.csv>", "plan to write: uscc,class,stratum,probability,mandatory,inspectors")
    .option("--audit <audit.json>", "audit record to write (default: <out>.audit.json)")
    .option("--inspectors <file.csv>", "inspector pool: id,unit[,regions,specialties,available,max_inspections]")
    .option("--last-inspectors <file.csv>", "uscc,inspector: who inspected each enterprise last time")
    .option("--interests <file.csv>", "inspector,uscc: declared interests")
    .option("--max-per-inspector <n>", "workload cap", parseCount)
    .option("--team-size <n>", "inspectors per enterprise", parseCount, 2)
    .option("--no-alerts", "with --db: do not add enterprises whose open alert stands at inspection as mandatory targets")
    .option("--policy <file.json>", "with --db: the escalation policy judging which alerts stand at inspection")
    .action(async (options: SampleOptions) => {
      const { population, alertTargets } = await populationFrom(options);
      const document = readJsonFile(options.task) as Record<string, unknown>;
      // Alerts standing at inspection join the task's mandatory list; the task as used is published for verify-draw.
      const asUsed =
        alertTargets.length === 0
          ? document
          : { ...document, mandatory: [...new Set([...(Array.isArray(document.mandatory) ? document.mandatory.map(String) : []), ...alertTargets])] };
      const task = parseTask(asUsed);
      const taskPath = `${options.out.replace(/\.csv$/i, "")}.task.json`;
      if (alertTargets.length > 0) writeFileSync(taskPath, `${JSON.stringify(asUsed, null, 2)}\n`);
      const plan = planInspections(population, task);
      const draw = drawInspections(population, plan, options.seed);
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
          : assignInspectors(population, draw.selected, inspectors, options.seed, {
              teamSize: options.teamSize,
              lastInspectors: await pairs(options.lastInspectors, "uscc", "inspector"),
              interests: await pairs(options.interests, "inspector", "uscc"),
              ...(options.maxPerInspector === undefined ? {} : { maxPerInspector: options.maxPerInspector }),
            });
      const rows = Array.from(draw.selected, (i, k) => {
        const cell = plan.cellOf[i] ?? -1;
        const team =
          assignment === undefined
            ? []
            : Array.from(assignment.teams.subarray(k * assignment.teamSize, (k + 1) * assignment.teamSize), (m) => inspectors?.[m]?.id ?? "");
        return [
          population.uscc[i],
          RISK_CLASSES[population.riskClass[i] ?? 0],
          cell === MANDATORY ? "mandatory" : (plan.cells[cell]?.stratum ?? ""),
          draw.probability[i],
          cell === MANDATORY ? 1 : 0,
          team.join(";"),
        ];
      });
      await writeCsvFile(options.out, ["uscc", "class", "stratum", "probability", "mandatory", "inspectors"], rows);
      const auditPath = options.audit ?? `${options.out.replace(/\.csv$/, "")}.audit.json`;
      writeFileSync(auditPath, `${JSON.stringify(draw.audit, null, 2)}\n`);
      console.log(`plan ${task.id} for ${plan.period}: ${plan.capacity.planned} inspections (${plan.mandatory.included} mandatory) — ${plan.capacity.note}`);
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
        `written: ${options.out}, ${auditPath}${options.db === undefined ? "" : `, ${classTablePath(options.out)} (the class table drawn from)`}${
          alertTargets.length > 0 ? `, ${taskPath} (the task as used)` : ""
        }`,
      );
    });

  program
    .command("verify-draw")
    .description("recompute a draw from the published class table, task and audit record, and compare (复核抽查)")
    .requiredOption("--classes <file.csv>", "the class table the draw used")
    .requiredOption("--task <task.json>", "the task the draw used")
    .requiredOption("--audit <audit.json>", "the audit record")
    .action(async (options: { classes: string; task: string; audit: string }) => {
      const population = await readPopulation(options.classes);
      const task = parseTask(readJsonFile(options.task));
      const audit = readJsonFile(options.audit) as DrawAudit;
      const result = verifyDraw(population, task, audit);
      if (result.ok) {
        console.log(`verified: seed ${JSON.stringify(audit.seed)} gives the recorded manifest ${audit.manifest.sha256} and selection ${audit.selected.sha256}`);
        return;
      }
      for (const d of result.differences) console.error(`creditclass: ${d}`);
      process.exitCode = 1;
    });
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
