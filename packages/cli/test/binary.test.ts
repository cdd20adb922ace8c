import { describe, expect, it } from "vitest";
import { cliProcess } from "./run-cli.js";

// Other tests run the command in-process (runCommand); these run the binary itself.
describe("the creditclass binary", () => {
  it("prints its help and exits 0, and ends bad input with one line and exit code 1 or 2", async () => {
    const help = await cliProcess("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: creditclass/);
    const missing = await cliProcess("verify-history", "--db", "/nonexistent/province.duckdb");
    expect(missing).toMatchObject({ code: 1, stdout: "", stderr: "creditclass: no database at /nonexistent/province.duckdb: run creditclass ingest first\n" });
    const usage = await cliProcess("tokens", "create", "--db", "x", "--name", "n", "--role", "boss", "--region", "33");
    expect(usage.code).toBe(2);
    expect(usage.stderr.split("\n").filter((l) => l !== "")).toHaveLength(2);
  }, 60_000);
});
