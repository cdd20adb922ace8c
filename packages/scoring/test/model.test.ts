import { formatPath } from "@creditclass/core";
import { describe, expect, it } from "vitest";
import { smallScorecard } from "./helpers.js";
import { DEFAULT_MODEL_SET, INDICATOR_CATALOG_IDS, modelHash, parseModel, safeParseModel } from "./model-imports.js";

const problems = (doc: unknown): string[] => {
  const r = safeParseModel(doc);
  return r.success ? [] : r.issues.map((i) => `${formatPath(i.path ?? [])}: ${i.message}`);
};

describe("model documents", () => {
  it("accepts a valid scorecard and hashes it stably", () => {
    const set = parseModel(smallScorecard());
    expect(set.models).toHaveLength(1);
    expect(modelHash(set)).toBe(modelHash(parseModel(JSON.parse(JSON.stringify(smallScorecard())))));
    expect(modelHash(set)).not.toBe(modelHash(parseModel(smallScorecard({ id: "other" }))));
  });

  it("names the path and the problem for bins that do not tile the line", () => {
    const card = smallScorecard();
    const bins = [
      { max: 0, maxClosed: true, points: 100 },
      { min: 10, max: 5, points: 50 },
      { min: 0, points: 0 },
    ];
    const doc = {
      ...card,
      families: {
        ...card.families,
        supervision: { weight: 0.6, indicators: [{ ...card.families.supervision?.indicators[0], transform: { kind: "bins", bins } }] },
      },
    };
    expect(problems(doc)).toMatchInlineSnapshot(`
      [
        "families.supervision.indicators[0].transform.bins[1]: upper bound 5 is below lower bound 10",
        "families.supervision.indicators[0].transform.bins[1].min: gap: values in (0, 10) fall in no bin",
        "families.supervision.indicators[0].transform.bins[2].min: bin overlaps the previous one: lower bound 0 is below its upper bound 5",
      ]
    `);
  });

  it("rejects a boundary value that falls in two bins or none", () => {
    const card = smallScorecard();
    const twice = [
      { max: 0, maxClosed: true, points: 100 },
      { min: 0, points: 0 },
    ];
    const doc = {
      ...card,
      families: {
        ...card.families,
        supervision: { weight: 0.6, indicators: [{ ...card.families.supervision?.indicators[0], transform: { kind: "bins", bins: twice } }] },
      },
    };
    expect(problems(doc)).toEqual(["families.supervision.indicators[0].transform.bins[1].minClosed: 0 falls in this bin and the previous one"]);
  });

  it("checks weights per level unless normalise is set", () => {
    const card = smallScorecard();
    const skewed = { ...card, families: { ...card.families, supervision: { ...card.families.supervision, weight: 0.7 } } };
    expect(problems(skewed)).toEqual(["families: family weights sum to 1.1, not 1"]);
    expect(problems({ ...skewed, normalise: true })).toEqual([]);
  });

  it("rejects unknown indicators, bad expressions, thresholds out of order and unknown keys with their paths", () => {
    const card = smallScorecard({
      classes: { method: "thresholds", A: { atLeast: 70 }, B: { atLeast: 90 }, C: { atLeast: 40 } },
      overrides: [{ id: "x", name: { zh: "x", en: "x" }, when: "penalties_12m > 1 and eval(1)", action: { kind: "set", class: "D" } }],
    });
    const social = card.families.social;
    const doc = {
      ...card,
      families: {
        ...card.families,
        social: {
          ...social,
          indicators: [
            { ...social?.indicators[0], indicator: "no_such" },
            { ...social?.indicators[1], transform: { kind: "expression", expression: "100 - 10 * x + nope" } },
          ],
        },
      },
    };
    expect(problems(doc)).toMatchInlineSnapshot(`
      [
        "families.social.indicators[0].indicator: unknown indicator no_such",
        "families.social.indicators[1].transform.expression: unknown name nope at position 16",
        "classes.B: B threshold 90 is above the A threshold 70",
        "overrides[0].when: function eval is not allowed at position 23",
      ]
    `);
    expect(problems({ ...smallScorecard(), colour: "red" })).toEqual(['(root): Unrecognized key: "colour"']);
  });

  it("ships a default national model covering every catalog indicator", () => {
    const general = DEFAULT_MODEL_SET.models.find((m) => m.id === "national-general");
    if (general?.kind !== "creditclass.scorecard") throw new Error("no general scorecard");
    const used = Object.values(general.families).flatMap((f) => f?.indicators.map((i) => i.indicator) ?? []);
    expect([...used].sort()).toEqual([...INDICATOR_CATALOG_IDS].sort());
    expect(DEFAULT_MODEL_SET.models.map((m) => m.id)).toEqual(["national-individual", "national-general"]);
  });
});
