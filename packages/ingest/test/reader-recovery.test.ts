import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ValidationError } from "@creditclass/core";
import { openDatabase } from "@creditclass/store";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import type { FileSummary, RecordKind } from "../src/index.js";
import { ingestFile, REQUIRED_COLUMNS } from "../src/index.js";
import { enterprise, tempDir } from "./helpers.js";

// The files of issue 14: a register of 200 valid rows, with one defect planted.
const HEADER = REQUIRED_COLUMNS.enterprises.join(",");
const row = (n: number): string => REQUIRED_COLUMNS.enterprises.map((c) => String(enterprise(n)[c] ?? "")).join(",");
const ROWS = Array.from({ length: 200 }, (_, i) => row(i + 1));
const utf8 = (lines: readonly string[]): Buffer => Buffer.from(`${lines.join("\n")}\n`);

interface Outcome {
  readonly counts: Pick<FileSummary, "encoding" | "read" | "accepted" | "quarantined" | "duplicates">;
  readonly quarantine: { line: number; field: string | null; code: string; record: string }[];
  /** Lines of the stored records. */
  readonly stored: number[];
}

async function ingest(name: string, bytes: Buffer, bulk: boolean, kind: RecordKind = "enterprises"): Promise<Outcome> {
  const path = join(tempDir(), name);
  writeFileSync(path, bytes);
  const db = await openDatabase(":memory:");
  try {
    const { encoding, read, accepted, quarantined, duplicates } = await ingestFile(db, path, kind, { bulk });
    const quarantine = (await db.all("SELECT DISTINCT line, field, code, record FROM quarantine ORDER BY line, field")) as Outcome["quarantine"];
    const stored = (await db.all(`SELECT source_line AS n FROM ${kind} ORDER BY n`)).map((r) => Number(r.n));
    return { counts: { encoding, read, accepted, quarantined, duplicates }, quarantine, stored };
  } finally {
    db.close();
  }
}

const lines = (from: number, to: number, except: readonly number[] = []): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((n) => !except.includes(n));

describe.each([true, false])("ingestFile of a damaged register (issue 14), bulk %s", (bulk) => {
  it("1. a stray quote on line 11 costs that line only: the 190 rows after it are read", async () => {
    const rows = [...ROWS];
    rows[9] = (rows[9] ?? "").replace("测试企业10", '"测试企业10');
    const got = await ingest("enterprises.csv", utf8([HEADER, ...rows]), bulk);
    expect(got.counts).toEqual({ encoding: "utf-8", read: 200, accepted: 199, quarantined: 1, duplicates: 0 });
    expect(got.quarantine.map((q) => [q.line, q.code, q.record])).toEqual([[11, "unbalanced_quote", rows[9]]]);
    expect(got.stored).toEqual(lines(2, 201, [11]));
  });

  it("2. one GBK row in a UTF-8 file is quarantined alone; the file stays UTF-8", async () => {
    const bytes = Buffer.concat([utf8([HEADER, ...ROWS.slice(0, 199)]), iconv.encode(`${ROWS[199]}\n`, "gbk")]);
    const got = await ingest("enterprises.csv", bytes, bulk);
    expect(got.counts).toEqual({ encoding: "utf-8", read: 200, accepted: 199, quarantined: 1, duplicates: 0 });
    expect(got.quarantine.map((q) => [q.line, q.code])).toEqual([[201, "invalid_encoding"]]);
    expect(got.quarantine[0]?.record).toContain("\uFFFD");
    expect(got.stored).toEqual(lines(2, 200));
  });

  it("2. one Latin-1 name in a UTF-8 file is quarantined alone", async () => {
    const latin = (ROWS[100] ?? "").replace("测试企业101有限公司", "Café René SARL");
    const bytes = Buffer.concat([utf8([HEADER, ...ROWS.slice(0, 100)]), iconv.encode(`${latin}\n`, "latin1"), utf8(ROWS.slice(101))]);
    const got = await ingest("enterprises.csv", bytes, bulk);
    expect(got.counts).toEqual({ encoding: "utf-8", read: 200, accepted: 199, quarantined: 1, duplicates: 0 });
    expect(got.quarantine.map((q) => [q.line, q.code])).toEqual([[102, "invalid_encoding"]]);
    expect(got.stored).toEqual(lines(2, 201, [102]));
  });

  it("3. a NUL in a name or an address is quarantined, naming the field", async () => {
    const rows = [...ROWS];
    rows[4] = (rows[4] ?? "").replace("ADDR-5", "ADDR\u00005");
    rows[6] = (rows[6] ?? "").replace("测试企业7", "测试\u0000企业7");
    const got = await ingest("enterprises.csv", utf8([HEADER, ...rows]), bulk);
    expect(got.counts).toEqual({ encoding: "utf-8", read: 200, accepted: 198, quarantined: 2, duplicates: 0 });
    expect(got.quarantine.map((q) => [q.line, q.field, q.code])).toEqual([
      [6, "address", "control_character"],
      [8, "name", "control_character"],
    ]);
  });

  it("4. a duplicated header column is refused in one line naming the file, line 1 and the column; nothing is stored", async () => {
    const path = join(tempDir(), "enterprises.csv");
    writeFileSync(path, utf8([`${HEADER},name`, ...ROWS.map((r) => `${r},other`)]));
    const db = await openDatabase(":memory:");
    const error = await ingestFile(db, path, "enterprises", { bulk }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map(({ code, file, line, field }) => ({ code, file, line, field }))).toEqual([
      { code: "duplicate_column", file: "enterprises.csv", line: 1, field: "name" },
    ]);
    expect((error as ValidationError).message).not.toContain("\n");
    expect(await db.all("SELECT count(*) AS n FROM enterprises")).toEqual([{ n: 0 }]);
    db.close();
  });
});

describe("NDJSON (issue 14)", () => {
  it("3. a NUL in a name is quarantined, naming the field", async () => {
    const objects = [enterprise(1), enterprise(2, { name: "测试\u0000企业" }), enterprise(3)];
    const got = await ingest("enterprises.ndjson", Buffer.from(`${objects.map((o) => JSON.stringify(o)).join("\n")}\n`), false);
    expect(got.counts).toEqual({ encoding: "utf-8", read: 3, accepted: 2, quarantined: 1, duplicates: 0 });
    expect(got.quarantine.map((q) => [q.line, q.field, q.code])).toEqual([[2, "name", "control_character"]]);
  });
});
