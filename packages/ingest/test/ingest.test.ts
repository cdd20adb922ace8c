import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parsePeriod, ValidationError } from "@creditclass/core";
import type { GenerateSummary } from "@creditclass/generator";
import { generateProvince } from "@creditclass/generator";
import type { CreditDatabase } from "@creditclass/store";
import { openDatabase } from "@creditclass/store";
import { beforeAll, describe, expect, it } from "vitest";
import type { IngestSummary } from "../src/index.js";
import { ingestDirectory, ingestFile, ingestObjects } from "../src/index.js";
import { enterprise, event, tempDir } from "./helpers.js";

const END = parsePeriod("2026-10");

describe("ingest a generated province with dirty data", () => {
  let dir: string;
  let generated: GenerateSummary;
  let db: CreditDatabase;
  let summary: IngestSummary;

  beforeAll(async () => {
    dir = tempDir();
    generated = await generateProvince(dir, { enterprises: 600, seed: "dirty", end: END, dirtyRate: 0.05 });
    db = await openDatabase(join(dir, "db.duckdb"));
    summary = await ingestDirectory(dir, db);
  });

  it("accounts for every record: read = accepted + quarantined + duplicates", () => {
    for (const f of summary.files) expect(f.read).toBe(f.accepted + f.quarantined + f.duplicates);
    const lines = (name: string): number => readFileSync(join(dir, name), "utf8").trimEnd().split("\n").length - 1;
    expect(summary.files.map((f) => f.read)).toEqual([lines("enterprises.csv"), lines("relations.csv"), lines("events.csv")]);
  });

  it("quarantines every planted bad record and detects every planted duplicate", async () => {
    const planted = generated.dirty;
    expect(summary.totals.duplicates).toBe(planted.duplicate);
    // Each invalid code, impossible date and missing field is one quarantined record.
    expect(summary.totals.quarantined).toBe(planted.invalid_code + planted.impossible_date + planted.missing_field);
    const codes = await db.all("SELECT code, count(DISTINCT (file, line)) AS n FROM quarantine GROUP BY code ORDER BY code");
    expect(codes).toEqual([
      { code: "impossible_date", n: planted.impossible_date },
      { code: "missing_field", n: planted.missing_field },
      { code: "uscc_check_char", n: planted.invalid_code },
    ]);
    const [row] = await db.all("SELECT file, line, field, reason FROM quarantine WHERE code = 'uscc_check_char' LIMIT 1");
    expect(row).toMatchObject({ file: "enterprises.csv", field: "uscc", reason: expect.stringMatching(/^uscc "\w{18}" check character is \w, expected \w$/) });
  });

  it("keeps events of unknown enterprises aside", async () => {
    expect(summary.orphanEvents).toBeGreaterThanOrEqual(generated.dirty.unknown_enterprise);
    const [row] = await db.all("SELECT count(*) AS n FROM orphan_events WHERE source_id LIKE '%x'");
    expect(row?.n).toBe(generated.dirty.unknown_enterprise);
  });

  it("adds nothing when the same files are ingested again", async () => {
    const [before] = await db.all("SELECT (SELECT count(*) FROM enterprises) AS e, (SELECT count(*) FROM events) AS v, (SELECT count(*) FROM relations) AS r");
    const again = await ingestDirectory(dir, db);
    const [after] = await db.all("SELECT (SELECT count(*) FROM enterprises) AS e, (SELECT count(*) FROM events) AS v, (SELECT count(*) FROM relations) AS r");
    expect(after).toEqual(before);
    expect(again.totals.accepted).toBe(0);
    expect(again.totals.duplicates).toBe(again.totals.read - again.totals.quarantined);
    expect(again.fingerprint).toBe(summary.fingerprint);
  });

  it("stores the same records from a GB18030 export", async () => {
    const gbDir = tempDir();
    await generateProvince(gbDir, { enterprises: 600, seed: "dirty", end: END, dirtyRate: 0.05, encoding: "gb18030" });
    const gbDb = await openDatabase(":memory:");
    const gb = await ingestDirectory(gbDir, gbDb);
    // relations.csv is pure ASCII, which reads the same in both encodings, so auto-detection says UTF-8.
    expect(gb.files.map((f) => f.encoding)).toEqual(["gb18030", "utf-8", "gb18030"]);
    expect(gb.totals).toEqual(summary.totals);
    const names = async (d: CreditDatabase): Promise<unknown> => d.all("SELECT uscc, name FROM enterprises ORDER BY uscc LIMIT 5");
    expect(await names(gbDb)).toEqual(await names(db));
    gbDb.close();
  });
});

