import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";

/** uscc → a column of a CSV the commands wrote (no quoted commas before the column asked for). */
function byUscc(file: string, column: string): Map<string, string> {
  const [header, ...rows] = readFileSync(file, "utf8").trimEnd().split("\n");
  const names = (header ?? "").split(",");
  const k = names.indexOf(column);
  return new Map(rows.map((line) => [line.slice(0, line.indexOf(",")), line.split(",")[k] ?? ""] as const));
}

describe("creditclass score --model with the documents creditclass writes", () => {
  const dir = mkdtempSync(join(tmpdir(), "cc-score-models-"));
  const db = join(dir, "p.duckdb");
  const at = (name: string): string => join(dir, name);

  beforeAll(async () => {
    expect((await cli("generate", "--enterprises", "2000", "--seed", "score-models", "--end", "2026-10", "--out", at("data"))).code).toBe(0);
    expect((await cli("ingest", at("data"), "--db", db, "--reports", dir)).code).toBe(0);
    for (const period of ["2026-09", "2026-10"])
      expect((await cli("classify", "--db", db, "--period", period, "--out", at(`classes-${period}.csv`))).code).toBe(0);
    expect((await cli("indicators", "--db", db, "--period", "2026-10", "--out", at("ind.csv"))).code).toBe(0);
    expect((await cli("model", "default", "--out", at("m.json"))).code).toBe(0);
  }, 120_000);

  it("indicators --out writes the register attributes classification reads", () => {
    const header = readFileSync(at("ind.csv"), "utf8")
      .slice(0, readFileSync(at("ind.csv"), "utf8").indexOf("\n"))
      .split(",");
    expect(header.slice(-6)).toEqual(["is_revoked", "is_deregistered", "entity_type", "region", "industry", "tags"]);
    expect(new Set(byUscc(at("ind.csv"), "entity_type").values())).toContain("individual");
  });

  it("the default national model set on indicators --out gives exactly the classes classify stored for the month", async () => {
    const score = await cli("score", "--table", at("ind.csv"), "--id", "uscc", "--model", at("m.json"), "--out", at("scores.csv"));
    expect(score).toMatchObject({ code: 0, stderr: "" });
    expect(score.stdout).toMatch(/^2000 rows scored with national-default \(A \d+, B \d+, C \d+, D \d+\)/);
    const classified = byUscc(at("classes-2026-10.csv"), "class");
    const scored = byUscc(at("scores.csv"), "class");
    expect(classified.size).toBe(2000);
    expect(scored).toEqual(classified);
    // Overrides changed some classes, the individual-business model scored some rows, and 2026-09 was classified first:
    // equality holds with selectors, overrides and a previous month in play.
    expect(new Set(scored.values())).toEqual(new Set(["A", "B", "C", "D"]));
    expect([...byUscc(at("classes-2026-10.csv"), "override").values()].filter((o) => o !== "").length).toBeGreaterThan(0);
    expect([...byUscc(at("classes-2026-10.csv"), "model").values()]).toContain("national-individual");
    expect([...byUscc(at("classes-2026-10.csv"), "previous_class").values()].filter((c) => c !== "").length).toBeGreaterThan(1900);
  }, 60_000);

  it("scores with a single model document (the set's general model without its selector)", async () => {
    const set = JSON.parse(readFileSync(at("m.json"), "utf8")) as { models: { id: string; appliesTo?: unknown }[] };
    const { appliesTo: _, ...general } = set.models.find((m) => m.id === "national-general") as { appliesTo?: unknown };
    writeFileSync(at("general.json"), JSON.stringify(general));
    const score = await cli("score", "--table", at("ind.csv"), "--id", "uscc", "--model", at("general.json"), "--out", at("general.csv"));
    expect(score.code).toBe(0);
    expect(score.stdout).toMatch(/^2000 rows scored with national-general/);
  }, 60_000);

  it("names a column the model needs and the table lacks, in one line, with the part that reads it", async () => {
    const lines = readFileSync(at("ind.csv"), "utf8").trimEnd().split("\n");
    const header = (lines[0] ?? "").split(",");
    const drop = header.indexOf("is_revoked");
    const cut = (line: string): string => line.split(",").slice(0, drop).join(",");
    // Columns before is_revoked hold numbers only, so splitting on commas is safe.
    writeFileSync(at("no-status.csv"), `${lines.map(cut).join("\n")}\n`);
    const score = await cli("score", "--table", at("no-status.csv"), "--id", "uscc", "--model", at("general.json"), "--out", at("x.csv"));
    expect(score.code).toBe(1);
    expect(score.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(score.stderr).toMatch(/no-status\.csv is_revoked: missing required column — .*read by model national-general overrides\[4\]\.when/);

    const general = JSON.parse(readFileSync(at("general.json"), "utf8")) as object;
    const custom = { ...general, overrides: [{ id: "x", name: { zh: "x", en: "x" }, when: "my_flag == 1", action: { kind: "set", class: "D" } }] };
    writeFileSync(at("custom.json"), JSON.stringify(custom));
    const unknown = await cli("score", "--table", at("ind.csv"), "--id", "uscc", "--model", at("custom.json"), "--out", at("x.csv"));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^creditclass: \S*ind\.csv my_flag: missing required column — .*read by model national-general overrides\[0\]\.when\n$/);
  }, 60_000);

  it("a model set choosing by tag, industry and entity type, with proportional classes, scores as classify does with it", async () => {
    const set = JSON.parse(readFileSync(at("m.json"), "utf8")) as { id: string; models: Record<string, unknown>[] };
    const [individual, general] = set.models as [Record<string, unknown>, Record<string, unknown>];
    const food = {
      ...general,
      id: "food",
      appliesTo: { tags: ["food"] },
      classes: { method: "thresholds", A: { atLeast: 950 }, B: { atLeast: 900 }, C: { atLeast: 800 } },
    };
    const manufacturing = {
      ...general,
      id: "manufacturing",
      appliesTo: { industries: ["C"], entityTypes: ["company"] },
      classes: { method: "proportions", A: 0.5, B: 0.3, C: 0.15, D: 0.05 },
    };
    writeFileSync(at("selectors.json"), JSON.stringify({ ...set, id: "selectors", models: [food, manufacturing, individual, general] }));
    // Run last: it replaces the stored 2026-10 classes with this set's.
    expect((await cli("classify", "--db", db, "--period", "2026-10", "--model", at("selectors.json"), "--out", at("classes-selectors.csv"))).code).toBe(0);
    const models = new Set(byUscc(at("classes-selectors.csv"), "model").values());
    expect(models).toEqual(new Set(["food", "manufacturing", "national-individual", "national-general"]));
    const score = await cli("score", "--table", at("ind.csv"), "--id", "uscc", "--model", at("selectors.json"), "--out", at("scores-selectors.csv"));
    expect(score.code).toBe(0);
    expect(byUscc(at("scores-selectors.csv"), "class")).toEqual(byUscc(at("classes-selectors.csv"), "class"));
  }, 60_000);

  it("a model set with a boosted part gives on indicators --out exactly the classes and scores classify stored with it", async () => {
    const trained = await cli("train", "--db", db, "--method", "gbm", "--from", "2024-10", "--to", "2025-10", "--trees", "30", "--out", at("gbm.json"));
    expect(trained.code).toBe(0);
    const defaults = JSON.parse(readFileSync(at("m.json"), "utf8")) as { models: { id: string; overrides: unknown[] }[] };
    const [individual, general] = defaults.models;
    const boosted = { ...JSON.parse(readFileSync(at("gbm.json"), "utf8")), id: "general-gbm", overrides: general?.overrides };
    writeFileSync(at("boosted.json"), JSON.stringify({ ...defaults, id: "boosted", models: [individual, boosted] }));
    expect((await cli("classify", "--db", db, "--period", "2026-10", "--model", at("boosted.json"), "--out", at("boosted-classes.csv"))).code).toBe(0);
    const score = await cli("score", "--table", at("ind.csv"), "--id", "uscc", "--model", at("boosted.json"), "--out", at("boosted-scores.csv"));
    expect(score).toMatchObject({ code: 0, stderr: "" });
    expect(byUscc(at("boosted-scores.csv"), "class")).toEqual(byUscc(at("boosted-classes.csv"), "class"));
    expect(byUscc(at("boosted-scores.csv"), "score")).toEqual(byUscc(at("boosted-classes.csv"), "score"));
    expect([...byUscc(at("boosted-classes.csv"), "model").values()].filter((m) => m === "general-gbm").length).toBeGreaterThan(1000);
  }, 60_000);
});
