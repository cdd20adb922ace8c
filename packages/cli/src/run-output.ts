/**
 * What `creditclass run` and `creditclass demo` write for a run of the monthly job: each month's
 * class table and alerts, the last month's inspection plan with its audit record, the task as
 * used and the class table drawn from (what `verify-draw` needs), and the one-screen summary.
 * @module
 */
import { formatDayNumber, MEASURE_LABELS, NEVER, RISK_CLASSES } from "@creditclass/core";
import { writeCsvFile } from "@creditclass/ingest";
import type { PlanMonthResult, RunProgress, RunResult } from "@creditclass/pipeline";
import type { ClassTableColumns } from "@creditclass/store";
import type { Alert } from "@creditclass/warning";
import type { OutputFolder } from "./output-folder.js";
import { writeFileAtomic } from "./output-folder.js";
import { startProgress } from "./progress.js";

/** Columns of an alerts CSV. */
export const ALERT_COLUMNS = ["rule", "name_zh", "name_en", "severity", "measure", "measure_zh", "uscc", "period", "day", "evidence"] as const;

/** Columns of the class table a plan is drawn from (what `verify-draw --classes` reads). */
export const CLASS_TABLE_FOR_SAMPLING = ["uscc", "class", "region", "industry", "entity_type", "tags", "last_inspected", "status"] as const;

/**
 * Writes alerts as CSV.
 *
 * @param path - The file.
 * @param alerts - The alerts.
 * @returns Rows written.
 * @example
 * await writeAlerts("alerts-2026-10.csv", alerts)
 */
export function writeAlerts(path: string, alerts: readonly Alert[]): Promise<number> {
  return writeCsvFile(
    path,
    ALERT_COLUMNS,
    alerts.map((a) => [
      a.ruleId,
      a.name.zh,
      a.name.en,
      a.severity,
      a.measure,
      MEASURE_LABELS[a.measure].zh,
      a.uscc,
      a.period,
      a.day,
      JSON.stringify(a.evidence),
    ]),
  );
}

/**
 * Writes a drawn plan: `plan.csv` (uscc, class, stratum, probability, mandatory), `plan.audit.json`,
 * `plan.task.json` (the task as used) and `plan.classes.csv` (the class table drawn from).
 *
 * @param out - The output folder.
 * @param drawn - From `planMonth`.
 * @param task - What to publish as the task: the parsed task (`parsed`) or the document as used (`document`).
 * @returns The files written.
 * @example
 * await writePlanFiles(OutputFolder.open("out/2026-10", "run"), run.plan, "document")
 */
export async function writePlanFiles(out: OutputFolder, drawn: PlanMonthResult, task: "parsed" | "document"): Promise<string[]> {
  const files = ["plan.csv", "plan.audit.json", "plan.task.json", "plan.classes.csv"].map((f) => out.claim(f));
  const [plan, audit, taskFile, classes] = files as [string, string, string, string];
  await writeCsvFile(
    plan,
    ["uscc", "class", "stratum", "probability", "mandatory"],
    drawn.selections.map((r) => [r.uscc, r.class, r.stratum, r.probability, r.mandatory ? 1 : 0]),
  );
  writeFileAtomic(audit, `${JSON.stringify(drawn.draw.audit, null, 2)}\n`);
  writeFileAtomic(taskFile, `${JSON.stringify(task === "parsed" ? drawn.task : drawn.document, null, 2)}\n`);
  await writeCsvFile(classes, CLASS_TABLE_FOR_SAMPLING, classTableRows(drawn.classTable));
  return files;
}

/**
 * The class table drawn from as CSV rows, in the columns of {@link CLASS_TABLE_FOR_SAMPLING}
 * (generated one at a time: a million rows never exist as objects).
 *
 * @param t - The class table of `planMonth`.
 * @returns The rows, in the table's order.
 * @example
 * [...classTableRows(run.plan.classTable)][0] //=> ["9133…", "B", "330106", "F5211", "company", "", "2025-03-02", "active"]
 */
export function* classTableRows(t: ClassTableColumns): Generator<string[]> {
  for (let i = 0; i < t.count; i++) {
    const last = t.lastInspected[i] as number;
    yield [
      t.uscc[i] as string,
      RISK_CLASSES[t.riskClass[i] as number] as string,
      t.regions[t.region[i] as number] as string,
      t.industries[t.industry[i] as number] as string,
      t.entityTypes[t.entityType[i] as number] as string,
      t.tagSets[t.tags[i] as number] as string,
      last === NEVER ? "" : formatDayNumber(last),
      t.statuses[t.status[i] as number] as string,
    ];
  }
}

/**
 * Progress bars for a run (quiet when standard error is not a terminal).
 *
 * @returns The callback for `runMonths`, and a function that closes the bar.
 * @example
 * const bars = runProgressBars(); await runMonths(db, from, to, { onProgress: bars.onProgress }); bars.stop();
 */
export function runProgressBars(): { onProgress: (p: RunProgress) => void; stop: () => void } {
  let bar: ReturnType<typeof startProgress> | undefined;
  return {
    onProgress(p) {
      bar ??= startProgress("monthly job (classify + warn)", p.total, "months");
      bar.update(p.done, p.total);
    },
    stop() {
      bar?.stop();
    },
  };
}

/**
 * The one-screen summary of a run.
 *
 * @param run - The run.
 * @returns Lines to print.
 * @example
 * for (const line of formatRunSummary(run)) console.log(line);
 */
export function formatRunSummary(run: RunResult): string[] {
  const lines: string[] = [];
  for (const m of run.months) {
    const r = m.run;
    const total = Math.max(1, r.enterprises);
    lines.push(
      `${m.period}: ${r.enterprises} enterprises — ${RISK_CLASSES.map((c, k) => `${c} ${((100 * (r.counts[k] ?? 0)) / total).toFixed(1)} %`).join(", ")}; ` +
        `${m.alertCount} alerts${m.alertCount > 0 ? ` (${m.alertsByRule.map((r) => `${r.rule} ${r.count}`).join(", ")})` : ""}${m.withClasses ? "" : "; no previous month classified: class-transition rules raised nothing"}`,
    );
  }
  const last = run.months[run.months.length - 1];
  if (last !== undefined) lines.push(`model set ${last.run.modelSet} ${last.run.modelHash.slice(0, 12)}…, input ${last.run.inputFingerprint.slice(0, 12)}…`);
  const { plan, task, draw, seed, alertTargets } = run.plan;
  lines.push(
    `inspection plan ${task.id}${run.plan.defaultTask ? " (the national default task: creditclass sample --print-default-task to edit it)" : ""} for ${plan.period}: ${plan.capacity.planned} inspections (${plan.mandatory.included} mandatory, ${alertTargets.length} from alerts at inspection), seed ${JSON.stringify(seed)}, manifest ${draw.audit.manifest.sha256.slice(0, 16)}…`,
  );
  return lines;
}
