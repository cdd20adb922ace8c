import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { CreditDatabase } from "@creditclass/store";
import { openDatabase } from "@creditclass/store";
import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import type { CsvRecord, FileSummary } from "../src/index.js";
import { ingestFile, REQUIRED_COLUMNS, readTextFile, tokenizeCsv } from "../src/index.js";
import { enterprise, tempDir } from "./helpers.js";
import { expectEveryLineInOneRecord } from "./line-accounting.js";

// Fuzzing the readers end to end (issue 14): whatever the bytes, ingest does not throw (the header
// is always valid here: header errors are the documented ones), every physical record is
// accounted for — read = accepted + quarantined + duplicates, and read is the number of records the
// file holds, each stored, quarantined or dropped as a duplicate at its own line — and the heap
// stays bounded on a large hostile file.

const HEADER = REQUIRED_COLUMNS.enterprises;
const row = (n: number, overrides: Record<string, unknown> = {}): string => HEADER.map((c) => String(enterprise(n, overrides)[c] ?? "")).join(",");

/** Inserts `what` at a position of `text` chosen by `at`. */
const insert = (text: string, what: string, at: number): string => {
  const i = at % (text.length + 1);
  return text.slice(0, i) + what + text.slice(i);
};

const n = fc.integer({ min: 1, max: 40 });
/** One physical line (or, for a legitimate quoted line break, two) of a damaged register export, as bytes. */
const csvLine: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 8, arbitrary: n.map((k) => Buffer.from(row(k))) },
  { weight: 2, arbitrary: fc.tuple(n, fc.nat(), fc.constantFrom('"', '""', '",', ',"')).map(([k, at, q]) => Buffer.from(insert(row(k), q, at))) },
  { weight: 1, arbitrary: fc.tuple(n, fc.nat()).map(([k, at]) => Buffer.from(insert(row(k), "\u0000", at))) },
  { weight: 1, arbitrary: n.map((k) => iconv.encode(row(k), "gb18030")) },
  { weight: 1, arbitrary: n.map((k) => iconv.encode(row(k, { name: `Café ${k}` }), "latin1")) },
  { weight: 1, arbitrary: n.map((k) => Buffer.from(row(k, { address: `"ADDR-${k}\nfloor ${k}"` }))) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('"', ",", "a", "\r", " ", "中"), maxLength: 30 }).map((s) => Buffer.from(s)) },
  { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: 60_000, max: 200_000 }), fc.boolean()).map(([len, q]) => Buffer.from(`${q ? '"' : ""}${"x".repeat(len)}`)),
  },
);

/** One line of a damaged NDJSON export. */
const ndjsonLine: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 8, arbitrary: n.map((k) => Buffer.from(JSON.stringify(enterprise(k)))) },
  {
    weight: 2,
    arbitrary: fc.tuple(n, fc.nat(), fc.constantFrom('"', "{", "}", ",")).map(([k, at, q]) => Buffer.from(insert(JSON.stringify(enterprise(k)), q, at))),
  },
  { weight: 1, arbitrary: n.map((k) => Buffer.from(JSON.stringify(enterprise(k, { name: `测试\u0000${k}` })))) },
  { weight: 1, arbitrary: n.map((k) => iconv.encode(JSON.stringify(enterprise(k)), "gb18030")) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
  { weight: 1, arbitrary: fc.integer({ min: 60_000, max: 200_000 }).map((len) => Buffer.from(`{"name":"${"x".repeat(len)}"}`)) },
);

const file = (lines: fc.Arbitrary<Buffer>, header: string | undefined) =>
  fc.tuple(fc.array(lines, { maxLength: 60 }), fc.constantFrom("\n", "\r\n")).map(([body, eol]) => {
    const parts = header === undefined ? body : [Buffer.from(header), ...body];
    return Buffer.concat(parts.flatMap((b) => [b, Buffer.from(eol)]));
  });

async function decoded(path: string): Promise<string> {
  let text = "";
  for await (const chunk of readTextFile(path).chunks) text += chunk;
  return text;
}

async function csvRecords(text: string): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const batch of tokenizeCsv([text])) out.push(...batch);
  return out;
}

/** Lines at which the run's records were stored, quarantined or dropped as duplicates, one entry per record. */
async function fates(db: CreditDatabase): Promise<number[]> {
  const rows = await db.all(
    `SELECT source_line AS line FROM enterprises UNION ALL SELECT DISTINCT line FROM quarantine UNION ALL SELECT line FROM duplicates ORDER BY line`,
  );
  return rows.map((r) => Number(r.line));
}

