import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ValidationError } from "@creditclass/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadTableFile, MISSING_MARKERS, tableFromObjects } from "../src/index.js";
import { numberIn, readTableCsv } from "../src/table-csv.js";

/** What the loader read a cell as before CSV cells were parsed in place: `Number` of the trimmed text, NaN for a marker, undefined otherwise. */
function numericBefore(text: string): number | undefined {
  const t = text.trim();
  if (MISSING_MARKERS.includes(t.toLowerCase())) return Number.NaN;
  const x = Number(t);
  return Number.isNaN(x) ? undefined : x;
}

/** Cell texts: plain decimals (short and too long for the fast path), exponents, signs, hex, spaces, markers in any case, words. */
const cellText = fc.oneof(
  fc.double({ noNaN: true }).map(String),
  fc.integer({ min: -1e9, max: 1e9 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 9_999_999_999 })).map(([a, b]) => `${a}.${String(b).padStart(10, "0")}`),
  fc.stringMatching(/^-?[0-9]{0,18}(\.[0-9]{0,18})?$/),
  fc.constantFrom("1e5", "-0", "0", ".5", "5.", "-.5", "+3", "0x1F", " 12 ", "1 2", "Infinity", "-Infinity", "1.2.3", "--1", "", " ", "x", "1e", "0.1e-3"),
  fc.constantFrom(...MISSING_MARKERS, "NA", "Null", "N/A", "NaN", " na ", "NONE", "nOnE").map((m) => m),
);

describe("numberIn", () => {
  it("reads a cell as the loader did before (Number of the trimmed text, markers NaN), for any cell text (property)", () => {
    fc.assert(
      fc.property(cellText, fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), (cell, before, after) => {
        const text = `${before.replaceAll(",", "")},${cell},${after}`;
        const start = text.indexOf(",") + 1;
        expect(
          Object.is(numberIn(text, start, start + cell.length), numericBefore(cell)) || numberIn(text, start, start + cell.length) === numericBefore(cell),
        ).toBe(true);
      }),
      { numRuns: 3_000 },
    );
  });
});

describe("reading a table's CSV", () => {
  const dir = mkdtempSync(join(tmpdir(), "cc-table-csv-"));
  const options = { id: "id", label: "y", categorical: ["sector"] };

  /** Loads CSV text from a file, or the error messages. */
  const load = async (csv: string) => {
    const path = join(dir, "t.csv");
    writeFileSync(path, csv);
    try {
      return await loadTableFile(path, options);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return e.issues.map((i) => i.message.replace(path, "t.csv"));
    }
  };

  it("gives the objects path's columns, summaries and errors for any table (property)", async () => {
    const row = fc.record({ y: fc.constantFrom("0", "1"), sector: fc.constantFrom("A", "B", "NA", ""), x: cellText, z: cellText });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 30 }), async (rows) => {
        const csv = `id,y,sector,x,z\n${rows.map((r, i) => `E${i},${r.y},${r.sector},${r.x},${r.z}`).join("\n")}\n`;
        let expected: unknown;
        try {
          expected = tableFromObjects(
            rows.map((r, i) => ({ id: `E${i}`, ...r })),
            options,
          );
        } catch (e) {
          if (!(e instanceof ValidationError)) throw e;
          // The objects path names rows by number, the file by line (the header is line 1).
          expected = e.issues.map((i) => i.message.replace(/^objects:(\d+)/, (_, n) => `t.csv:${Number(n) + 1}`));
        }
        const got = await load(csv);
        if (Array.isArray(expected)) expect(got).toEqual(expected);
        else {
          const t = got as Awaited<ReturnType<typeof loadTableFile>>;
          const e = expected as typeof t;
          expect(t.columns).toEqual(e.columns);
          expect(t.frame.ids()).toEqual(e.frame.ids());
          for (const name of ["sector", "x", "z"]) expect([...t.frame.column(name)]).toEqual([...e.frame.column(name)]);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("reads a file without quotes in place exactly as through the tokenizer, however the text is cut (property)", async () => {
    const line = fc.oneof(
      fc.tuple(cellText, cellText).map(([a, b]) => `,1,A,${a},${b}`),
      fc.constantFrom("", "\r", ",0,B,1", ",0,B,1,2,3", ",1,,,", ",1,A,NA,-"),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 20 }), fc.array(fc.nat(), { maxLength: 4 }), fc.boolean(), async (lines, cuts, crlf) => {
        const eol = crlf ? "\r\n" : "\n";
        const text = `id,y,sector,x,z${eol}${lines.map((l, i) => (l === "" || l === "\r" ? l : `E${i}${l}`)).join(eol)}`;
        // The same records with every id quoted go through the tokenizer.
        const quoted = text.replace(/^E(\d+),/gm, '"E$1",');
        const positions = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...positions].map((p, k) => text.slice(p, [...positions, text.length][k]));
        const roles = { text: new Set<string | undefined>(["id", "y", "sector"]), skipped: () => false };
        const read = async (chunks: string[]) => {
          try {
            const r = await readTableCsv("t.csv", chunks, roles);
            return { ...r, parsed: r.parsed.map((c) => c && { values: [...c.values.subarray(0, c.length)], missing: c.missing, bad: c.bad }) };
          } catch (e) {
            if (!(e instanceof ValidationError)) throw e;
            return e.issues;
          }
        };
        expect(await read(pieces)).toEqual(await read([quoted]));
      }),
      { numRuns: 300 },
    );
  });

  it("sends a line over the record limit to the tokenizer, which rejects it", async () => {
    const long = `E1,1,A,${"1".repeat(70_000)},2`;
    expect(await load(`id,y,sector,x,z\n${long}\nE2,0,B,1,2\n`)).toEqual(["t.csv:2: 1 fields, the header has 5"]);
  });
});
