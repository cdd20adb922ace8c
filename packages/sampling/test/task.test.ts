import { describe, expect, it } from "vitest";
import { parseTask, requestedRatios, safeParseTask, taskHash } from "../src/index.js";
import { baseTask } from "./helpers.js";

describe("inspection tasks", () => {
  it("fills defaults and computes ratios from a base and multipliers", () => {
    const task = parseTask({ ...baseTask, ratios: { base: 0.05, multipliers: { A: 0.5, B: 1, C: 3, D: 30 } } });
    expect(requestedRatios(task)).toEqual([0.025, 0.05, 0.15000000000000002, 1]);
    expect(task.exclude).toEqual({ classAWithoutTrigger: false, inspectedWithinMonths: 0, inactive: true });
  });

  it("names the path of every problem", () => {
    const result = safeParseTask({ ...baseTask, period: "2026-13", capacity: -1, ratios: { A: 0.2, B: 0.1, C: 0.3, D: 1.5 } });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.issues.map((i) => [i.path, i.message])).toMatchInlineSnapshot(`
        [
          [
            [
              "period",
            ],
            "a month YYYY-MM",
          ],
          [
            [
              "ratios",
              "D",
            ],
            "Too big: expected number to be <=1",
          ],
          [
            [
              "capacity",
            ],
            "Too small: expected number to be >0",
          ],
          [
            [
              "ratios",
              "B",
            ],
            "B (0.1) is below A (0.2): expected A ≤ B ≤ C ≤ D",
          ],
        ]
      `);
    }
    const order = safeParseTask({ ...baseTask, ratios: { A: 0.2, B: 0.1, C: 0.3, D: 1 } });
    expect(order.success ? [] : order.issues.map((i) => [i.path?.join("."), i.message])).toEqual([
      ["ratios.B", "B (0.1) is below A (0.2): expected A ≤ B ≤ C ≤ D"],
    ]);
  });

  it("hashes the content, not the key order", () => {
    const a = parseTask(baseTask);
    const { ratios, ...rest } = baseTask;
    const b = parseTask(JSON.parse(JSON.stringify({ ratios, ...rest })));
    expect(taskHash(a)).toBe(taskHash(b));
    expect(taskHash(a)).not.toBe(taskHash(parseTask({ ...baseTask, capacity: 10 })));
  });
});
