import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Issue } from "@creditclass/core";
import { describe, expect, it } from "vitest";
import { writeCsvFile } from "../src/csv-writer.js";
import { QUARANTINE_TEXT_LIMIT, QuarantineSink, quarantineText } from "../src/quarantine-sink.js";
import { tempDir } from "./helpers.js";

/** A stand-in for the database: an appender that keeps the rows it is given. */
function fakeDatabase(): { db: Parameters<typeof QuarantineSink.open>[0]; rows: unknown[][] } {
  const rows: unknown[][] = [];
  let row: unknown[] = [];
  const appender = {
    appendInteger: (v: number) => row.push(v),
    appendVarchar: (v: string) => row.push(v),
    appendNull: () => row.push(null),
    endRow: () => {
      rows.push(row);
      row = [];
    },
    closeSync: () => undefined,
  };
  const db = { connection: { createAppender: async (table: string) => (table === "quarantine" ? appender : undefined) } };
  return { db: db as unknown as Parameters<typeof QuarantineSink.open>[0], rows };
}

describe("quarantineText", () => {
  it("keeps text up to the limit whole", () => {
    expect(QUARANTINE_TEXT_LIMIT).toBe(1024);
    expect(quarantineText("short")).toBe("short");
    const full = "y".repeat(1024);
    expect(quarantineText(full)).toBe(full);
  });

  it("cuts longer text at 1,024 characters and states the original length", () => {
    const out = quarantineText("x".repeat(50_000));
    expect(out).toBe(`${"x".repeat(1024)}…[truncated, 50000 characters]`);
    expect(quarantineText("z".repeat(1025))).toBe(`${"z".repeat(1024)}…[truncated, 1025 characters]`);
  });

  it("never cuts inside a surrogate pair", () => {
    const out = quarantineText(`${"a".repeat(1023)}😀${"b".repeat(10)}`);
    expect(out).toBe(`${"a".repeat(1023)}…[truncated, 1035 characters]`);
    expect(out).not.toMatch(/\p{Cs}/u); // no lone surrogate
  });
});

describe("QuarantineSink", () => {
  const huge = `=HYPERLINK("http://evil.example/?x=1","click")${"A".repeat(50_000)}`;
  const issues: Issue[] = [
    { code: "invalid_value", field: "name", value: huge, message: `name ${huge} is not allowed` },
    { code: "invalid_number", field: `col${"F".repeat(5_000)}`, value: 12n, message: "not a number" },
  ];

  it("caps every text copied from a 50,000-character record at 1 KiB, stating its length", async () => {
    const { db, rows } = fakeDatabase();
    const sink = await QuarantineSink.open(db, 7, "enterprises", "register.csv");
    const record = `91330106000000001X,${huge}`;
    sink.add(12, issues, record);
    sink.close();
    expect(sink.records).toBe(1);
    expect(rows).toHaveLength(2);
    const [first, second] = rows as [unknown[], unknown[]];
    expect(first.slice(0, 5)).toEqual([7, "enterprises", "register.csv", 12, "name"]);
    expect(first[5]).toBe(`${huge.slice(0, 1024)}…[truncated, ${huge.length} characters]`);
    expect(first[6]).toBe("invalid_value");
    expect(first[7]).toBe(`${`name ${huge}`.slice(0, 1024)}…[truncated, ${huge.length + 20} characters]`);
    expect(first[8]).toBe(`${record.slice(0, 1024)}…[truncated, ${record.length} characters]`);
    expect(second[4]).toBe(`${`col${"F".repeat(5_000)}`.slice(0, 1024)}…[truncated, 5003 characters]`);
    expect(second[5]).toBe("12");
    for (const row of rows) for (const cell of row) if (typeof cell === "string") expect(cell.length).toBeLessThan(1100);
  });

  it("keeps the text as read in the table; the CSV export neutralises formulas", async () => {
    const { db, rows } = fakeDatabase();
    const sink = await QuarantineSink.open(db, 1, "events", "events.csv");
    sink.add(3, [{ code: "invalid_value", field: "note", value: "=1+1", message: "bad note" }], "@SUM(A1),=1+1");
    sink.close();
    expect(rows[0]?.[5]).toBe("=1+1");
    const path = join(tempDir(), "quarantine.csv");
    await writeCsvFile(
      path,
      ["kind", "file", "line", "field", "value", "code", "reason", "record"],
      rows.map((r) => r.slice(1)),
    );
    expect(readFileSync(path, "utf8").split("\n")[1]).toBe(`events,events.csv,3,note,'=1+1,invalid_value,bad note,"'@SUM(A1),=1+1"`);
  });
});
