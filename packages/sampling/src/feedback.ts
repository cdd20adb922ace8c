/**
 * Feedback from inspections: results become inspection events for the ingest path (so next
 * month's classification sees them), and checks whose result is not recorded within 20 working
 * days are reported as overdue.
 * @module
 */
import type { HolidayCalendar } from "@creditclass/core";
import { CHINA_HOLIDAYS, compileCalendar, formatDayNumber, parseDayNumber, ValidationError } from "@creditclass/core";

/**
 * One inspection result as reported by an inspection team.
 * @category Feedback
 */
export interface InspectionResult {
  readonly uscc: string;
  readonly taskId: string;
  /** Day of the check, `YYYY-MM-DD`. */
  readonly checked: string;
  readonly result: "compliant" | "problem" | "not_found";
  /** Day the result was recorded, `YYYY-MM-DD`; absent while not recorded. */
  readonly recorded?: string;
}

/**
 * Turns recorded results into `inspection` event records for `ingestObjects(db, "events", …)`.
 * The source id is `<task>/<uscc>/<checked>`, so recording a result twice adds nothing.
 *
 * @param results - Results (unrecorded ones are skipped).
 * @returns Event records.
 * @example
 * inspectionEvents([{ uscc, taskId: "T1", checked: "2026-11-10", result: "problem", recorded: "2026-11-12" }])
 * //=> [{ source_id: "T1/…/2026-11-10", kind: "inspection", uscc, date: "2026-11-10", recorded: "2026-11-12", task_id: "T1", result: "problem" }]
 * @category Feedback
 */
export function inspectionEvents(results: readonly InspectionResult[]): Record<string, string>[] {
  return results
    .filter((r) => r.recorded !== undefined)
    .map((r) => ({
      source_id: `${r.taskId}/${r.uscc}/${r.checked}`,
      kind: "inspection",
      uscc: r.uscc,
      date: r.checked,
      recorded: r.recorded ?? "",
      task_id: r.taskId,
      result: r.result,
    }));
}

/**
 * A check whose result came (or is still missing) after the allowed working days.
 * @category Feedback
 */
export interface OverdueResult {
  readonly uscc: string;
  readonly taskId: string;
  readonly checked: string;
  /** Last day the result was due. */
  readonly due: string;
  /** Working days from the check to the recording (or to `asOf` while unrecorded). */
  readonly workingDays: number;
  readonly recorded: string | null;
}

/**
 * Results recorded later than `allowed` working days after the check, or not recorded by `asOf`
 * although due.
 *
 * @param results - Results, recorded or not.
 * @param asOf - The day of the report, `YYYY-MM-DD`.
 * @param options - `allowed` working days (default 20) and the holiday calendar (default China's).
 * @returns The overdue ones, by check date.
 * @throws {ValidationError} `invalid_date` naming the result and field.
 * @example
 * overdueResults([{ uscc, taskId: "T1", checked: "2026-10-08", result: "compliant" }], "2026-11-20")
 * //=> [{ …, due: "2026-11-05", workingDays: 32, recorded: null }]
 * @category Feedback
 */
export function overdueResults(
  results: readonly InspectionResult[],
  asOf: string,
  options: { readonly allowed?: number; readonly calendar?: HolidayCalendar } = {},
): OverdueResult[] {
  const allowed = options.allowed ?? 20;
  const calendar = compileCalendar(options.calendar ?? CHINA_HOLIDAYS);
  const day = (text: string, path: (string | number)[]): number => {
    const d = parseDayNumber(text);
    if (Number.isNaN(d))
      throw new ValidationError([
        { code: "invalid_date", path, value: text, expected: "YYYY-MM-DD", message: `${JSON.stringify(text)} is not a calendar date` },
      ]);
    return d;
  };
  const today = day(asOf, ["asOf"]);
  const out: OverdueResult[] = [];
  results.forEach((r, i) => {
    const checked = day(r.checked, [i, "checked"]);
    const end = r.recorded === undefined ? today : day(r.recorded, [i, "recorded"]);
    const workingDays = calendar.workingDaysBetween(checked, end);
    if (workingDays > allowed) {
      out.push({
        uscc: r.uscc,
        taskId: r.taskId,
        checked: r.checked,
        due: formatDayNumber(calendar.addWorkingDays(checked, allowed)),
        workingDays,
        recorded: r.recorded ?? null,
      });
    }
  });
  return out.sort((a, b) => (a.checked < b.checked ? -1 : a.checked > b.checked ? 1 : a.uscc < b.uscc ? -1 : 1));
}
