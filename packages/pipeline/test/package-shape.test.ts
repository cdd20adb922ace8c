import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
const imported = (file: string): string[] =>
  [...readFileSync(file, "utf8").matchAll(/^(?:import|export)[^"]*from "([^".][^"]*)";/gm)].map((m) => m[1] as string);

describe("the house's shape", () => {
  it.each(["scoring", "warning", "sampling"])("the %s engine imports neither ingest, store, DuckDB nor danfojs, in its sources or its dependencies", (name) => {
    const pkg = JSON.parse(readFileSync(join(root, name, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    const forbidden = ["@creditclass/ingest", "@creditclass/store", "@creditclass/pipeline", "@duckdb/node-api", "danfojs-node"];
    expect(Object.keys(pkg.dependencies).filter((d) => forbidden.includes(d))).toEqual([]);
    const bad = sources(join(root, name, "src")).flatMap((f) =>
      imported(f)
        .filter((m) => forbidden.some((x) => m.startsWith(x)))
        .map((m) => `${f}: ${m}`),
    );
    expect(bad).toEqual([]);
  });

  it("core, store and generator depend on nothing of ours but core", () => {
    for (const name of ["core", "store", "generator"]) {
      const pkg = JSON.parse(readFileSync(join(root, name, "package.json"), "utf8")) as { dependencies: Record<string, string> };
      expect(Object.keys(pkg.dependencies).filter((d) => d.startsWith("@creditclass/") && d !== "@creditclass/core")).toEqual([]);
    }
  });

  it("only the store opens DuckDB: no other package's sources create a database or a table", () => {
    const offenders = readdirSync(root)
      .filter((name) => name !== "store")
      .flatMap((name) => {
        try {
          return sources(join(root, name, "src"));
        } catch {
          return [];
        }
      })
      .filter((f) => /DuckDBInstance|CREATE TABLE(?! IF NOT EXISTS)|CREATE VIEW/.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("deep imports into a package are blocked", async () => {
    const deep = ["@creditclass/scoring", "src", "engine", "run-loop.js"].join("/");
    await expect(import(/* @vite-ignore */ deep)).rejects.toThrow(/not exported/);
  });
});
