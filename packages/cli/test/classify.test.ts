import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";

describe("creditclass classify", () => {
  const dir = mkdtempSync(join(tmpdir(), "cc-classify-"));
  const db = join(dir, "p.duckdb");

  beforeAll(async () => {
    expect((await cli("generate", "--enterprises", "600", "--seed", "c", "--end", "2026-10", "--out", join(dir, "data"))).code).toBe(0);
    expect((await cli("ingest", join(dir, "data"), "--db", db, "--reports", dir)).code).toBe(0);
  }, 60_000);

  it("classifies a month into the database and a class table, byte-identical when re-run", async () => {
    const first = await cli("classify", "--db", db, "--period", "2026-10", "--out", join(dir, "a.csv"));
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^2026-10: \d+ enterprises — A \d+ \([\d.]+ %\), B \d+/);
    const table = readFileSync(join(dir, "a.csv"), "utf8");
    const [header, ...rows] = table.trimEnd().split("\n");
    expect(header).toBe("uscc,period,class,score,probability,scored_class,previous_class,change,model,override,reasons,missing");
    expect(rows.length).toBeGreaterThan(500);
    expect(await cli("classify", "--db", db, "--period", "2026-10", "--out", join(dir, "b.csv"))).toMatchObject({ code: 0 });
    expect(readFileSync(join(dir, "b.csv"), "utf8")).toBe(table);
  }, 60_000);

  it("draws an inspection plan straight from the classified month and publishes the table it used", async () => {
    await cli("classify", "--db", db, "--period", "2026-10");
    const task = {
      kind: "creditclass.inspection-task",
      version: 1,
      id: "t",
      name: { zh: "抽查", en: "check" },
      period: "2026-11",
      ratios: { A: 0.02, B: 0.05, C: 0.2, D: 0.5 },
    };
    writeFileSync(join(dir, "task.json"), JSON.stringify(task));
    const plan = join(dir, "plan.csv");
    const sample = await cli("sample", "--db", db, "--period", "2026-10", "--task", join(dir, "task.json"), "--seed", "s", "--out", plan);
    expect(sample.code).toBe(0);
    const verify = await cli(
      "verify-draw",
      "--classes",
      join(dir, "plan.classes.csv"),
      "--task",
      join(dir, "task.json"),
      "--audit",
      join(dir, "plan.audit.json"),
    );
    expect(verify.stdout).toMatch(/^verified/);
    const missing = await cli("sample", "--db", db, "--period", "2025-01", "--task", join(dir, "task.json"), "--seed", "s", "--out", plan);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/2025-01 has not been classified/) });
  }, 60_000);

  it("reports a bad model file in one line with its path, and malformed JSON as bad input", async () => {
    writeFileSync(
      join(dir, "bad.json"),
      JSON.stringify({
        kind: "creditclass.scorecard",
        version: 1,
        id: "m",
        name: { zh: "m", en: "m" },
        families: {
          social: {
            weight: 1,
            indicators: [
              {
                indicator: "complaints_12m",
                transform: {
                  kind: "piecewise",
                  knots: [
                    [5, 0],
                    [1, 100],
                  ],
                },
                missing: { policy: "worst" },
              },
            ],
          },
        },
        classes: { method: "proportions", A: 0.5, B: 0.3, C: 0.1, D: 0.1 },
      }),
    );
    const bad = await cli("classify", "--db", db, "--period", "2026-10", "--model", join(dir, "bad.json"));
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(
      "creditclass: families.social.indicators[0].transform.knots[1]: invalid configuration — knot at 1 is not after the previous one at 5",
    );
    writeFileSync(join(dir, "broken.json"), "{ kind: ");
    const broken = await cli("classify", "--db", db, "--period", "2026-10", "--model", join(dir, "broken.json"));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/broken\.json is not valid JSON/);
  }, 60_000);

  it("trains a model, backtests it against the default, and derives weights from it", async () => {
    const model = join(dir, "trained.json");
    const train = await cli("train", "--db", db, "--from", "2024-10", "--to", "2025-10", "--out", model, "--pdo", "600,19,40");
    expect(train.code).toBe(0);
    expect(train.stdout).toMatch(/AUC train 0\.\d+ test 0\.\d+/);
    expect(JSON.parse(readFileSync(model, "utf8"))).toMatchObject({
      kind: "creditclass.logistic-model",
      scale: { kind: "pdo", basePoints: 600 },
      training: { horizon: 12 },
    });
    const bt = await cli("backtest", "--db", db, "--from", "2025-09", "--to", "2025-10", "--model", model, "--out", join(dir, "bt.csv"));
    expect(bt.code).toBe(0);
    expect(bt.stdout).toMatch(/overrides \(moved, .*abnormal_list_floor → C \d+ at 0\.\d{4} vs 0\.\d{4}/);
    const rows = readFileSync(join(dir, "bt.csv"), "utf8").trimEnd().split("\n");
    expect(rows[0]).toBe(
      "candidate,period,enterprises,part,part_enterprises,auc,ks,gini,class_auc,rate_A,rate_B,rate_C,rate_D,lift_D_A,violations,psi,stability",
    );
    // One row per model part: the default set's two parts rank on their own scales, the trained model is one part.
    expect(rows.slice(1).map((r) => r.split(",").slice(0, 4).join(" ").replace(/ \d+ /, " "))).toEqual([
      "default 2025-09 national-individual",
      "default 2025-09 national-general",
      "trained-logistic 2025-09 trained-logistic",
      "default 2025-10 national-individual",
      "default 2025-10 national-general",
      "trained-logistic 2025-10 trained-logistic",
    ]);
    for (const r of rows.slice(1)) {
      const cells = r.split(",");
      const rates = cells.slice(9, 13).map(Number);
      // Four decimals each: the lift of the rounded rates agrees to about 1e-3.
      expect(Number(cells[13])).toBeCloseTo((rates[3] as number) / (rates[0] as number), 2);
    }
    expect(bt.stdout).toMatch(/default\s+2025-10\s+national-individual 0\.\d{4} \/ 0\.\d{4}, national-general 0\.\d{4} \/ 0\.\d{4}/);
    const w = await cli("weights", "logistic", "--model", model);
    expect(w.stdout).toMatch(/families: basic 0\.\d{4}/);
    writeFileSync(
      join(dir, "ahp.json"),
      JSON.stringify({
        labels: ["supervision", "dynamic", "social"],
        matrix: [
          [1, 3, 5],
          [1 / 3, 1, 3],
          [1 / 5, 1 / 3, 1],
        ],
      }),
    );
    const ahp = await cli("weights", "ahp", "--matrix", join(dir, "ahp.json"));
    expect(ahp.stdout).toContain("supervision                  0.6370");
    const late = await cli("train", "--db", db, "--from", "2025-10", "--to", "2026-03", "--out", model);
    expect(late).toMatchObject({ code: 1, stderr: expect.stringMatching(/its labels would be censored/) });
  }, 120_000);

  it("trains a monotone boosted model, backtests it and classifies a month with it as a part of a model set", async () => {
    const model = join(dir, "gbm.json");
    const train = await cli("train", "--db", db, "--method", "gbm", "--from", "2024-10", "--to", "2025-10", "--trees", "30", "--seed", "t", "--out", model);
    expect(train.code).toBe(0);
    expect(train.stdout).toMatch(/fit: monotone gradient-boosted trees, \d+ trees kept of \d+ grown; \d+ training \/ \d+ test rows/);
    const doc = JSON.parse(readFileSync(model, "utf8"));
    expect(doc).toMatchObject({ kind: "creditclass.gbm-model", id: "trained-gbm", training: { horizon: 12, seed: "t" } });
    // Catalog directions constrain the trees: more penalties never lower the risk.
    expect(doc.features.find((f: { name: string }) => f.name === "penalties_12m")?.monotone).toBe(1);
    const again = join(dir, "gbm-again.json");
    await cli("train", "--db", db, "--method", "gbm", "--from", "2024-10", "--to", "2025-10", "--trees", "30", "--seed", "t", "--out", again);
    expect(readFileSync(again, "utf8")).toBe(readFileSync(model, "utf8"));
    const bt = await cli("backtest", "--db", db, "--from", "2025-10", "--to", "2025-10", "--model", model, "--out", join(dir, "bt-gbm.csv"));
    expect(bt.code).toBe(0);
    expect(readFileSync(join(dir, "bt-gbm.csv"), "utf8")).toMatch(/\ntrained-gbm,2025-10,\d+,trained-gbm,\d+,0\.\d+/);
    const set = {
      kind: "creditclass.model-set",
      version: 1,
      id: "boosted",
      name: { zh: "提升树", en: "Boosted" },
      models: [
        {
          ...doc,
          overrides: [{ id: "serious", name: { zh: "严重违法失信名单", en: "Serious list" }, when: "on_serious_list", action: { kind: "set", class: "D" } }],
        },
      ],
    };
    writeFileSync(join(dir, "boosted.json"), JSON.stringify(set));
    const out = join(dir, "boosted.csv");
    const run = await cli("classify", "--db", db, "--period", "2026-10", "--model", join(dir, "boosted.json"), "--out", out);
    expect(run.code).toBe(0);
    const rows = readFileSync(out, "utf8").trimEnd().split("\n").slice(1);
    expect(rows.length).toBeGreaterThan(500);
    expect(rows.every((r) => r.includes(",trained-gbm,"))).toBe(true);
    // TreeSHAP reasons carry the catalog's Chinese and English names.
    expect(rows.some((r) => /[a-z_0-9]+=[\d.]+ \p{Script=Han}+ \/ [A-Za-z]/u.test(r))).toBe(true);
  }, 120_000);

  it("writes a self-contained HTML report with its charts' data", async () => {
    await cli("classify", "--db", db, "--period", "2026-10");
    const out = join(dir, "report.html");
    const r = await cli("report", "--db", db, "--period", "2026-10", "--out", out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^report 2026-10 → .*validation 2025-10: AUC per model part national-individual 0\.\d+, national-general 0\.\d+; class AUC 0\.\d+, .*D\/A lift \d+\.\d+\)/,
    );
    const html = readFileSync(out, "utf8");
    expect(html).toContain('<canvas id="roc"></canvas>');
    expect(html).not.toMatch(/<script src=|https?:\/\/cdn/);
    const data = JSON.parse(/const d = (\{.*\});/.exec(html)?.[1] ?? "{}") as { counts: number[]; roc: number[][] };
    expect(data.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(500);
    expect(data.roc.at(-1)).toEqual([1, 1]);
    expect(await cli("report", "--db", db, "--period", "2020-01", "--out", out)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/2020-01 has not been classified/),
    });
  }, 60_000);

  it("writes the default model, checks it, and classifies with the written copy the same way", async () => {
    const file = join(dir, "default.json");
    expect((await cli("model", "default", "--out", file)).code).toBe(0);
    const check = await cli("model", "check", file);
    expect(check.stdout).toMatch(/national-general \(scorecard, version 2026\.11\): 37 indicators, classes by thresholds, 5 overrides/);
    const hash = /hash ([0-9a-f]{64})/.exec(check.stdout)?.[1];
    const run = await cli("classify", "--db", db, "--period", "2026-10", "--model", file);
    expect(run.stdout).toContain(`model set national-default ${hash?.slice(0, 12)}`);
  }, 60_000);

  it("raises early-warning alerts for a month with graded measures", async () => {
    await cli("classify", "--db", db, "--period", "2026-09");
    await cli("classify", "--db", db, "--period", "2026-10");
    const out = join(dir, "alerts.csv");
    await cli("warn", "--db", db, "--period", "2026-09", "--out", join(dir, "sep.csv"));
    const r = await cli("warn", "--db", db, "--period", "2026-10", "--out", out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^2026-10: \d+ alerts/);
    expect(r.stdout).not.toContain("no stored classes");
    const [header, ...rows] = readFileSync(out, "utf8").trimEnd().split("\n");
    expect(header).toBe("rule,name_zh,name_en,severity,measure,measure_zh,uscc,period,day,evidence");
    // Event rules carry the day the deciding event was recorded, month-end rules the month's last day.
    expect(rows.every((row) => /,2026-10,2026-10-\d\d,/.test(row))).toBe(true);
    // A reminder has a 180-day cooldown: enterprises reminded in September are not reminded again in October; a re-run of October is unchanged.
    const remindersOf = (file: string) =>
      readFileSync(file, "utf8")
        .trimEnd()
        .split("\n")
        .filter((row) => row.startsWith("annual_report_overdue,"))
        .map((row) => row.split(",")[6]);
    const september = new Set(remindersOf(join(dir, "sep.csv")));
    expect(september.size).toBeGreaterThan(0);
    expect(remindersOf(out).filter((u) => september.has(u))).toEqual([]);
    await cli("warn", "--db", db, "--period", "2026-10", "--out", join(dir, "again.csv"));
    expect(readFileSync(join(dir, "again.csv"), "utf8")).toBe(readFileSync(out, "utf8"));
  }, 60_000);

  it("lists alerts with their escalated measure, records a disposal, and makes open inspections mandatory in the plan", async () => {
    const list = async (...extra: string[]) => {
      const out = join(dir, "list.csv");
      const r = await cli("alerts", "list", "--db", db, "--out", out, ...extra);
      expect(r.code).toBe(0);
      const [header, ...rows] = readFileSync(out, "utf8").trimEnd().split("\n");
      const names = (header ?? "").split(",");
      return rows.map((row) => Object.fromEntries(row.split(",").map((v, k) => [names[k], v])));
    };
    // September's reminders, open for 61 days on 30 November, have climbed reminder → warning → interview → inspection (15 + 15 + 30 days).
    const reminders = (await list("--as-of", "2026-11-30", "--period", "2026-09", "--rule", "annual_report_overdue")).filter((a) => a.open === "yes");
    expect(reminders.length).toBeGreaterThan(0);
    expect(new Set(reminders.map((a) => `${a.rule_measure}→${a.measure}`))).toEqual(new Set(["reminder→inspection"]));
    const first = reminders[0] as Record<string, string>;
    const disposed = await cli(
      "alerts",
      "dispose",
      "--db",
      db,
      "--id",
      first.id ?? "",
      "--date",
      "2026-10-20",
      "--by",
      "张三",
      "--action",
      "report filed",
      "--resolved",
    );
    expect(disposed.code).toBe(0);
    const after = (await list("--as-of", "2026-11-30", "--uscc", first.uscc ?? "")).find((a) => a.id === first.id);
    expect(after).toMatchObject({ open: "no", closed_on: "2026-10-20", measure: "warning" });
    expect(await cli("alerts", "dispose", "--db", db, "--id", "x/y/2026-10-01", "--date", "2026-10-05", "--by", "a", "--action", "b")).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("no stored alert x/y/2026-10-01"),
    });
    // On 31 October the September reminders stand at interview; October's inspection-measure alerts are mandatory targets.
    const targets = (await list("--as-of", "2026-10-31", "--open")).filter((a) => a.measure === "inspection").map((a) => a.uscc);
    const plan = join(dir, "alerted.csv");
    const sample = await cli("sample", "--db", db, "--period", "2026-10", "--task", join(dir, "task.json"), "--seed", "s", "--out", plan);
    expect(sample.code).toBe(0);
    const mandatory = readFileSync(plan, "utf8")
      .trimEnd()
      .split("\n")
      .filter((row) => row.split(",")[4] === "1")
      .map((row) => row.split(",")[0]);
    expect(targets.length).toBeGreaterThan(0);
    expect(new Set(mandatory)).toEqual(new Set(targets));
    expect(sample.stdout).toContain(`${new Set(targets).size} enterprises with an open alert at inspection`);
    const verify = await cli(
      "verify-draw",
      "--classes",
      join(dir, "alerted.classes.csv"),
      "--task",
      join(dir, "alerted.task.json"),
      "--audit",
      join(dir, "alerted.audit.json"),
    );
    expect(verify.stdout).toMatch(/^verified/);
  }, 60_000);

  it("watches a stream of events and registrations, resumes from its saved state, and reports unusable lines", async () => {
    const code = "91330106000000002X";
    const line = (date: string) => JSON.stringify({ kind: "change", uscc: code, date, detail: "legal_rep" });
    const registrations = [1, 2, 3, 4, 5].map((k) => JSON.stringify({ register: { uscc: `N${k}`, established: `2026-03-0${k}`, address: "12 Farm Road" } }));
    writeFileSync(join(dir, "a.ndjson"), `${line("2026-01-10")}\n${line("2026-02-10")}\n${registrations.slice(0, 2).join("\n")}\n`);
    writeFileSync(
      join(dir, "b.ndjson"),
      `not json\n${line("2026-03-10")}\n{"kind":"change","uscc":"x","date":"2026-02-30"}\n${registrations.slice(2).join("\n")}\n{"endOfMonth":"2026-3"}\n{"endOfMonth":"2026-03"}\n`,
    );
    const state = join(dir, "state.ndjson");
    const first = await cli("watch", "--events", join(dir, "a.ndjson"), "--state", state);
    expect(first).toMatchObject({ code: 0, stdout: "" });
    const second = await cli("watch", "--events", join(dir, "b.ndjson"), "--state", state);
    expect(second.code).toBe(1);
    const alerts = second.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(alerts[0]).toMatchObject({ ruleId: "abnormal_changes", uscc: code, day: "2026-03-10" });
    expect(alerts.slice(1).map((a) => [a.ruleId, a.uscc, a.day, a.evidence])).toEqual(
      [1, 2, 3, 4, 5].map((k) => ["abnormal_registration", `N${k}`, "2026-03-31", { "registered at the same address in 31 d": 5 }]),
    );
    expect(
      second.stderr
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { line: 1, reason: "not JSON" },
      { line: 3, reason: 'date "2026-02-30" is not a calendar date' },
      { line: 7, reason: 'endOfMonth "2026-3" is not a month YYYY-MM' },
    ]);
    expect(readFileSync(state, "utf8").split("\n")[0]).toBe('{"format":"creditclass.stream-state","version":1}');
    writeFileSync(join(dir, "other.json"), '{"windows": {}}\n');
    const other = await cli("watch", "--events", join(dir, "a.ndjson"), "--state", join(dir, "other.json"));
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/^creditclass: .*other\.json:1: invalid configuration — streaming state: the first line is not the snapshot header\n$/);
  }, 60_000);
});
