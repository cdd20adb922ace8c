import { describe, expect, it } from "vitest";
import { inspectionEvents, overdueResults } from "../src/index.js";
import { code } from "./helpers.js";

describe("feedback", () => {
  const results = [
    { uscc: code(1), taskId: "T1", checked: "2025-09-26", result: "problem" as const, recorded: "2025-10-31" },
    { uscc: code(2), taskId: "T1", checked: "2025-09-26", result: "compliant" as const, recorded: "2025-10-29" },
    { uscc: code(3), taskId: "T1", checked: "2025-11-03", result: "not_found" as const },
  ];

  it("turns recorded results into inspection events with stable source ids", () => {
    expect(inspectionEvents(results)).toEqual([
      {
        source_id: `T1/${code(1)}/2025-09-26`,
        kind: "inspection",
        uscc: code(1),
        date: "2025-09-26",
        recorded: "2025-10-31",
        task_id: "T1",
        result: "problem",
      },
      {
        source_id: `T1/${code(2)}/2025-09-26`,
        kind: "inspection",
        uscc: code(2),
        date: "2025-09-26",
        recorded: "2025-10-29",
        task_id: "T1",
        result: "compliant",
      },
    ]);
  });

  it("reports results recorded after 20 working days, counting holidays and make-up days", () => {
    // From Friday 2025-09-26 the 20th working day is 30 Oct: Sunday 28 Sep and Saturday 11 Oct are make-up
    // working days, 1–8 Oct are off. Recorded on 31 Oct is 21 working days; on 29 Oct, 19.
    const overdue = overdueResults(results, "2025-12-05");
    expect(overdue.map((o) => [o.uscc, o.due, o.workingDays, o.recorded])).toEqual([
      [code(1), "2025-10-30", 21, "2025-10-31"],
      [code(3), "2025-12-01", 24, null],
    ]);
    expect(() => overdueResults([{ ...results[0], checked: "2025-13-01" } as (typeof results)[number]], "2025-12-05")).toThrow("is not a calendar date");
  });
});
