import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { syntheticTable } from "@creditclass/scoring";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";

describe("creditclass fit / evaluate / score on a bureau's own table", () => {
  const dir = mkdtempSync(join(tmpdir(), "cc-table-cli-"));
  const table = join(dir, "export.csv");
  const common = ["--table", table, "--id", "id", "--month", "month", "--categorical", "sector"];

  beforeAll(() => {
    writeFileSync(table, syntheticTable({ rows: 4000, seed: "cli" }).csv());
  });

  it("fits a model document, scores the table with it, and reports each dropped indicator", async () => {
    const fit = await cli("fit", ...common, "--label", "adverse", "--out", join(dir, "model.json"));
    expect(fit.code).toBe(0);
    expect(fit.stdout).toMatch(/dropped noise_3 \(low_iv\): IV 0\.\d+ < 0\.02/);
    const model = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
    expect(model.kind).toBe("creditclass.logistic-model");
    expect(model.training.categories.sector).toEqual(["A", "C", "E", "F", "G", "I"]);
    const score = await cli("score", "--table", table, "--id", "id", "--model", join(dir, "model.json"), "--out", join(dir, "scores.csv"));
    expect(score.code).toBe(0);
    const [header, ...rows] = readFileSync(join(dir, "scores.csv"), "utf8").trimEnd().split("\n");
    expect(header).toBe("id,score,probability,class,reasons");
    expect(rows).toHaveLength(4000);
    const probabilities = rows.map((r) => Number(r.split(",")[2]));
    expect(probabilities.every((p) => p > 0 && p < 1)).toBe(true);
    expect(score.stdout).toMatch(/^4000 rows scored with table-woe \(A 2600, B 1000, C 320, D 80\)/);
  }, 60_000);

  it("evaluates both trainers by cross-validation and by time, with an HTML report", async () => {
    const report = join(dir, "eval.html");
    const cv = await cli("evaluate", ...common, "--label", "adverse", "--folds", "4", "--seed", "7", "--report", report);
    expect(cv.code).toBe(0);
    const pooled = Object.fromEntries(
      cv.stdout
        .split("\n")
        .filter((l) => l.includes(" pooled "))
        .map((l) => [l.split(/\s+/)[0], Number(l.split(/\s+/)[3])]),
    );
    expect(pooled.woe).toBeGreaterThan((pooled.raw ?? 1) + 0.1);
    const html = readFileSync(report, "utf8");
    for (const id of ["roc", "ks", "calibration", "bin0"]) expect(html).toContain(`<canvas id="${id}">`);
    expect(html).toContain("4 stratified folds, seed &quot;7&quot;".replace("&quot;", '"').replace("&quot;", '"'));
    const split = await cli("evaluate", ...common, "--label", "adverse", "--method", "woe", "--time-split", "--report", report);
    expect(split.stdout).toContain("train 2025-11 … 2026-09, test 2026-10");
  }, 60_000);

  it("fits, evaluates and scores gradient-boosted trees (--method gbm); scoring the reloaded document twice is byte-identical", async () => {
    const out = join(dir, "gbm.json");
    const fit = await cli("fit", ...common, "--label", "adverse", "--method", "gbm", "--trees", "120", "--seed", "g", "--out", out);
    expect(fit).toMatchObject({ code: 0, stderr: "" });
    expect(fit.stdout).toMatch(/^\d+ trees kept of \d+ grown \(best validation log-loss 0\.\d{5} on 800 held-out rows\); 17 features, monotone: none$/m);
    const hash = /^hash ([0-9a-f]{64}); model → /m.exec(fit.stdout)?.[1];
    const model = JSON.parse(readFileSync(out, "utf8"));
    expect(model).toMatchObject({
      kind: "creditclass.gbm-model",
      version: 1,
      id: "table-gbm",
      training: { method: "gbm", seed: "g", iterations: expect.any(Number) },
    });
    const first = await cli("score", "--table", table, "--id", "id", "--model", out, "--out", join(dir, "gbm-1.csv"));
    expect(first.stdout).toBe(`4000 rows scored with table-gbm (A 2600, B 1000, C 320, D 80) → ${join(dir, "gbm-1.csv")}; model hash ${hash}\n`);
    // Save the parsed document again and score with it: the same bytes out.
    writeFileSync(join(dir, "gbm-again.json"), JSON.stringify(JSON.parse(readFileSync(out, "utf8"))));
    await cli("score", "--table", table, "--id", "id", "--model", join(dir, "gbm-again.json"), "--out", join(dir, "gbm-2.csv"));
    const scores = readFileSync(join(dir, "gbm-1.csv"), "utf8");
    expect(readFileSync(join(dir, "gbm-2.csv"), "utf8")).toBe(scores);
    const [header, row] = scores.split("\n");
    expect(header).toBe("id,score,probability,class,reasons");
    expect(row).toMatch(/^E0000001,\d+\.?\d*,0\.\d+,[ABCD],\w+=[^ ]+ −\d+\.?\d*( \| \w+=[^ ]+ −\d+\.?\d*){0,2}$/);
    // As the only part of a model set, the same document scores every row the same way (its categorical column coded alike).
    const doc = JSON.parse(readFileSync(out, "utf8"));
    writeFileSync(join(dir, "gbm-set.json"), JSON.stringify({ kind: "creditclass.model-set", version: 1, id: "s", name: { zh: "s", en: "s" }, models: [doc] }));
    const inSet = await cli("score", "--table", table, "--id", "id", "--model", join(dir, "gbm-set.json"), "--out", join(dir, "gbm-set.csv"));
    expect(inSet.code).toBe(0);
    const column = (text: string, name: string): string[] => {
      const [head = "", ...lines] = text.trimEnd().split("\n");
      const k = head.split(",").indexOf(name);
      return lines.map((l) => l.split(",")[k] ?? "");
    };
    const setRows = readFileSync(join(dir, "gbm-set.csv"), "utf8");
    expect(column(setRows, "probability")).toEqual(column(scores, "probability"));
    expect(column(setRows, "class")).toEqual(column(scores, "class"));

    const evaluated = await cli(
      "evaluate",
      ...common,
      "--label",
      "adverse",
      "--method",
      "all",
      "--folds",
      "4",
      "--seed",
      "7",
      "--report",
      join(dir, "all.html"),
    );
    expect(evaluated.code).toBe(0);
    const pooled = Object.fromEntries(
      evaluated.stdout
        .split("\n")
        .filter((l) => l.includes(" pooled "))
        .map((l) => [l.split(/\s+/)[0], Number(l.split(/\s+/)[3])]),
    );
    expect(pooled.gbm).toBeGreaterThan((pooled.raw ?? 1) + 0.05);
    expect(pooled.gbm).toBeGreaterThan((pooled.woe ?? 1) - 0.03);
    expect(evaluated.stdout).toMatch(/^gbm: \d+ trees kept of \d+ grown .* on all rows; trees per fold \d+, \d+, \d+, \d+$/m);
    expect(readFileSync(join(dir, "all.html"), "utf8")).toContain("gbm");
  }, 120_000);

  it("names a broken gradient-boosted document's file and path in one line, and a column it lacks", async () => {
    const model = JSON.parse(readFileSync(join(dir, "gbm.json"), "utf8"));
    model.trees[0].left[0] = 0;
    writeFileSync(join(dir, "broken.json"), JSON.stringify(model));
    const broken = await cli("score", "--table", table, "--id", "id", "--model", join(dir, "broken.json"), "--out", join(dir, "x.csv"));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toBe(
      `creditclass: ${join(dir, "broken.json")} trees[0].left[0]: invalid configuration — node 0's left child 0 is not a later node\n`,
    );
    const narrow = join(dir, "narrow.csv");
    writeFileSync(narrow, "id,ratio_0\nE1,1.5\n");
    const lacking = await cli("score", "--table", narrow, "--id", "id", "--model", join(dir, "gbm.json"), "--out", join(dir, "x.csv"));
    expect(lacking.code).toBe(1);
    expect(lacking.stderr).toMatch(
      /^creditclass: .*narrow\.csv sector: missing required column — no such column in the table; read by model table-gbm features/,
    );
    const monotone = await cli("fit", ...common, "--label", "adverse", "--method", "gbm", "--monotone", "nowhere=1", "--out", join(dir, "x.json"));
    expect(monotone).toMatchObject({
      code: 1,
      stderr: `creditclass: ${table} nowhere: invalid value — --monotone names a column the table does not have (or one left out by --ignore)\n`,
    });
  }, 60_000);

  it("rejects a non-numeric column that is not declared categorical, naming it and its line", async () => {
    const r = await cli("fit", "--table", table, "--id", "id", "--label", "adverse", "--out", join(dir, "x.json"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/export\.csv:2: column month is not numeric \("20\d\d-\d\d"\); declare it categorical or leave it out/);
    expect(r.stderr).toMatch(/column sector is not numeric/);
  }, 60_000);

  it("reports options that do not go together, and a missing database, in one line", async () => {
    const split = await cli("evaluate", "--table", table, "--id", "id", "--label", "adverse", "--categorical", "sector", "--ignore", "month", "--time-split");
    expect(split).toMatchObject({ code: 2, stderr: "creditclass: --time-split needs --month (run with --help for usage)\n" });
    const missing = join(dir, "nowhere.duckdb");
    const list = await cli("alerts", "list", "--db", missing, "--as-of", "2026-10-31");
    expect(list).toMatchObject({ code: 1, stderr: `creditclass: no database at ${missing}: run creditclass ingest first\n` });
    expect(existsSync(missing)).toBe(false);
  }, 60_000);
});

describe("creditclass fit / evaluate on a real-looking table (issue 18)", () => {
  const dir = mkdtempSync(join(tmpdir(), "cc-table-robust-"));
  const table = join(dir, "hostile.csv");
  const common = ["--table", table, "--id", "id", "--label", "adverse", "--ignore", "month", "--categorical", "sector"];

  beforeAll(() => {
    // Constant, empty, duplicated, rescaled and collinear columns, ±1e9 outliers, a column 40 % missing;
    // three of every four adverse rows left out for a 7 % adverse rate.
    const t = syntheticTable({ rows: 3000, seed: "robust-cli", defects: true });
    const rows = t.cells.filter((c, i) => c[1] === "0" || i % 4 === 0);
    writeFileSync(table, `${[t.header, ...rows].map((c) => c.join(",")).join("\n")}\n`);
  });

  it("evaluates both trainers and fits each, listing the dropped columns with their reasons", async () => {
    const report = join(dir, "hostile.html");
    const evaluated = await cli("evaluate", ...common, "--report", report);
    expect(evaluated).toMatchObject({ code: 0, stderr: "" });
    for (const method of ["woe", "raw"]) {
      expect(evaluated.stdout).toMatch(new RegExp(`^${method} +pooled +\\d+ +0\\.\\d{4}`, "m"));
      expect(evaluated.stdout).toContain(`  ${method} dropped constant_one (constant): one value (1) in every non-missing training row`);
      expect(evaluated.stdout).toContain(`  ${method} dropped empty_ratio (constant): all missing in the training rows`);
      expect(evaluated.stdout).toContain(`  ${method} dropped ratio_0_dup (duplicate): the same as ratio_0 up to scale (|r| = 1)`);
      expect(evaluated.stdout).toContain(`  ${method} dropped ratio_0_pct (duplicate): the same as ratio_0 up to scale (|r| = 1)`);
      expect(evaluated.stdout).toMatch(new RegExp(`^  ${method} dropped spike_count \\(constant\\): `, "m"));
    }
    expect(evaluated.stdout).toMatch(/^ {2}raw dropped share_b \(collinear\): R² = 0\.99\d\d ≥ 0\.99 on the kept indicators together \(closest: share_ab/m);
    expect(evaluated.stdout).toContain("raw: raw values standardised on winsorised statistics: capped at the 1 % and 99 % quantiles (type 7)");
    expect(evaluated.stdout).not.toContain("warning:");
    const html = readFileSync(report, "utf8");
    expect(html).toContain("<tr><td>raw</td><td>share_b</td><td>collinear</td>");
    expect(html).toContain("<tr><td>woe</td><td>ratio_0_pct</td><td>duplicate</td><td>the same as ratio_0 up to scale (|r| = 1)</td></tr>");
    expect(html).toContain("capped at the 1 % and 99 % quantiles");

    for (const method of ["woe", "raw"]) {
      const out = join(dir, `${method}.json`);
      const fitted = await cli("fit", ...common, "--method", method, "--out", out);
      expect(fitted).toMatchObject({ code: 0, stderr: "" });
      expect(fitted.stdout).toContain("  dropped constant_one (constant): one value (1) in every non-missing training row");
      expect(fitted.stdout).toContain("  dropped ratio_0_dup (duplicate): the same as ratio_0 up to scale (|r| = 1)");
      expect(fitted.stdout).toMatch(/IRLS iterations, converged true; model → /);
      const model = JSON.parse(readFileSync(out, "utf8"));
      expect(model.training.dropped.map((d: { indicator: string }) => d.indicator)).toContain("empty_ratio");
      const score = await cli("score", "--table", table, "--id", "id", "--model", out, "--out", join(dir, `${method}.csv`));
      expect(score.code).toBe(0);
    }
  }, 120_000);

  it("evaluates and fits the boosted model on the same table, dropping only the columns without spread", async () => {
    const evaluated = await cli("evaluate", ...common, "--method", "gbm", "--report", join(dir, "hostile-gbm.html"));
    expect(evaluated).toMatchObject({ code: 0, stderr: "" });
    expect(evaluated.stdout).toMatch(/^gbm +pooled +\d+ +0\.[6-9]\d{3}/m);
    expect(evaluated.stdout).toContain("  gbm dropped constant_one (constant): one value (1) in every non-missing training row");
    expect(evaluated.stdout).toContain("  gbm dropped empty_ratio (constant): all missing in the training rows");
    expect(evaluated.stdout).not.toContain("gbm dropped ratio_0_dup");
    const out = join(dir, "gbm.json");
    const fitted = await cli("fit", ...common, "--method", "gbm", "--out", out);
    expect(fitted).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(readFileSync(out, "utf8")).features.map((f: { name: string }) => f.name)).toContain("outlier_ratio");
    const score = await cli("score", "--table", table, "--id", "id", "--model", out, "--out", join(dir, "gbm.csv"));
    expect(score.code).toBe(0);
  }, 120_000);

  it("a label with one class is a one-line error naming the label column", async () => {
    const single = join(dir, "single.csv");
    writeFileSync(single, "id,y,x\na,0,1\nb,0,2\nc,0,3\n");
    const r = await cli("evaluate", "--table", single, "--id", "id", "--label", "y");
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`creditclass: ${single} y: invalid value — the label has one class (0 in all 3 rows): a model needs both 0 and 1\n`);
  }, 60_000);
});
