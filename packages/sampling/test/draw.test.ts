import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PublishedPlanRow } from "../src/draw.js";
import type { DrawResult, InspectionPlan, SamplingPopulation } from "../src/index.js";
import { drawInspections, hashStream, MANDATORY, parseTask, planInspections, populationFromRows, verifyDraw } from "../src/index.js";
import { baseTask, rows } from "./helpers.js";

describe("hashStream", () => {
  it("is the first 53 bits of SHA-256(seed \\n cell \\n counter), reduced without bias", () => {
    const digest = createHash("sha256").update("s\nall/C\n0").digest();
    const x = Number(BigInt(`0x${digest.subarray(0, 8).toString("hex")}`) >> 11n);
    expect(hashStream("s", "all/C").below(1000)).toBe(x % 1000);
    const stream = hashStream("s", "all/C");
    stream.below(7);
    stream.below(7);
    expect(stream.counter).toBe(2);
    expect(() => stream.below(0)).toThrow(RangeError);
  });
});

describe("drawInspections", () => {
  const population = populationFromRows(rows([60, 25, 10, 5], (i) => ({ tags: i % 17 === 0 ? "zero" : "" })));
  const task = parseTask({ ...baseTask, mandatory: [population.uscc[1] ?? ""], stratify: { region: "city", industry: "none" } });
  const plan = planInspections(population, task);

  it("draws the planned number per cell, every mandatory one, and records probabilities", () => {
    const { selected, probability, audit } = drawInspections(population, plan, "2026-11-23/42");
    expect(selected.length).toBe(plan.capacity.planned);
    expect(audit.selected.count).toBe(plan.capacity.planned);
    expect(probability[1]).toBe(1);
    plan.cells.forEach((cell) => {
      const members = Array.from({ length: population.count }, (_, i) => i).filter((i) => plan.cellOf[i] === plan.cells.indexOf(cell));
      expect(members.filter((i) => selected.includes(i)).length).toBe(cell.drawn);
      for (const i of members) expect(probability[i]).toBeCloseTo(cell.drawn / cell.population, 12);
    });
    expect(audit.manifest.rows).toBe(100);
  });

  it("is reproducible from the seed, independent of the population's row order, and verifiable", () => {
    const a = drawInspections(population, plan, "seed-1");
    const b = drawInspections(population, plan, "seed-1");
    expect(Array.from(b.selected)).toEqual(Array.from(a.selected));
    expect(drawInspections(population, plan, "seed-2").audit.selected.sha256).not.toBe(a.audit.selected.sha256);
    const shuffled = populationFromRows([...rows([60, 25, 10, 5], (i) => ({ tags: i % 17 === 0 ? "zero" : "" }))].reverse());
    const c = drawInspections(shuffled, planInspections(shuffled, task), "seed-1");
    expect(c.audit.manifest).toEqual(a.audit.manifest);
    expect(c.audit.selected).toEqual(a.audit.selected);
    expect(verifyDraw(shuffled, task, a.audit)).toEqual({ ok: true, differences: [] });
  });

  it("hashes the same manifest on a worker from a shared byte column of codes, in either row order", () => {
    // A million-row population (below that the worker is not used), with its codes also as bytes.
    const big = populationFromRows(rows([600_000, 250_000, 100_000, 50_000]));
    const withBytes = (p: typeof big) => {
      const bytes = new Uint8Array(new SharedArrayBuffer(p.count * 18));
      p.uscc.forEach((u, i) => {
        bytes.set(Buffer.from(u, "latin1"), i * 18);
      });
      return { ...p, codeBytes: bytes };
    };
    const bigPlan = planInspections(big, task);
    const plain = drawInspections(big, bigPlan, "bytes");
    expect(drawInspections(withBytes(big), bigPlan, "bytes").audit).toEqual(plain.audit);
    // Reversed rows: the manifest follows code order, not row order.
    const reversed = populationFromRows(rows([600_000, 250_000, 100_000, 50_000]).reverse());
    expect(drawInspections(withBytes(reversed), planInspections(reversed, task), "bytes").audit.manifest).toEqual(plain.audit.manifest);
    // Bytes that disagree with the codes are not used.
    const wrong = withBytes(big);
    (wrong.codeBytes as Uint8Array).fill(65, 0, 18);
    expect(drawInspections(wrong, bigPlan, "bytes").audit).toEqual(plain.audit);
  }, 60_000);

  it("detects a tampered audit, a changed population or a changed task", () => {
    const { audit } = drawInspections(population, plan, "seed-1");
    expect(verifyDraw(population, task, { ...audit, seed: "seed-x" }).differences).toEqual([expect.stringMatching(/^selection: /)]);
    const changed = populationFromRows(rows([60, 25, 10, 5], (i) => (i === 0 ? { class: "D" } : {})));
    expect(verifyDraw(changed, task, audit).ok).toBe(false);
    expect(verifyDraw(population, parseTask({ ...baseTask, stratify: { region: "city", industry: "none" } }), audit).differences[0]).toMatch(/^task hash/);
  });

  it("selects uniformly within a cell (chi-square over 2,000 fixed seeds)", () => {
    const small = populationFromRows(rows([0, 10, 0, 0]));
    const smallPlan = planInspections(small, parseTask({ ...baseTask, ratios: { A: 0, B: 0.3, C: 0.3, D: 1 } }));
    const hits = new Array<number>(10).fill(0);
    const runs = 2000;
    for (let s = 0; s < runs; s++) for (const i of drawInspections(small, smallPlan, `chi-${s}`).selected) hits[i] = (hits[i] ?? 0) + 1;
    const expected = (runs * 3) / 10;
    const chi2 = hits.reduce((sum, h) => sum + (h - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: the 0.999 quantile is 27.88.
    expect(chi2).toBeLessThan(27.88);
    expect(hits.reduce((a, b) => a + b, 0)).toBe(runs * 3);
  });
});

/** The plan file's rows as the CLI writes them (line 1 is the header); a code or stratum starting like a formula, unless a plain number, gets the writer's apostrophe. */
function publishedRows(population: SamplingPopulation, plan: InspectionPlan, draw: DrawResult): PublishedPlanRow[] {
  const cell = (text: string) => (/^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+$/.test(text) ? `'${text}` : text);
  return Array.from(draw.selected, (i, k) => {
    const mandatory = plan.cellOf[i] === MANDATORY;
    return {
      line: k + 2,
      uscc: cell(population.uscc[i] ?? ""),
      class: "ABCD"[population.riskClass[i] ?? 0] ?? "",
      stratum: cell(mandatory ? "mandatory" : (plan.cells[plan.cellOf[i] ?? 0]?.stratum ?? "")),
      probability: String(draw.probability[i]),
      mandatory: mandatory ? "1" : "0",
    };
  });
}

describe("verifyDraw with the published plan", () => {
  const population = populationFromRows(rows([60, 25, 10, 5]));
  const task = parseTask({ ...baseTask, mandatory: [population.uscc[1] ?? ""], stratify: { region: "city", industry: "none" } });
  const plan = planInspections(population, task);
  const draw = drawInspections(population, plan, "seed-1");
  const published = publishedRows(population, plan, draw);

  it("verifies the untouched plan in any row order, and leaves its input alone", () => {
    const frozen = structuredClone(published);
    expect(verifyDraw(population, task, draw.audit, { plan: published })).toEqual({ ok: true, differences: [], plan: [] });
    expect(verifyDraw(population, task, draw.audit, { plan: [...published].reverse() }).ok).toBe(true);
    expect(published).toEqual(frozen);
  });

  it("names each differing row by line and field, and the rows missing, extra or repeated", () => {
    const [first, second, third] = published as [PublishedPlanRow, PublishedPlanRow, PublishedPlanRow, ...PublishedPlanRow[]];
    const otherClass = first.class === "A" ? "D" : "A";
    const changed = [
      { ...first, class: otherClass, probability: "0.5" },
      { ...second, uscc: `${second.uscc.slice(0, -1)}X` },
      third,
      { ...third, line: published.length + 2 },
      ...published.slice(3),
    ];
    const result = verifyDraw(population, task, draw.audit, { plan: changed });
    expect(result.ok).toBe(false);
    expect(result.differences).toEqual([]);
    expect(result.plan?.map((d) => [d.line, d.message])).toEqual([
      [2, `class: published ${otherClass}, draw gives ${first.class}`],
      [2, `probability: published 0.5, draw gives ${first.probability}`],
      [3, `uscc: published ${second.uscc.slice(0, -1)}X, not selected by the draw`],
      [published.length + 2, `uscc: published ${third.uscc}, repeated (first on line 4)`],
      [undefined, `uscc: the draw selects ${second.uscc}, missing from the plan`],
    ]);
    expect(result.plan?.[0]).toEqual({ line: 2, uscc: first.uscc, field: "class", published: otherClass, drawn: first.class, message: expect.any(String) });
  });

  it("flags the mandatory row published as drawn, and an empty cell", () => {
    const k = published.findIndex((r) => r.mandatory === "1");
    const changed = published.map((r, j) => (j === k ? { ...r, mandatory: "0", stratum: "" } : r));
    const messages = verifyDraw(population, task, draw.audit, { plan: changed }).plan?.map((d) => `${d.line} ${d.message}`);
    expect(messages).toEqual([`${k + 2} stratum: published "", draw gives mandatory`, `${k + 2} mandatory: published 0, draw gives 1`]);
  });

  it("compares formula-neutralised cells as the CSV writer publishes them, and nothing else as such", () => {
    const odd = populationFromRows(rows([0, 0, 10, 10], (i) => ({ uscc: `=${i}+HYPERLINK`, region: i % 2 === 0 ? "-330106" : "@330106" })));
    const oddTask = parseTask({ ...baseTask, stratify: { region: "county", industry: "none" } });
    const oddPlan = planInspections(odd, oddTask);
    const oddDraw = drawInspections(odd, oddPlan, "seed-2");
    const rowsOut = publishedRows(odd, oddPlan, oddDraw);
    expect(rowsOut[0]?.uscc.startsWith("'=")).toBe(true);
    expect(new Set(rowsOut.map((r) => r.stratum))).toEqual(new Set(["-33010", "'@33010"]));
    expect(verifyDraw(odd, oddTask, oddDraw.audit, { plan: rowsOut }).ok).toBe(true);
    const bare = rowsOut.map((r, k) => (k === 0 ? { ...r, class: `'${r.class}` } : r));
    expect(verifyDraw(odd, oddTask, oddDraw.audit, { plan: bare }).plan?.map((d) => d.message)).toEqual([
      `class: published '${rowsOut[0]?.class}, draw gives ${rowsOut[0]?.class}`,
    ]);
  });

  it("property: any one changed cell of any row is the one difference, on that row and field", () => {
    const fields = ["class", "stratum", "probability", "mandatory"] as const;
    fc.assert(
      fc.property(fc.nat(published.length - 1), fc.constantFrom(...fields), fc.constantFrom("B", "0.25", "x", ""), (k, field, value) => {
        const row = published[k] as PublishedPlanRow;
        fc.pre(row[field] !== value);
        const changed = published.map((r, j) => (j === k ? { ...r, [field]: value } : r));
        const differences = verifyDraw(population, task, draw.audit, { plan: changed }).plan ?? [];
        expect(differences.map((d) => [d.line, d.field, d.published])).toEqual([[row.line, field, value]]);
      }),
      { numRuns: 60 },
    );
  });
});
