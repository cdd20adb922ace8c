/**
 * An inspection task (抽查任务): what to sample, at which ratio per risk class, within which
 * inspector capacity. A JSON document validated by zod; errors name the path in the document.
 * @module
 */
import type { RiskClass, SafeResult } from "@creditclass/core";
import { bilingualSchema, configIssues, contentHash, unwrap } from "@creditclass/core";
import { z } from "zod";

const share = z.number().min(0).max(1);
const byClass = z.object({ A: share, B: share, C: share, D: share });

/** The zod schema of a task document (`kind: "creditclass.inspection-task"`, `version: 1`). */
export const inspectionTaskSchema = z
  .object({
    kind: z.literal("creditclass.inspection-task"),
    version: z.literal(1),
    id: z.string().min(1),
    name: bilingualSchema,
    /** Month the plan is for, `YYYY-MM`. */
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month YYYY-MM"),
    /** Who is in the population: prefixes of region codes and industry codes, entity types, tags (any). Empty = all. */
    scope: z
      .object({
        regions: z.array(z.string().regex(/^\d{2,6}$/)).default([]),
        industries: z.array(z.string().regex(/^[A-T]\d{0,4}$/)).default([]),
        entityTypes: z.array(z.string()).default([]),
        tags: z.array(z.string()).default([]),
      })
      .default({ regions: [], industries: [], entityTypes: [], tags: [] }),
    /** Sampling ratio per class, or a base ratio with multipliers (ratio = base × multiplier, capped at 1). */
    ratios: z.union([
      byClass,
      z.object({ base: share, multipliers: z.object({ A: z.number().min(0), B: z.number().min(0), C: z.number().min(0), D: z.number().min(0) }) }),
    ]),
    /** Floors kept when ratios are scaled down to fit capacity. */
    minimums: byClass.partial().default({}),
    /** Inspections per year per class (recorded in the plan; the ratio is per draw). */
    frequencyPerYear: z.object({ A: z.number().min(0), B: z.number().min(0), C: z.number().min(0), D: z.number().min(0) }).optional(),
    /** Most inspections the inspectors can do for this task; absent = unlimited. */
    capacity: z.number().int().positive().optional(),
    /** Enterprises that must be inspected whatever their class (alerts whose measure is inspection, referred cases). */
    mandatory: z.array(z.string()).default([]),
    exclude: z
      .object({
        /** "No disturbance without cause" (无事不扰): class A only when mandatory. */
        classAWithoutTrigger: z.boolean().default(false),
        /** Skip enterprises inspected within this many months before the period. */
        inspectedWithinMonths: z.number().int().min(0).default(0),
        /** Skip deregistered and revoked enterprises. */
        inactive: z.boolean().default(true),
      })
      .default({ classAWithoutTrigger: false, inspectedWithinMonths: 0, inactive: true }),
    /** Strata within which classes are drawn: region at a level, and/or industry section. */
    stratify: z
      .object({
        region: z.enum(["none", "province", "city", "county"]).default("none"),
        industry: z.enum(["none", "section", "division"]).default("none"),
      })
      .default({ region: "none", industry: "none" }),
    /** Special strata drawn at their own ratio whatever the class (first matching tag wins). */
    specialStrata: z.array(z.object({ id: z.string().min(1), name: bilingualSchema, tag: z.string().min(1), ratio: share })).default([]),
    /** Where a preset or ratio comes from. */
    source: z.string().optional(),
  })
  .superRefine((task, ctx) => {
    const r = "A" in task.ratios ? task.ratios : task.ratios.multipliers;
    const where = "A" in task.ratios ? ["ratios"] : ["ratios", "multipliers"];
    const order: [RiskClass, RiskClass][] = [
      ["A", "B"],
      ["B", "C"],
      ["C", "D"],
    ];
    for (const [lo, hi] of order) {
      if (r[lo] > r[hi]) ctx.addIssue({ code: "custom", path: [...where, hi], message: `${hi} (${r[hi]}) is below ${lo} (${r[lo]}): expected A ≤ B ≤ C ≤ D` });
    }
  });

/** A validated task. */
export type InspectionTask = z.output<typeof inspectionTaskSchema>;
/** A task as written (defaults may be omitted). */
export type InspectionTaskInput = z.input<typeof inspectionTaskSchema>;

/**
 * Validates a task document.
 *
 * @param document - Parsed JSON or a TS object.
 * @returns The task with defaults filled in, or every issue with its path in the document.
 * @example
 * safeParseTask({ kind: "creditclass.inspection-task", version: 1, id: "t", name: { zh: "抽查", en: "check" },
 *   period: "2026-11", ratios: { A: 0.2, B: 0.1, C: 0.3, D: 1 } })
 * //=> { success: false, issues: [{ code: "invalid_config", path: ["ratios", "B"], message: "ratio of B (0.1) is below that of A (0.2): … " }] }
 * @category Tasks
 */
export function safeParseTask(document: unknown): SafeResult<InspectionTask> {
  const result = inspectionTaskSchema.safeParse(document);
  if (result.success) return { success: true, data: result.data };
  return { success: false, issues: configIssues(result.error.issues) };
}

/**
 * Validates a task document.
 *
 * @param document - Parsed JSON or a TS object.
 * @returns The task.
 * @throws {ValidationError} `invalid_config` issues with their paths.
 * @example
 * parseTask(JSON.parse(readFileSync("task.json", "utf8"))).id //=> "2026-11-food"
 * @category Tasks
 */
export function parseTask(document: unknown): InspectionTask {
  return unwrap(safeParseTask(document));
}

/**
 * The ratio per class a task asks for (base × multiplier, capped at 1, when given that way).
 *
 * @param task - The task.
 * @returns Ratios for A, B, C, D.
 * @example
 * requestedRatios(parseTask({ …, ratios: { base: 0.05, multipliers: { A: 0.5, B: 1, C: 3, D: 10 } } })) //=> [0.025, 0.05, 0.15, 0.5]
 * @category Tasks
 */
export function requestedRatios(task: InspectionTask): [number, number, number, number] {
  const r = task.ratios;
  if ("A" in r) return [r.A, r.B, r.C, r.D];
  const m = r.multipliers;
  return [m.A, m.B, m.C, m.D].map((k) => Math.min(1, r.base * k)) as [number, number, number, number];
}

/**
 * The content hash of a task (canonical JSON, SHA-256), recorded in every plan and audit.
 *
 * @param task - The task.
 * @returns 64 hex digits.
 * @example
 * taskHash(task).length //=> 64
 * @category Tasks
 */
export function taskHash(task: InspectionTask): string {
  return contentHash(task);
}
