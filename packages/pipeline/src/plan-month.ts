/**
 * A month's inspection plan from the store: the month's class table, the enterprises whose
 * alerts stand at inspection as mandatory targets, the task (the national default when none is
 * given), the public draw, and the plan stored with its audit record.
 * @module
 */
import type { IndicatorFrame, Period } from "@creditclass/core";
import { addPeriods, formatDayNumber, periodDayBounds, RISK_CLASSES, rowsOfCodes } from "@creditclass/core";
import type { DrawResult, InspectionPlan, InspectionTask, SamplingPopulation } from "@creditclass/sampling";
import { defaultTask, drawInspections, MANDATORY, parseTask, planInspections, specialStrataTags, taskHash } from "@creditclass/sampling";
import type { ClassTableColumns, CreditDatabase, PlanSelectionRow } from "@creditclass/store";
import { classTableColumns, replacePlan } from "@creditclass/store";
import type { EscalationPolicy } from "@creditclass/warning";
import { DEFAULT_ESCALATION, mandatoryInspections } from "@creditclass/warning";
import { alertStatusesIn } from "./alert-statuses.js";
import { populationOfClassTable } from "./class-population.js";

/**
 * Which stored alerts standing at inspection (检查) on the month's last day make an enterprise a
 * mandatory target: every open one (`open`, what a bureau that records disposals wants), only
 * the month's own (`month`: the demo records no disposals, so older alerts would all have
 * climbed to inspection), or none.
 * @category Monthly job
 */
export type AlertTargets = "open" | "month" | "none";

/**
 * Options of {@link planMonth}.
 * @category Monthly job
 */
export interface PlanMonthOptions {
  /** The task document; default: `defaultTask` for the month after. */
  readonly task?: Readonly<Record<string, unknown>>;
  /** The published seed; default: the month's last day, `YYYY-MM-DD`. */
  readonly seed?: string;
  /** Default: `open`. */
  readonly alerts?: AlertTargets;
  /** Default: the default escalation policy. */
  readonly policy?: EscalationPolicy;
  /** The month's indicators, for the task's special strata (tags from `specialStrataTags`). */
  readonly frame?: IndicatorFrame;
  /** Store the plan (default true). */
  readonly store?: boolean;
}

/**
 * A drawn plan and everything needed to publish and verify it.
 * @category Monthly job
 */
export interface PlanMonthResult {
  /** The task document as used (alert targets added to `mandatory`): publish it for `verify-draw`. */
  readonly document: Readonly<Record<string, unknown>>;
  readonly task: InspectionTask;
  /** Whether the task is the national default. */
  readonly defaultTask: boolean;
  /** The class table drawn from, as `verify-draw` reads it. */
  readonly classTable: ClassTableColumns;
  readonly population: SamplingPopulation;
  readonly plan: InspectionPlan;
  readonly draw: DrawResult;
  readonly seed: string;
  /** Enterprises added as mandatory from alerts. */
  readonly alertTargets: readonly string[];
  /** The selected enterprises in draw order. */
  readonly selections: readonly PlanSelectionRow[];
}

/**
 * Draws (and stores) a classified month's inspection plan.
 *
 * @param db - A database with the month classified.
 * @param period - The classified month.
 * @param options - Task, seed, alert targets, policy, indicators for special strata.
 * @returns The plan, its draw and audit, the task as used.
 * @example
 * const { plan, draw } = await planMonth(db, p("2026-10"), { seed: "2026-11-23" });
 * plan.capacity.planned //=> 3_353
 * @category Monthly job
 */
export async function planMonth(db: CreditDatabase, period: Period, options: PlanMonthOptions = {}): Promise<PlanMonthResult> {
  const table = await classTableColumns(db, period);
  const asOf = formatDayNumber(periodDayBounds(period).last);
  const scope = options.alerts ?? "open";
  const alertTargets =
    scope === "none" ? [] : mandatoryInspections(await alertStatusesIn(db, asOf, options.policy ?? DEFAULT_ESCALATION, scope === "month" ? { period } : {}));
  const given = options.task ?? (defaultTask(addPeriods(period, 1)) as Readonly<Record<string, unknown>>);
  const listed = Array.isArray(given.mandatory) ? given.mandatory.map(String) : [];
  const document = alertTargets.length === 0 ? given : { ...given, mandatory: [...new Set([...listed, ...alertTargets])] };
  const task = parseTask(document);
  let population = populationOfClassTable(table);
  if (task.specialStrata.length > 0 && options.frame !== undefined) population = withSpecialStrata(population, options.frame);
  const plan = planInspections(population, task);
  const seed = options.seed ?? asOf;
  const draw = drawInspections(population, plan, seed);
  const selections = selectionRows(population, plan, draw);
  if (options.store !== false) {
    await replacePlan(
      db,
      {
        period,
        taskId: task.id,
        taskHash: taskHash(task),
        seed,
        planned: plan.capacity.planned,
        mandatory: plan.mandatory.included,
        manifestSha256: draw.audit.manifest.sha256,
        selectedSha256: draw.audit.selected.sha256,
        task: JSON.stringify(document),
        audit: JSON.stringify(draw.audit),
      },
      selections,
    );
  }
  return { document, task, defaultTask: options.task === undefined, classTable: table, population, plan, draw, seed, alertTargets, selections };
}

/**
 * The selected enterprises of a draw, in draw order: class, stratum (or `mandatory`), inclusion
 * probability. One test of "is this row mandatory" for every caller: its plan cell is `MANDATORY`.
 *
 * @param population - The population drawn from.
 * @param plan - The plan.
 * @param draw - The draw.
 * @returns One row per selected enterprise.
 * @example
 * selectionRows(population, plan, draw)[0] //=> { uscc: "9133…", class: "D", stratum: "3301", probability: 0.3, mandatory: false }
 * @category Monthly job
 */
export function selectionRows(population: SamplingPopulation, plan: InspectionPlan, draw: DrawResult): PlanSelectionRow[] {
  return Array.from(draw.selected, (i) => {
    const cell = plan.cellOf[i] ?? -1;
    const mandatory = cell === MANDATORY;
    return {
      uscc: population.uscc[i] as string,
      class: RISK_CLASSES[population.riskClass[i] ?? 0] as PlanSelectionRow["class"],
      stratum: mandatory ? "mandatory" : (plan.cells[cell]?.stratum ?? ""),
      probability: draw.probability[i] as number,
      mandatory,
    };
  });
}

/** Adds the special-strata tags computed from the month's indicators, aligned by code. */
function withSpecialStrata(population: SamplingPopulation, frame: IndicatorFrame): SamplingPopulation {
  const rowOf = rowsOfCodes(population.uscc, frame.ids());
  const tags = new Map(population.tags);
  for (const [tag, member] of specialStrataTags(frame)) {
    const column = new Uint8Array(population.count);
    const existing = tags.get(tag);
    for (let i = 0; i < population.count; i++) {
      const r = rowOf[i] as number;
      column[i] = (existing?.[i] ?? 0) | (r < 0 ? 0 : (member[r] ?? 0));
    }
    tags.set(tag, column);
  }
  return { ...population, tags };
}
