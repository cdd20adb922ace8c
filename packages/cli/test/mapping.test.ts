import { copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";

describe("creditclass with a bureau's own tables (issue 16)", () => {
  const dir = mkdtempSync(join(tmpdir(), "cc-cli-map-"));
  const data = join(dir, "bureau");
  const db = join(dir, "p.duckdb");

  it("generate --format bureau, then ingest --mapping: every file counted, the mapping's hash printed", async () => {
    const gen = await cli("generate", "--format", "bureau", "--enterprises", "800", "--seed", "m", "--end", "2026-10", "--dirty", "0.02", "--out", data);
    expect(gen.code).toBe(0);
    const run = await cli("ingest", data, "--mapping", join(data, "mapping.json"), "--db", db, "--reports", join(dir, "r"), "--period", "2026-10");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/登记注册信息\.csv\s+gb18030/);
    expect(run.stdout).toMatch(/严重违法失信名单\.xlsx\s+xlsx/);
    expect(run.stdout).toMatch(/mapping: generated bureau export \(sha256 [0-9a-f]{64}\)/);
    expect(run.stdout).toMatch(/经营异常名录\.csv: \d+ rows → \d+ records/);
    const total =
      run.stdout
        .split("\n")
        .find((l) => l.startsWith("total"))
        ?.trim()
        .split(/\s+/)
        .map(Number) ?? [];
    expect(total[1]).toBe((total[2] ?? 0) + (total[3] ?? 0) + (total[4] ?? 0));
    const quarantine = readFileSync(join(dir, "r", "quarantine.csv"), "utf8");
    expect(quarantine).toMatch(/events,[^,]+\.csv,\d+,统一社会信用代码,,missing_field/);
  }, 120_000);

  it("mapping draft places every column of the export; mapping check dry-runs it and stores nothing", async () => {
    const draft = await cli("mapping", "draft", data, "--out", join(dir, "draft.json"));
    expect(draft.code, draft.stderr).toBe(0);
    expect(draft.stdout).toContain("登记注册信息.csv: register, 11 columns placed");
    expect(draft.stdout).not.toContain("columns not placed");
    const check = await cli("mapping", "check", join(dir, "draft.json"), data, "--problems", "2");
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/^total\s+\d+/m);
    expect(check.stdout).toContain("dry run: nothing was stored");
    expect(check.stdout.split("\n").filter((l) => / (missing_field|impossible_date|uscc_check_char) — /.test(l))).toHaveLength(2);
  }, 120_000);

  it("a bad mapping is a one-line error naming the file and the path in it, and the database is untouched", async () => {
    const doc = JSON.parse(readFileSync(join(data, "mapping.json"), "utf8"));
    doc.sources[0].records[0].fields.status.codes = "no_such_table";
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify(doc));
    const before = statSync(db).mtimeMs;
    copyFileSync(db, join(dir, "before.duckdb"));
    const run = await cli("ingest", data, "--mapping", bad, "--db", db);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("sources[0].records[0].fields.status.codes");
    expect(run.stderr).not.toContain("    at ");
    expect(statSync(db).mtimeMs).toBe(before);
    expect(readFileSync(db).equals(readFileSync(join(dir, "before.duckdb")))).toBe(true);
  }, 60_000);
});
