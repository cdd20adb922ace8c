import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";

describe("creditclass CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "cc-cli-"));

  it("generates, ingests and computes indicators end to end", async () => {
    const gen = await cli("generate", "--enterprises", "800", "--seed", "9", "--end", "2026-10", "--dirty", "0.02", "--out", join(dir, "data"));
    expect(gen.code).toBe(0);
    expect(gen.stdout).toMatch(/^wrote .*: 800 enterprises, \d+ relations, \d+ events/);
    const ing = await cli("ingest", join(dir, "data"), "--db", join(dir, "p.duckdb"), "--reports", join(dir, "reports"), "--period", "2026-10");
    expect(ing.code).toBe(0);
    const total =
      ing.stdout
        .split("\n")
        .find((l) => l.startsWith("total"))
        ?.split(/\s+/)
        .slice(1)
        .map(Number) ?? [];
    expect(total[0]).toBe((total[1] ?? 0) + (total[2] ?? 0) + (total[3] ?? 0));
    expect(ing.stdout).toContain("准确性 accuracy");
    const quarantine = readFileSync(join(dir, "reports", "quarantine.csv"), "utf8")
      .trimEnd()
      .split("\n");
    expect(quarantine[0]).toBe("record_kind,file,line,field,value,code,reason,record");
    expect(quarantine.length - 1).toBeGreaterThanOrEqual(total[2] ?? 0);
    expect(JSON.parse(readFileSync(join(dir, "reports", "data-quality.json"), "utf8")).dimensions).toHaveLength(7);
    const ind = await cli("indicators", "--db", join(dir, "p.duckdb"), "--period", "2026-10", "--out", join(dir, "ind.csv"));
    expect(ind.code).toBe(0);
    const lines = readFileSync(join(dir, "ind.csv"), "utf8").trimEnd().split("\n");
    expect(lines[0]?.split(",").slice(0, 3)).toEqual(["uscc", "age_months", "is_individual"]);
    expect(lines.length - 1).toBe(Number(/^(\d+) enterprises/.exec(ind.stdout)?.[1]));
  }, 60_000);

  it("the same seed gives byte-identical files", async () => {
    for (const name of ["a", "b"])
      await cli("generate", "--enterprises", "300", "--seed", "same", "--end", "2026-10", "--dirty", "0.05", "--out", join(dir, name));
    for (const f of ["enterprises.csv", "relations.csv", "events.csv", "anomalies.csv", "truth.csv", "manifest.json"]) {
      expect(readFileSync(join(dir, "a", f)).equals(readFileSync(join(dir, "b", f)))).toBe(true);
    }
  }, 60_000);

  it("rejects bad input with one line and a non-zero exit", async () => {
    const badCount = await cli("generate", "--enterprises", "many", "--out", dir);
    expect(badCount.code).toBe(2);
    expect(badCount.stderr).toContain("expected a positive whole number");
    const badMonth = await cli("indicators", "--db", "x.duckdb", "--period", "2026-13", "--out", "x.csv");
    expect(badMonth.stderr).toContain('expected a month YYYY-MM, got "2026-13"');
    const missing = await cli("ingest", join(dir, "nowhere"), "--db", join(dir, "n.duckdb"));
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    const hdrDir = mkdtempSync(join(tmpdir(), "cc-hdr-"));
    writeFileSync(join(hdrDir, "events.csv"), "source_id,kind,date\n");
    const header = await cli("ingest", hdrDir, "--db", join(hdrDir, "h.duckdb"), "--reports", hdrDir);
    expect(header.code).toBe(1);
    expect(header.stderr.trim()).toMatch(
      /^creditclass: events\.csv:1 uscc: missing required column — the header lacks the required column uscc \(and 1 more: .*recorded/,
    );
    expect(header.stderr).not.toContain("    at ");
  }, 60_000);

  it("prints help for every command", async () => {
    for (const command of ["generate", "ingest", "indicators", "demo"]) {
      const help = await cli(command, "--help");
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: creditclass ${command}`);
    }
  }, 60_000);
});
