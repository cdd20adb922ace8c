/**
 * Inspection plans in the embedded database: a month's plan (task, seed, audit record) in
 * `plans` and its selected enterprises in `plan_selections`, replaced together in one
 * transaction.
 * @module
 */
import type { Period, RiskClass } from "@creditclass/core";
import type { CreditDatabase } from "../database/open-database.js";
import { inTransaction } from "../database/open-database.js";
import { appendSeal } from "../history/seal-month.js";

/**
 * A stored plan: what was drawn, from which task and seed, with the audit record as published.
 *
 * @example
 * const plan: StoredPlan = { period: p("2026-10"), taskId: "province-annual", taskHash: "…", seed: "2026-11-23", planned: 3353,
 *   mandatory: 42, manifestSha256: "…", selectedSha256: "…", task: "{…}", audit: "{…}" };
 * @category Plans
 */
export interface StoredPlan {
  /** The classified month the plan was drawn from. */
  readonly period: Period;
  readonly taskId: string;
  readonly taskHash: string;
  readonly seed: string;
  readonly planned: number;
  readonly mandatory: number;
  readonly manifestSha256: string;
  readonly selectedSha256: string;
  /** The task as used, JSON. */
  readonly task: string;
  /** The audit record, JSON. */
  readonly audit: string;
}

/**
 * One selected enterprise of a plan.
 *
 * @example
 * const row: PlanSelectionRow = { uscc: "91330100716105852F", class: "C", stratum: "3301", probability: 0.08, mandatory: false };
 * @category Plans
 */
export interface PlanSelectionRow {
  readonly uscc: string;
  readonly class: RiskClass;
  /** The stratum, or `mandatory`. */
  readonly stratum: string;
  readonly probability: number;
  readonly mandatory: boolean;
}

/**
 * Replaces a month's plan and its selections atomically.
 *
 * @param db - An open database.
 * @param plan - The plan record.
 * @param rows - The selected enterprises.
 * @example
 * await replacePlan(db, plan, rows);
 * @category Plans
 */
export async function replacePlan(db: CreditDatabase, plan: StoredPlan, rows: readonly PlanSelectionRow[]): Promise<void> {
  await db.run("CREATE OR REPLACE TEMP TABLE stage_plan_selections AS SELECT * FROM plan_selections LIMIT 0");
  const appender = await db.connection.createAppender("stage_plan_selections");
  try {
    for (const r of rows) {
      appender.appendVarchar(plan.period);
      appender.appendVarchar(r.uscc);
      appender.appendVarchar(r.class);
      appender.appendVarchar(r.stratum);
      appender.appendDouble(r.probability);
      appender.appendBoolean(r.mandatory);
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
  try {
    await inTransaction(db, async () => {
      await db.run("DELETE FROM plan_selections WHERE period = ?", [plan.period]);
      await db.run("INSERT INTO plan_selections SELECT * FROM stage_plan_selections ORDER BY uscc");
      await db.run("INSERT OR REPLACE INTO plans VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        plan.period,
        plan.taskId,
        plan.taskHash,
        plan.seed,
        plan.planned,
        plan.mandatory,
        plan.manifestSha256,
        plan.selectedSha256,
        plan.task,
        plan.audit,
      ]);
      await appendSeal(db, plan.period, ["plan", "selections"]);
    });
  } finally {
    await db.run("DROP TABLE IF EXISTS stage_plan_selections");
  }
}

/**
 * The stored plan of a month.
 *
 * @param db - An open database.
 * @param period - The classified month.
 * @returns The plan and its selections, or undefined when none was drawn.
 * @example
 * (await readPlan(db, p("2026-10")))?.rows.length //=> 3353
 * @category Plans
 */
export async function readPlan(db: CreditDatabase, period: Period): Promise<{ plan: StoredPlan; rows: PlanSelectionRow[] } | undefined> {
  const [p] = await db.all("SELECT * FROM plans WHERE period = ?", [period]);
  if (p === undefined) return undefined;
  const rows = await db.all("SELECT uscc, class, stratum, probability, mandatory FROM plan_selections WHERE period = ? ORDER BY uscc", [period]);
  return {
    plan: {
      period,
      taskId: String(p.task_id),
      taskHash: String(p.task_hash),
      seed: String(p.seed),
      planned: Number(p.planned),
      mandatory: Number(p.mandatory),
      manifestSha256: String(p.manifest_sha256),
      selectedSha256: String(p.selected_sha256),
      task: String(p.task),
      audit: String(p.audit),
    },
    rows: rows.map((r) => ({
      uscc: String(r.uscc),
      class: String(r.class) as RiskClass,
      stratum: String(r.stratum),
      probability: Number(r.probability),
      mandatory: r.mandatory === true,
    })),
  };
}