async function ingestCounted(path: string, bulk: boolean): Promise<{ summary: FileSummary; lines: number[] }> {
  const db = await openDatabase(":memory:");
  try {
    const summary = await ingestFile(db, path, "enterprises", { bulk });
    return { summary, lines: await fates(db) };
  } finally {
    db.close();
  }
}

const counts = (s: FileSummary) => [s.read, s.accepted, s.quarantined, s.duplicates];

describe("reader fuzz (issue 14)", () => {
  it("property: a CSV file of random damage is read without throwing, and every physical record is accounted for, by both paths", async () => {
    const dir = tempDir("cc-fuzz-");
    await fc.assert(
      fc.asyncProperty(file(csvLine, HEADER.join(",")), async (bytes) => {
        const path = join(dir, "enterprises.csv");
        writeFileSync(path, bytes);
        const text = await decoded(path);
        const records = await csvRecords(text);
        expectEveryLineInOneRecord(text, records);
        const physical = records.slice(1).map((r) => r.line);
        const slow = await ingestCounted(path, false);
        const fast = await ingestCounted(path, true);
        for (const { summary, lines } of [slow, fast]) {
          expect(summary.read).toBe(summary.accepted + summary.quarantined + summary.duplicates);
          expect(summary.read).toBe(physical.length);
          expect(lines).toEqual(physical);
        }
        expect(counts(fast.summary)).toEqual(counts(slow.summary));
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it("property: an NDJSON file of random damage is read without throwing, and every line that is not blank is accounted for", async () => {
    const dir = tempDir("cc-fuzz-");
    await fc.assert(
      fc.asyncProperty(file(ndjsonLine, undefined), async (bytes) => {
        const path = join(dir, "enterprises.ndjson");
        writeFileSync(path, bytes);
        const physical = (await decoded(path))
          .split("\n")
          .map((l, i) => [l, i + 1] as const)
          .filter(([l]) => l.trim() !== "")
          .map(([, i]) => i);
        const { summary, lines } = await ingestCounted(path, false);
        expect(summary.read).toBe(summary.accepted + summary.quarantined + summary.duplicates);
        expect(summary.read).toBe(physical.length);
        expect(lines).toEqual(physical);
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it("reads an 8 MB hostile CSV file (multi-megabyte lines, stray quotes, GB18030 rows, NULs) holding less than 64 MB of heap", async () => {
    // Garbage the collector has not reached yet is not memory the reader holds: measure after collecting.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const parts: string[] = [HEADER.join(",")];
    let bad = 0;
    for (let k = 1; parts.length < 52_000; k++) {
      // A quote opening a name, never closed on its line; a NUL anywhere (every field refuses it).
      if (k % 1000 === 7) parts.push(row(k).replace("测试企业", '"测试企业'));
      else if (k % 1000 === 500) parts.push(insert(row(k), "\u0000", k));
      else parts.push(row(k));
      if (k % 1000 === 7 || k % 1000 === 500) bad++;
      if (k === 20_000) parts.push(`"${"x".repeat(3_000_000)}`);
      if (k === 30_000) parts.push("y".repeat(1_000_000));
    }
    bad += 2;
    const gb: Buffer[] = [];
    for (let k = 0; k < 200; k++) gb.push(iconv.encode(`${row(100_000 + k)}\n`, "gb18030"));
    const bytes = Buffer.concat([Buffer.from(`${parts.join("\n")}\n`), ...gb]);
    expect(bytes.length).toBeGreaterThan(8_000_000);
    const path = join(tempDir("cc-fuzz-"), "enterprises.csv");
    writeFileSync(path, bytes);
    const db = await openDatabase(":memory:");
    // The live heap, after a full collection, every 25 ms and at every progress report (each MiB).
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const sample = (): void => {
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    };
    const timer = setInterval(sample, 25);
    const summary = await ingestFile(db, path, "enterprises", { bulk: false, onProgress: sample });
    clearInterval(timer);
    db.close();
    expect(summary.read).toBe(summary.accepted + summary.quarantined + summary.duplicates);
    // Every line is read; the damaged ones and the 200 GB18030 rows (not valid in this UTF-8 file) are quarantined, one record each.
    expect(summary.read).toBe(parts.length - 1 + gb.length);
    expect(summary.quarantined).toBe(bad + gb.length);
    expect((peak - baseline) / 2 ** 20).toBeLessThan(64);
  }, 60_000);
});
