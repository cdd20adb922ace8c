import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MANDATORY, NOT_SAMPLED, parseTask, planInspections, populationFromRows } from "../src/index.js";
import { baseTask, code, rows } from "./helpers.js";

describe("planInspections", () => {
  const population = populationFromRows(rows([60, 25, 10, 5]));

  it("applies the class ratios per cell", () => {
    const plan = planInspections(population, parseTask(baseTask));
    expect(plan.cells.map((c) => [c.key, c.population, c.ratio, c.drawn])).toEqual([
      ["all/A", 60, 0.05, 3],
      ["all/B", 25, 0.1, 3],
      ["all/C", 10, 0.3, 3],
      ["all/D", 5, 1, 5],
    ]);
    expect(plan.capacity).toMatchObject({ limit: null, planned: 14, scale: 1 });
  });

  it("stratifies by region and industry", () => {
    const plan = planInspections(population, parseTask({ ...baseTask, stratify: { region: "city", industry: "section" } }));
    expect(plan.cells.map((c) => c.key).slice(0, 5)).toEqual(["3301|F/A", "3301|F/B", "3301|F/C", "3301|F/D", "3301|H/A"]);
    expect(plan.cells.reduce((s, c) => s + c.population, 0)).toBe(100);
  });

  it("scales ratios down to the capacity, keeping the order and the minimums", () => {
    const plan = planInspections(population, parseTask({ ...baseTask, capacity: 8, minimums: { D: 0.6 } }));
    expect(plan.capacity.planned).toBeLessThanOrEqual(8);
    const ratio = Object.fromEntries(plan.cells.map((c) => [c.riskClass, c.ratio]));
    expect(ratio.A).toBeLessThanOrEqual(ratio.B ?? 0);
    expect(ratio.B).toBeLessThanOrEqual(ratio.C ?? 0);
    expect(ratio.C).toBeLessThanOrEqual(ratio.D ?? 0);
    expect(ratio.D).toBeGreaterThanOrEqual(0.6);
    expect(plan.capacity.note).toMatch(/^requested 14 inspections exceed the capacity of 8: class ratios scaled by 0\.\d{4}$/);
    const loose = planInspections(population, parseTask({ ...baseTask, capacity: 20 }));
    expect(loose.capacity).toMatchObject({ planned: 14, unused: 6, note: "the requested ratios use 14 of 20 inspections: 6 unused" });
  });

  it("fails with the reason when mandatory inspections and minimums exceed the capacity", () => {
    expect(() => planInspections(population, parseTask({ ...baseTask, capacity: 4, minimums: { D: 1 } }))).toThrow(
      "capacity 4 cannot hold the 0 mandatory inspections, the special strata and the minimum ratios (5 inspections)",
    );
  });

  it("excludes inactive, recently inspected and (on request) class A; mandatory ones are always in", () => {
    const pop = populationFromRows(
      rows([10, 10, 0, 0], (i) => ({ status: i === 10 ? "revoked" : "active", last_inspected: i === 11 ? "2026-09-15" : i === 12 ? "2025-01-01" : "" })),
    );
    const plan = planInspections(
      pop,
      parseTask({ ...baseTask, mandatory: [code(0), "91000000000000000X"], exclude: { classAWithoutTrigger: true, inspectedWithinMonths: 6 } }),
    );
    expect(plan.excluded).toEqual({ outOfScope: 0, inactive: 1, classAWithoutTrigger: 9, recentlyInspected: 1 });
    expect(plan.mandatory).toEqual({ included: 1, notInPopulation: ["91000000000000000X"] });
    expect(plan.cellOf[0]).toBe(MANDATORY);
    // The mandatory class-A enterprise still shows in its stratum and class.
    expect(plan.cells.find((c) => c.key === "all/A")).toMatchObject({ population: 0, drawn: 0, mandatory: 1 });
    expect(plan.cellOf[1]).toBe(NOT_SAMPLED);
    expect(plan.cells.map((c) => [c.key, c.population])).toEqual([
      ["all/A", 0],
      ["all/B", 8],
    ]);
  });

  it("draws special strata at their own ratio whatever the class, and honours the scope", () => {
    const pop = populationFromRows(rows([20, 0, 0, 0], (i) => ({ tags: i < 4 ? "zero_financials" : "" })));
    const plan = planInspections(
      pop,
      parseTask({
        ...baseTask,
        scope: { regions: ["330106"] },
        specialStrata: [{ id: "zero", name: { zh: "年报全零", en: "all-zero report" }, tag: "zero_financials", ratio: 1 }],
      }),
    );
    expect(plan.excluded.outOfScope).toBe(10);
    expect(plan.cells.map((c) => [c.key, c.population, c.drawn])).toEqual([
      ["all/A", 8, 0],
      ["special/zero", 2, 2],
    ]);
  });

  it("property: counts reconcile with population × ratio, within capacity, order kept", () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.nat(300), fc.nat(200), fc.nat(100), fc.nat(50)),
        fc.tuple(
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.double({ min: 0, max: 1, noNaN: true }),
        ),
        fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
        (counts, raw, capacity) => {
          const [a, b, c, d] = [...raw].sort((x, y) => x - y) as [number, number, number, number];
          const pop = populationFromRows(rows(counts));
          const plan = planInspections(pop, parseTask({ ...baseTask, ratios: { A: a, B: b, C: c, D: d }, ...(capacity === undefined ? {} : { capacity }) }));
          for (const cell of plan.cells) {
            expect(Math.abs(cell.drawn - cell.population * cell.ratio)).toBeLessThanOrEqual(0.5);
            expect(cell.ratio).toBeLessThanOrEqual(cell.requestedRatio + 1e-12);
          }
          const ratios = plan.cells.map((cell) => cell.ratio);
          for (let k = 1; k < ratios.length; k++) expect(ratios[k]).toBeGreaterThanOrEqual((ratios[k - 1] ?? 0) - 1e-12);
          if (capacity !== undefined) expect(plan.capacity.planned).toBeLessThanOrEqual(capacity);
          expect(plan.cells.reduce((s, cell) => s + cell.population, 0)).toBe(counts.reduce((s, x) => s + x, 0));
        },
      ),
    );
  });
});
