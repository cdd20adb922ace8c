import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";

/** The files of a run, as bytes. */
const files = (dir: string, names: readonly string[]): Record<string, string> => Object.fromEntries(names.map((n) => [n, readFileSync(join(dir, n), "utf8")]));

describe("creditclass run / sample without a task / watch", () => {
  const dir = mkdtempSync(join(tmpdir(), "cc-run-cli-"));
  const demo = join(dir, "demo");
  const end = "2026-10";

  beforeAll(async () => {
    const made = await cli("demo", "--enterprises", "2000", "--end", end, "--months", "3", "--out", demo);
    expect(made.stderr).toBe("");
    expect(made.code).toBe(0);
  }, 180_000);

  it("gives the demo's classes, alerts and plan for its last month, and the same files when run twice", async () => {
    const db = join(dir, "copy.duckdb");
    copyFileSync(join(demo, "province.duckdb"), db);
    const before = await cli("alerts", "list", "--db", db, "--as-of", "2026-10-31", "--period", end, "--out", join(dir, "alerts-before.csv"));
    expect(before.code).toBe(0);
    const audit = JSON.parse(readFileSync(join(demo, "plan.audit.json"), "utf8")) as { seed: string };
    const args = ["run", "--db", db, "--period", end, "--task", join(demo, "plan.task.json"), "--seed", audit.seed, "--alerts", "month"];
    const first = await cli(...args, "--out", join(dir, "run1"));
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^${end}: 1\\d{3} enterprises — A `, "m"));
    const second = await cli(...args, "--out", join(dir, "run2"));
    expect(second.code).toBe(0);
    const names = [`classes-${end}.csv`, `alerts-${end}.csv`, "plan.csv", "plan.audit.json", "plan.task.json", "plan.classes.csv", `report-${end}.html`];
    expect(files(join(dir, "run2"), names)).toEqual(files(join(dir, "run1"), names));
    // The same as the demo: classes, plan and audit byte for byte, the month's stored alerts unchanged.
    for (const name of [`classes-${end}.csv`, "plan.csv", "plan.audit.json", "plan.classes.csv"])
      expect(readFileSync(join(dir, "run1", name), "utf8"), name).toBe(readFileSync(join(demo, name), "utf8"));
    const after = await cli("alerts", "list", "--db", db, "--as-of", "2026-10-31", "--period", end, "--out", join(dir, "alerts-after.csv"));
    expect(after.code).toBe(0);
    expect(readFileSync(join(dir, "alerts-after.csv"), "utf8")).toBe(readFileSync(join(dir, "alerts-before.csv"), "utf8"));
  }, 120_000);

  it("runs a range, loading once, and refuses a range the wrong way round in one line", async () => {
    const db = join(dir, "range.duckdb");
    copyFileSync(join(demo, "province.duckdb"), db);
    const range = await cli("run", "--db", db, "--from", "2026-09", "--to", end, "--out", join(dir, "range"));
    expect(range.code).toBe(0);
    expect(range.stdout).toMatch(/^2026-09: .*\n2026-10: /m);
    expect(range.stdout).toMatch(/national default task/);
    readFileSync(join(dir, "range", "alerts-2026-09.csv"), "utf8");
    const wrong = await cli("run", "--db", db, "--from", end, "--to", "2026-09");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim().split("\n")).toHaveLength(1);
    expect(wrong.stderr).toMatch(/--from 2026-10 is after --to 2026-09/);
  }, 120_000);

  it("samples without --task from the national default task, says so, and publishes the task for verify-draw", async () => {
    const out = join(dir, "sample", "plan.csv");
    mkdirSync(join(dir, "sample"));
    const sample = await cli("sample", "--db", join(demo, "province.duckdb"), "--period", end, "--seed", "2026-11-23", "--out", out);
    expect(sample.code).toBe(0);
    expect(sample.stdout).toMatch(/^plan national-default \(the national default task/);
    const verify = await cli(
      "verify-draw",
      "--classes",
      join(dir, "sample", "plan.classes.csv"),
      "--task",
      join(dir, "sample", "plan.task.json"),
      "--audit",
      join(dir, "sample", "plan.audit.json"),
    );
    expect(verify.code).toBe(0);
    const printed = await cli("sample", "--print-default-task", "--period", end);
    expect(JSON.parse(printed.stdout)).toMatchObject({ id: "national-default", period: "2026-11", exclude: { classAWithoutTrigger: true } });
  }, 60_000);

  it("watch keeps register tags for tag-scoped rules and rejects an unknown event kind with its line", async () => {
    const rules = join(dir, "rules.json");
    writeFileSync(
      rules,
      JSON.stringify({
        kind: "creditclass.warning-rules",
        version: 1,
        id: "food",
        name: { zh: "食品", en: "food" },
        rules: [
          {
            id: "food_complaints",
            name: { zh: "食品企业投诉", en: "Complaints about food businesses" },
            severity: 1,
            measure: "reminder",
            cooldownDays: 1,
            scope: { tags: ["food"] },
            condition: { kind: "window", events: ["complaint"], days: 30, atLeast: 1 },
          },
        ],
      }),
    );
    const events = join(dir, "events.ndjson");
    const lines = [
      { register: { uscc: "91330100716105852F", established: "2020-01-01", tags: " food ;retail" } },
      { register: { uscc: "914403001922038216", established: "2020-01-01" } },
      { kind: "complaint", uscc: "91330100716105852F", date: "2026-10-02", detail: "complaint" },
      { kind: "complaint", uscc: "914403001922038216", date: "2026-10-02", detail: "complaint" },
      { kind: "complain", uscc: "914403001922038216", date: "2026-10-03" },
    ];
    writeFileSync(events, `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
    const watched = await cli("watch", "--events", events, "--rules", rules);
    expect(watched.code).toBe(1);
    const alerts = watched.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { ruleId: string; uscc: string });
    expect(alerts.map((a) => [a.ruleId, a.uscc])).toEqual([["food_complaints", "91330100716105852F"]]);
    const rejected = JSON.parse(watched.stderr.trim().split("\n")[0] ?? "{}") as { line: number; reason: string };
    expect(rejected.line).toBe(5);
    expect(rejected.reason).toMatch(/^kind "complain" is not an event kind \(change, annual_report, /);
  }, 60_000);
});
