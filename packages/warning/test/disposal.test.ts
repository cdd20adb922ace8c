import { formatDayNumber, MEASURES, parseDayNumber, parsePeriod } from "@creditclass/core";
import { alertStatusesIn } from "@creditclass/pipeline";
import { openDatabase, readAlerts, recordDisposal, replaceMonthAlerts } from "@creditclass/store";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Alert, AlertRecord, Disposal } from "../src/index.js";
import { alertStatuses, DEFAULT_ESCALATION, mandatoryInspections, parseEscalationPolicy } from "../src/index.js";

const code = "91330106000000002X";
const reminder: AlertRecord = {
  id: `annual_report_overdue/${code}/2026-07-31`,
  ruleId: "annual_report_overdue",
  uscc: code,
  day: "2026-07-31",
  measure: "reminder",
};

describe("escalation", () => {
  it("climbs the ladder while open, restarts the wait on an action, stops on resolution", () => {
    const at = (asOf: string, disposals: Disposal[] = []) => alertStatuses([reminder], disposals, asOf, DEFAULT_ESCALATION)[0];
    expect(at("2026-08-14")?.measure).toBe("reminder");
    expect(at("2026-08-15")).toMatchObject({ measure: "warning", open: true, escalations: [{ day: "2026-08-15", measure: "warning" }] });
    expect(at("2026-10-30")?.escalations.map((e) => `${e.day} ${e.measure}`)).toEqual(["2026-08-15 warning", "2026-08-30 interview", "2026-09-29 inspection"]);
    const sent: Disposal = { alertId: reminder.id, day: "2026-08-10", by: "张三", action: "reminder sent by SMS", resolved: false };
    expect(at("2026-08-24", [sent])?.measure).toBe("reminder");
    expect(at("2026-08-25", [sent])?.measure).toBe("warning");
    const filed: Disposal = { alertId: reminder.id, day: "2026-08-20", by: "张三", action: "annual report filed", resolved: true };
    expect(at("2026-12-31", [sent, filed])).toMatchObject({ measure: "reminder", open: false, closedOn: "2026-08-20" });
    expect(at("2026-12-31", [filed])).toMatchObject({ measure: "warning", open: false, closedOn: "2026-08-20" });
    // A disposal recorded after the day asked about has not happened yet.
    expect(at("2026-08-19", [filed])).toMatchObject({ measure: "warning", open: true });
  });

  it("starts a repeat one measure above where the earlier alert stood, and sends open inspections to sampling", () => {
    const again: AlertRecord = { ...reminder, id: `annual_report_overdue/${code}/2026-09-30`, day: "2026-09-30" };
    const resolved: Disposal = { alertId: reminder.id, day: "2026-08-01", by: "李四", action: "filed", resolved: true };
    const [, second] = alertStatuses([again, reminder], [resolved], "2026-10-01", DEFAULT_ESCALATION);
    expect(second?.measure).toBe("warning");
    const far: AlertRecord = { ...reminder, id: `annual_report_overdue/${code}/2027-09-30`, day: "2027-09-30" };
    expect(alertStatuses([reminder, far], [resolved], "2027-10-01", DEFAULT_ESCALATION)[1]?.measure).toBe("reminder");
    const other = "91330106000000003Y";
    const inspection: AlertRecord = {
      id: `serious_list_entry/${other}/2026-10-12`,
      ruleId: "serious_list_entry",
      uscc: other,
      day: "2026-10-12",
      measure: "inspection",
    };
    expect(mandatoryInspections(alertStatuses([reminder, inspection], [], "2026-09-28", DEFAULT_ESCALATION))).toEqual([]);
    expect(mandatoryInspections(alertStatuses([reminder, inspection], [], "2026-10-31", DEFAULT_ESCALATION))).toEqual([code, other].sort());
    expect(() => parseEscalationPolicy({ afterDays: { reminder: 0 } })).toThrow(/afterDays\.reminder/);
  });

  it("never goes down the ladder as time passes, and reaches inspection by the sum of the waits (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 3 }), (days, step, start) => {
        const policy = parseEscalationPolicy({ afterDays: { reminder: step, warning: step, interview: step } });
        const alert = { ...reminder, measure: MEASURES[start] ?? "reminder" };
        const day = parseDayNumber(reminder.day);
        const level = (d: number) => MEASURES.indexOf(alertStatuses([alert], [], formatDayNumber(d), policy)[0]?.measure ?? "reminder");
        expect(level(day + days + 1)).toBeGreaterThanOrEqual(level(day + days));
        expect(level(day + days)).toBe(Math.min(3, start + Math.floor(days / step)));
      }),
      { numRuns: 100 },
    );
  });
});

