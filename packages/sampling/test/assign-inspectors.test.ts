import { ValidationError } from "@creditclass/core";
import { describe, expect, it } from "vitest";
import type { Inspector } from "../src/index.js";
import { assignInspectors, populationFromRows } from "../src/index.js";
import { code, rows } from "./helpers.js";

const population = populationFromRows(rows([0, 40, 0, 0]));
const all = Int32Array.from({ length: 40 }, (_, i) => i);
const pool = (n: number, extra: (k: number) => Partial<Inspector> = () => ({})): Inspector[] =>
  Array.from({ length: n }, (_, k) => ({ id: `I${k}`, unit: `U${k % 3}`, ...extra(k) }));

function team(result: ReturnType<typeof assignInspectors>, slot: number): number[] {
  return Array.from(result.teams.subarray(slot * result.teamSize, (slot + 1) * result.teamSize));
}

describe("assignInspectors", () => {
  it("gives every enterprise a team of distinct inspectors, balanced and within the cap", () => {
    const result = assignInspectors(population, all, pool(10), "s", { maxPerInspector: 8 });
    for (let s = 0; s < 40; s++) expect(new Set(team(result, s)).size).toBe(2);
    expect(Math.max(...result.loads) - Math.min(...result.loads)).toBeLessThanOrEqual(1);
    expect(result.loads.reduce((a, b) => a + b, 0)).toBe(80);
  });

  it("is reproducible from the seed and changes with it", () => {
    const a = assignInspectors(population, all, pool(10), "s");
    expect(Array.from(assignInspectors(population, all, pool(10), "s").teams)).toEqual(Array.from(a.teams));
    expect(Array.from(assignInspectors(population, all, pool(10), "t").teams)).not.toEqual(Array.from(a.teams));
  });

  it("respects avoidance: last inspectors, declared interests, the enterprise's unit, regions and distinct units", () => {
    const result = assignInspectors(
      population,
      all,
      pool(6, (k) => ({ regions: k === 5 ? ["3302"] : [] })),
      "s",
      {
        lastInspectors: new Map([[code(0), ["I0", "I1"]]]),
        interests: new Map([["I2", [code(0), code(1)]]]),
        enterpriseUnits: new Map([[code(2), "U0"]]),
        distinctUnits: true,
      },
    );
    expect(team(result, 0)).not.toContain(0);
    expect(team(result, 0)).not.toContain(1);
    expect(team(result, 0)).not.toContain(2);
    expect(team(result, 1)).not.toContain(2);
    expect(team(result, 2).some((k) => k % 3 === 0)).toBe(false);
    for (let s = 0; s < 40; s++) {
      const units = team(result, s).map((k) => k % 3);
      expect(new Set(units).size).toBe(units.length);
      if (population.regions[population.region[s] ?? 0]?.startsWith("3301")) expect(team(result, s)).not.toContain(5);
    }
  });

  it("fails with the reason instead of relaxing a rule", () => {
    const error = (() => {
      try {
        assignInspectors(population, all, pool(3), "s", { maxPerInspector: 20, lastInspectors: new Map([[code(7), ["I0", "I1"]]]) });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.message).toMatch(
      /has [01] of 2 inspectors: 3 of the 3 in the pool cover its region and industry; \d must avoid it, \d are at their workload cap/,
    );
  });

  it("finds an exchange where the greedy choice runs out", () => {
    // Each inspector can do one inspection; enterprise 0 must avoid I2 and I3, so it needs I0 and I1.
    // When enterprise 1 comes first and takes I0 or I1, only an exchange completes the plan.
    const two = populationFromRows(rows([0, 2, 0, 0]));
    for (let s = 0; s < 20; s++) {
      const result = assignInspectors(
        two,
        Int32Array.from([0, 1]),
        pool(4, () => ({ maxInspections: 1 })),
        `x${s}`,
        {
          interests: new Map([
            ["I2", [code(0)]],
            ["I3", [code(0)]],
          ]),
        },
      );
      expect(team(result, 0).sort()).toEqual([0, 1]);
      expect(team(result, 1).sort()).toEqual([2, 3]);
    }
  });
});