describe("ingest errors", () => {
  it("fails at once on a header that lacks required columns, naming them", async () => {
    const dir = tempDir();
    const path = join(dir, "events.csv");
    writeFileSync(path, "source_id,kind,date\nE1,complaint,2026-01-01\n");
    const db = await openDatabase(":memory:");
    const error = await ingestFile(db, path, "events").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => [i.code, i.field, i.line])).toEqual([
      ["missing_column", "uscc", 1],
      ["missing_column", "recorded", 1],
    ]);
    db.close();
  });

  it("rejects unknown file types and empty folders", async () => {
    const db = await openDatabase(":memory:");
    await expect(ingestFile(db, "x.xlsx", "events")).rejects.toThrow("cannot read .xlsx files");
    await expect(ingestDirectory(tempDir(), db)).rejects.toThrow("no enterprises, relations or events file");
    db.close();
  });

  it("quarantines malformed NDJSON lines and rows with the wrong number of fields", async () => {
    const dir = tempDir();
    const db = await openDatabase(":memory:");
    writeFileSync(join(dir, "events.ndjson"), `${JSON.stringify(event(1, "complaint", "2026-01-02", { channel: "report" }))}\n{oops\n[1,2]\n`);
    const s = await ingestFile(db, join(dir, "events.ndjson"), "events");
    expect([s.read, s.accepted, s.quarantined]).toEqual([3, 1, 2]);
    writeFileSync(join(dir, "relations.csv"), "source_id,uscc,party,party_type,role,since,recorded\nR1,x,y\n");
    const r = await ingestFile(db, join(dir, "relations.csv"), "relations");
    expect([r.read, r.quarantined]).toEqual([1, 1]);
    expect(await db.all("SELECT file, line, code, reason FROM quarantine ORDER BY file, line")).toEqual([
      { file: "events.ndjson", line: 2, code: "malformed_record", reason: "is not a JSON object" },
      { file: "events.ndjson", line: 3, code: "malformed_record", reason: "is not a JSON object" },
      { file: "relations.csv", line: 2, code: "malformed_record", reason: "has 3 fields, the header has 7" },
    ]);
    db.close();
  });

  it("records every issue of a bad object with its field, value and reason", async () => {
    const db = await openDatabase(":memory:");
    const bad = { ...enterprise(1), uscc: "91330106000000001X", region: "990101", established: "2021-02-30", entity_type: "corp" };
    const s = await ingestObjects(db, "enterprises", [enterprise(2), bad], { source: "api" });
    expect([s.read, s.accepted, s.quarantined, s.duplicates]).toEqual([2, 1, 1, 0]);
    const rows = await db.all("SELECT line, field, value, code, reason FROM quarantine ORDER BY field");
    expect(rows).toMatchInlineSnapshot(`
      [
        {
          "code": "invalid_enum",
          "field": "entity_type",
          "line": 2,
          "reason": "entity_type "corp" is not one of company, partnership, sole_proprietorship, cooperative, branch, individual",
          "value": "corp",
        },
        {
          "code": "invalid_date",
          "field": "established",
          "line": 2,
          "reason": "established "2021-02-30" is not a calendar date YYYY-MM-DD",
          "value": "2021-02-30",
        },
        {
          "code": "invalid_region_code",
          "field": "region",
          "line": 2,
          "reason": "region "990101" is not a GB/T 2260 division code",
          "value": "990101",
        },
        {
          "code": "uscc_check_char",
          "field": "uscc",
          "line": 2,
          "reason": "uscc "91330106000000001X" check character is X, expected 3",
          "value": "91330106000000001X",
        },
      ]
    `);
    db.close();
  });

  it("rejects events recorded before they happened and penalties published before the decision", async () => {
    const db = await openDatabase(":memory:");
    const s = await ingestObjects(db, "events", [
      { ...event(1, "complaint", "2026-01-05", { channel: "report" }), recorded: "2026-01-04" },
      event(1, "penalty", "2026-01-05", { severity: "minor", amount: 100, published: "2026-01-01", authority: "局", case_id: "C1" }),
    ]);
    expect(s.quarantined).toBe(2);
    expect((await db.all("SELECT field, code FROM quarantine ORDER BY line")).map((r) => `${r.field}:${r.code}`)).toEqual([
      "recorded:impossible_date",
      "published:impossible_date",
    ]);
    db.close();
  });
});
