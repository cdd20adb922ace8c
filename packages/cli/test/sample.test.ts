import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";

describe("creditclass sample / verify-draw", () => {
  const dir = mkdtempSync(join(tmpdir(), "cc-sample-"));

  it("draws a plan with inspectors, and verifies it; a changed table fails verification", async () => {
    await cli("generate", "--enterprises", "400", "--seed", "s", "--end", "2026-10", "--out", join(dir, "data"));
    const [, ...lines] = readFileSync(join(dir, "data", "enterprises.csv"), "utf8")
      .trimEnd()
      .split("\n");
    const table = lines.map((l, k) => {
      const f = l.split(",");
      return `${f[0]},${"ABBBCD"[k % 6]},${f[3]},${f[4]}`;
    });
    writeFileSync(join(dir, "classes.csv"), `uscc,class,region,industry\n${table.join("\n")}\n`);
    writeFileSync(
      join(dir, "task.json"),
      JSON.stringify({
        kind: "creditclass.inspection-task",
        version: 1,
        id: "t1",
        name: { zh: "抽查", en: "check" },
        period: "2026-11",
        ratios: { A: 0.02, B: 0.05, C: 0.2, D: 0.5 },
        capacity: 60,
      }),
    );
    writeFileSync(join(dir, "inspectors.csv"), `id,unit\n${Array.from({ length: 12 }, (_, k) => `I${k},U${k % 4}`).join("\n")}\n`);
    const sample = await cli(
      "sample",
      "--classes",
      join(dir, "classes.csv"),
      "--task",
      join(dir, "task.json"),
      "--seed",
      "2026-11-23",
      "--out",
      join(dir, "plan.csv"),
      "--inspectors",
      join(dir, "inspectors.csv"),
    );
    expect(sample.code).toBe(0);
    expect(sample.stdout).toMatch(/^plan t1 for 2026-11: \d+ inspections \(0 mandatory\)/);
    const plan = readFileSync(join(dir, "plan.csv"), "utf8").trimEnd().split("\n");
    expect(plan[0]).toBe("uscc,class,stratum,probability,mandatory,inspectors");
    expect(plan.length - 1).toBeLessThanOrEqual(60);
    for (const row of plan.slice(1)) expect(row.split(",")[5]?.split(";")).toHaveLength(2);
    const ok = await cli("verify-draw", "--classes", join(dir, "classes.csv"), "--task", join(dir, "task.json"), "--audit", join(dir, "plan.audit.json"));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^verified: seed "2026-11-23"/);
    writeFileSync(join(dir, "classes2.csv"), `uscc,class,region,industry\n${table.map((r, k) => (k === 0 ? r.replace(/,[ABCD],/, ",D,") : r)).join("\n")}\n`);
    const bad = await cli("verify-draw", "--classes", join(dir, "classes2.csv"), "--task", join(dir, "task.json"), "--audit", join(dir, "plan.audit.json"));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("manifest: the audit says");
  }, 60_000);

  it("rejects a bad task with the path in the document", async () => {
    writeFileSync(
      join(dir, "bad-task.json"),
      JSON.stringify({
        kind: "creditclass.inspection-task",
        version: 1,
        id: "t",
        name: { zh: "x", en: "x" },
        period: "2026-11",
        ratios: { A: 0.5, B: 0.1, C: 0.2, D: 1 },
      }),
    );
    writeFileSync(join(dir, "c.csv"), "uscc,class,region,industry\n91330100716105852F,A,330106,F5211\n");
    const r = await cli("sample", "--classes", join(dir, "c.csv"), "--task", join(dir, "bad-task.json"), "--seed", "1", "--out", join(dir, "p.csv"));
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe("creditclass: ratios.B: invalid configuration — B (0.1) is below A (0.5): expected A ≤ B ≤ C ≤ D");
  }, 60_000);
});