describe("alerts in the database", () => {
  it("lists by month, region and rule, records disposals and refuses unknown ids", async () => {
    const db = await openDatabase(":memory:");
    await db.run(
      "INSERT INTO enterprises (uscc, region, established) VALUES ('91330106000000002X', '330106', '2020-01-01'), ('91440300000000003Y', '440300', '2020-01-01')",
    );
    const alert = (ruleId: string, uscc: string, day: string, measure: Alert["measure"]): Alert => ({
      id: `${ruleId}/${uscc}/${day}`,
      ruleId,
      name: { zh: ruleId, en: ruleId },
      severity: 2,
      measure,
      uscc,
      period: parsePeriod(day.slice(0, 7)),
      day,
      evidence: { count: 3 },
    });
    await replaceMonthAlerts(db, parsePeriod("2026-09"), [alert("annual_report_overdue", code, "2026-09-30", "reminder")], "h");
    await replaceMonthAlerts(
      db,
      parsePeriod("2026-10"),
      [alert("abnormal_changes", code, "2026-10-14", "interview"), alert("annual_report_overdue", "91440300000000003Y", "2026-10-31", "reminder")],
      "h",
    );
    expect((await readAlerts(db, { period: parsePeriod("2026-10") })).map((a) => a.id)).toEqual([
      `abnormal_changes/${code}/2026-10-14`,
      "annual_report_overdue/91440300000000003Y/2026-10-31",
    ]);
    expect((await readAlerts(db, { region: "3301" })).map((a) => a.ruleId)).toEqual(["annual_report_overdue", "abnormal_changes"]);
    expect((await readAlerts(db, { rule: "abnormal_changes" }))[0]).toMatchObject({ uscc: code, measure: "interview", evidence: { count: 3 } });
    await recordDisposal(db, { alertId: `abnormal_changes/${code}/2026-10-14`, day: "2026-10-20", by: "王五", action: "interviewed", resolved: true });
    await expect(recordDisposal(db, { alertId: "nope/x/2026-10-01", day: "2026-10-20", by: "王五", action: "x", resolved: true })).rejects.toThrow(
      /no stored alert/,
    );
    await expect(
      recordDisposal(db, { alertId: `abnormal_changes/${code}/2026-10-14`, day: "2026-10-01", by: "王五", action: "x", resolved: true }),
    ).rejects.toThrow(/on or after 2026-10-14/);
    const history = await alertStatusesIn(db, "2026-11-30", DEFAULT_ESCALATION, { uscc: code });
    expect(history.map((s) => [s.alert.ruleId, s.measure, s.open, s.disposals.map((d) => d.action)])).toEqual([
      ["annual_report_overdue", "inspection", true, []],
      ["abnormal_changes", "interview", false, ["interviewed"]],
    ]);
    // A re-run of October keeps the disposal: ids are rule/code/day.
    await replaceMonthAlerts(db, parsePeriod("2026-10"), [alert("abnormal_changes", code, "2026-10-14", "interview")], "h");
    expect((await alertStatusesIn(db, "2026-11-30", DEFAULT_ESCALATION, { period: parsePeriod("2026-10") }))[0]?.open).toBe(false);
    db.close();
  });
});
