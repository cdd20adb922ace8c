import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ProvinceColumns } from "@creditclass/core";
import { parsePeriod } from "@creditclass/core";
import { generateProvince } from "@creditclass/generator";
import { computeIndicators, ingestDirectory, ingestObjects } from "@creditclass/ingest";
import { columnsCachePath, loadProvinceColumns, openDatabase } from "@creditclass/store";
import { describe, expect, it } from "vitest";

/**
 * Every column of the province, to compare two loads exactly: register columns as bytes (they are
 * ordered by code), events and relations as their sorted rows (DuckDB's parallel scan returns an
 * enterprise's events in no fixed order, and nothing downstream depends on it).
 */
function bytesOf(p: ProvinceColumns): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(p.register)) {
    out[`register.${name}`] = ArrayBuffer.isView(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64") : JSON.stringify(v);
  }
  for (const part of ["events", "relations"] as const) {
    const columns = Object.entries(p[part]).filter(([, v]) => ArrayBuffer.isView(v)) as [string, ArrayLike<number>][];
    const rows = Array.from({ length: p[part].count }, (_, i) => columns.map(([, c]) => c[i]).join(","));
    out[part] = `${columns.map(([n]) => n).join(",")}\n${rows.sort().join("\n")}`;
  }
  return out;
}

describe("the columnar cache beside a database file", () => {
  it("gives exactly the database's columns, is rebuilt after an ingest, and survives damage and foreign files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-columns-"));
    await generateProvince(join(dir, "data"), { enterprises: 3_000, seed: "cache", end: parsePeriod("2026-10"), months: 24 });
    const file = join(dir, "p.duckdb");
    const cache = columnsCachePath(file);
    let db = await openDatabase(file);
    await ingestDirectory(join(dir, "data"), db);
    const direct = await loadProvinceColumns(db, { cache: false });
    expect(existsSync(cache)).toBe(false);
    chmodSync(file, 0o640);
    const first = await loadProvinceColumns(db);
    expect(existsSync(cache)).toBe(true);
    // The cache holds the database's data: it gets the database's permissions.
    expect(statSync(cache).mode & 0o777).toBe(0o640);
    const written = statSync(cache).mtimeMs;
    const second = await loadProvinceColumns(db);
    // The second load read the file (it was not rewritten) and both equal the database's columns, byte for byte.
    expect(statSync(cache).mtimeMs).toBe(written);
    expect(bytesOf(first)).toEqual(bytesOf(direct));
    expect(bytesOf(second)).toEqual(bytesOf(direct));
    const oct = parsePeriod("2026-10");
    expect(computeIndicators(second, oct).column("penalties_12m")).toEqual(computeIndicators(direct, oct).column("penalties_12m"));
    db.close();

    // Reopened by another process, the cache still serves; an ingest makes it stale and removes it.
    db = await openDatabase(file);
    const code = second.register.uscc[0] as string;
    await ingestObjects(db, "events", [
      {
        source_id: "CACHE-1",
        kind: "penalty",
        uscc: code,
        date: "2026-09-01",
        recorded: "2026-09-02",
        severity: "minor",
        amount: 100,
        published: "2026-09-03",
        authority: "x",
        case_id: "C",
      },
    ]);
    const after = await loadProvinceColumns(db);
    expect(after.events.count).toBe(direct.events.count + 1);
    expect(bytesOf(after)).toEqual(bytesOf(await loadProvinceColumns(db, { cache: false })));

    // A damaged cache is not trusted: the load falls back to the database and writes it again,
    // removing the temporary file a killed writer left (its process is gone).
    const bytes = readFileSync(cache);
    writeFileSync(cache, bytes.subarray(0, bytes.length >> 1));
    const dead = spawnSync(process.execPath, ["-e", ""]).pid as number;
    writeFileSync(`${cache}.${dead}.tmp`, "half a cache");
    expect(bytesOf(await loadProvinceColumns(db))).toEqual(bytesOf(after));
    expect(statSync(cache).size).toBe(bytes.length);
    expect(existsSync(`${cache}.${dead}.tmp`)).toBe(false);

    // A file at that path that is not a creditclass cache is neither read nor overwritten.
    writeFileSync(cache, "my own notes\n");
    expect(bytesOf(await loadProvinceColumns(db))).toEqual(bytesOf(after));
    expect(readFileSync(cache, "utf8")).toBe("my own notes\n");
    db.close();
  }, 120_000);
});
