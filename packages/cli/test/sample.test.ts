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
    // The plan beside the audit record (plan.audit.json → plan.csv) is found and checked.
    expect(ok.stdout.split("\n")[1]).toBe(
      `plan ${join(dir, "plan.csv")} checked: ${plan.length - 1} rows, each the draw's selection with its class, stratum, probability and mandatory flag`,
    );
    writeFileSync(join(dir, "classes2.csv"), `uscc,class,region,industry\n${table.map((r, k) => (k === 0 ? r.replace(/,[ABCD],/, ",D,") : r)).join("\n")}\n`);
    const bad = await cli("verify-draw", "--classes", join(dir, "classes2.csv"), "--task", join(dir, "task.json"), "--audit", join(dir, "plan.audit.json"));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("manifest: the audit says");
  }, 60_000);

  it("checks every row of the published plan: a changed class and a changed code are named by line (uses the draw above)", async () => {
    const args = ["verify-draw", "--classes", join(dir, "classes.csv"), "--task", join(dir, "task.json")];
    const lines = readFileSync(join(dir, "plan.csv"), "utf8").trimEnd().split("\n");
    // A class C row with a row after it: its class is edited to A, and one character of the next row's code.
    const c = lines.findIndex((l, k) => k > 0 && k < lines.length - 1 && l.split(",")[1] === "C");
    const other = c + 1;
    expect(c).toBeGreaterThan(0);
    const code = lines[other]?.split(",")[0] ?? "";
    const changedCode = `${code.slice(0, 5)}${code[5] === "9" ? "8" : "9"}${code.slice(6)}`;
    const edited = lines.map((l, k) => (k === c ? l.replace(",C,", ",A,") : k === other ? l.replace(code, changedCode) : l));
    const published = join(dir, "published.csv");
    writeFileSync(published, `${edited.join("\n")}\n`);
    // An audit record not named X.audit.json has no plan beside it: the output says the plan was not checked.
    writeFileSync(join(dir, "audit-copy.json"), readFileSync(join(dir, "plan.audit.json")));
    const unchecked = await cli(...args, "--audit", join(dir, "audit-copy.json"));
    expect(unchecked.code).toBe(0);
    expect(unchecked.stdout.split("\n")[1]).toBe("plan not checked: no --plan given");

    const bad = await cli(...args, "--audit", join(dir, "audit-copy.json"), "--plan", published);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr.trimEnd().split("\n")).toEqual([
      `${published}:${c + 1} class: published A, draw gives C`,
      `${published}:${other + 1} uscc: published ${changedCode}, not selected by the draw`,
      `${published} uscc: the draw selects ${code}, missing from the plan`,
      `creditclass: not verified; plan ${published} checked: ${lines.length - 1} rows, 3 differences from the draw`,
    ]);

    writeFileSync(join(dir, "untouched.csv"), `${lines.join("\n")}\n`);
    const good = await cli(...args, "--audit", join(dir, "audit-copy.json"), "--plan", join(dir, "untouched.csv"));
    expect(good.code).toBe(0);
    expect(good.stdout.split("\n")[1]).toMatch(/^plan .*untouched\.csv checked: \d+ rows, each the draw's selection/);
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
