import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parsePeriod } from "@creditclass/core";
import { generateProvince } from "@creditclass/generator";
import { ingestDirectory } from "@creditclass/ingest";
import type { RunningService } from "@creditclass/server";
import { startService } from "@creditclass/server";
import { createApiToken, openDatabase } from "@creditclass/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const SOURCES = join(import.meta.dirname, "../../../examples/java-client/src/creditclass");

describe("the Java client example (JDK 17 java.net.http, no jars) against the server", () => {
  let dir: string;
  let service: RunningService;
  let secret = "";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "cc-java-"));
    await generateProvince(join(dir, "data"), { enterprises: 800, seed: "java", end: parsePeriod("2026-10"), months: 24 });
    const db = await openDatabase(join(dir, "province.duckdb"));
    await ingestDirectory(join(dir, "data"), db);
    secret = (await createApiToken(db, { name: "platform", role: "admin", region: "33" })).secret;
    db.close();
    service = await startService({ db: join(dir, "province.duckdb"), port: 0 });
  }, 120_000);
  afterAll(async () => {
    await service?.close();
  });

  it("compiles with javac, runs a month, reads a class with its reasons and the distribution", async () => {
    const classes = join(dir, "classes");
    const sources = readdirSync(SOURCES).map((f) => join(SOURCES, f));
    await run("javac", ["-d", classes, ...sources]);
    const before = await fetch(`${service.url}/v1/months`, { headers: { authorization: `Bearer ${secret}` } });
    expect(((await before.json()) as { months: unknown[] }).months).toEqual([]);
    // No month exists until the client runs it; an enterprise of the register.
    const anyCode = firstCode(dir);
    const { stdout } = await run("java", ["-cp", classes, "creditclass.Main", service.url, secret, "2026-10", anyCode], { timeout: 120_000 });
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^month 2026-10 done: history head [0-9a-f]{64}$/);
    const found = (await (await fetch(`${service.url}/v1/enterprises/${anyCode}`, { headers: { authorization: `Bearer ${secret}` } })).json()) as {
      class: string;
      score: number;
      reasons: unknown[];
    };
    expect(lines[1]).toBe(`enterprise ${anyCode} class ${found.class} score ${javaDouble(found.score)} in 2026-10`);
    const reasonLines = lines.filter((l) => l.startsWith("  reason "));
    expect(reasonLines.length).toBe(found.reasons.length);
    const cities = lines.filter((l) => l.startsWith("city ")).map((l) => l.split(" "));
    const total = cities.reduce((n, c) => n + Number(c[3]) + Number(c[5]) + Number(c[7]) + Number(c[9]), 0);
    const months = (await (await fetch(`${service.url}/v1/months`, { headers: { authorization: `Bearer ${secret}` } })).json()) as {
      months: { counts: Record<"A" | "B" | "C" | "D", number> }[];
    };
    const counts = months.months[0]?.counts ?? { A: 0, B: 0, C: 0, D: 0 };
    expect(total).toBe(counts.A + counts.B + counts.C + counts.D);
  }, 180_000);
});

/** The first enterprise code of the generated register. */
function firstCode(dir: string): string {
  const text = readFileSync(join(dir, "data", "enterprises.csv"), "utf8");
  return text.split("\n")[1]?.split(",")[0] ?? "";
}

/** How Java's Double.toString prints a score between 10⁻³ and 10⁷ (shortest repr, a trailing .0 for whole numbers). */
function javaDouble(x: number): string {
  return Number.isInteger(x) ? `${x}.0` : String(x);
}
