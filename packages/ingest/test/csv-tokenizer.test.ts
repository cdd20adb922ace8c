import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import type { CsvTokenizerOptions } from "../src/csv-tokenizer.js";
import type { CsvRecord } from "../src/index.js";
import { tokenizeCsv } from "../src/index.js";
import { expectEveryLineInOneRecord } from "./line-accounting.js";

async function collect(chunks: string[]): Promise<{ fields: string[]; line: number }[]> {
  const out: { fields: string[]; line: number }[] = [];
  for await (const batch of tokenizeCsv(chunks)) out.push(...batch);
  return out;
}

function cut(text: string, points: number[]): string[] {
  const sorted = [...new Set(points.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  const parts: string[] = [];
  let last = 0;
  for (const p of sorted) {
    parts.push(text.slice(last, p));
    last = p;
  }
  parts.push(text.slice(last));
  return parts;
}

describe("tokenizeCsv", () => {
  it("handles quotes, doubled quotes, quoted line breaks and CRLF, with line numbers", async () => {
    const text = 'a,b,c\r\n1,"x, y",3\r\n2,"he said ""hi""",4\n3,"two\nlines",5\n4,,\n';
    const records = await collect(cut(text, [3, 9, 10, 25, 33]));
    expect(records).toEqual([
      { fields: ["a", "b", "c"], line: 1 },
      { fields: ["1", "x, y", "3"], line: 2 },
      { fields: ["2", 'he said "hi"', "4"], line: 3 },
      { fields: ["3", "two\nlines", "5"], line: 4 },
      { fields: ["4", "", ""], line: 6 },
    ]);
  });

  it("reads a last line without a newline", async () => {
    expect(await collect(["a,b\n1,2"])).toEqual([
      { fields: ["a", "b"], line: 1 },
      { fields: ["1", "2"], line: 2 },
    ]);
  });

  it("property: agrees with papaparse however the text is chunked", async () => {
    const field = fc.oneof(fc.string({ unit: fc.constantFrom("a", "中", ",", '"', "\n", " ", "1") }), fc.constant(""));
    const table = fc.integer({ min: 1, max: 4 }).chain((w) => fc.array(fc.array(field, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 12 }));
    await fc.assert(
      fc.asyncProperty(table, fc.array(fc.nat(), { maxLength: 6 }), async (rows, points) => {
        fc.pre(rows.every((r) => !(r.length === 1 && r[0] === "")));
        const text = `${Papa.unparse(rows, { newline: "\n" })}\n`;
        const expected = Papa.parse<string[]>(text, { newline: "\n", skipEmptyLines: false }).data.filter((r) => !(r.length === 1 && r[0] === ""));
        const got = await collect(cut(text, points));
        expect(got.map((r) => r.fields)).toEqual(expected);
      }),
    );
  });
});

async function records(chunks: string[], options: CsvTokenizerOptions = {}): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const batch of tokenizeCsv(chunks, options)) out.push(...batch);
  return out;
}

/** A record as `[line, fields]`, or `[line, text, issue code]` when it has an issue. */
const brief = (r: CsvRecord): [number, string[] | string, string?] => (r.issue === undefined ? [r.line, r.fields] : [r.line, r.fields.join(","), r.issue.code]);

describe("tokenizeCsv on malformed quotes (issue 14)", () => {
  it("reads the line of a stray quote alone and resumes at the next line, instead of swallowing the rest of the file", async () => {
    const rows = Array.from({ length: 200 }, (_, i) => `${i + 1},name ${i + 1},addr ${i + 1}`);
    rows[9] = '10,"name 10,addr 10';
    const got = await records([`id,name,address\n${rows.join("\n")}\n`]);
    expect(got).toHaveLength(201);
    expect(got[10]).toEqual({
      fields: ['10,"name 10,addr 10'],
      line: 11,
      issue: {
        code: "unbalanced_quote",
        line: 11,
        value: '10,"name 10,addr 10',
        expected: "a quoted field closed before the record ends",
        message:
          "unbalanced quote: the quoted field opened on line 11 is still open after 100 lines; the line is read alone and the next line starts a new record",
      },
    });
    expect(got.filter((r) => r.issue !== undefined)).toHaveLength(1);
    expect(got.slice(11).map((r) => r.fields)).toEqual(rows.slice(10).map((r) => r.split(",")));
    expect(got[200]?.line).toBe(201);
  });

  it("names why: a quote never closed, a closing quote followed by text, the wrong field count", async () => {
    const text = 'a,b,c\n1,"x,y\n2,q,r\n3,"s,t\n4,u",v,w\n5,w,x\n6,"never\n';
    expect((await records([text])).map((r) => [r.line, r.issue?.code, r.issue?.message])).toEqual([
      [1, undefined, undefined],
      [2, "unbalanced_quote", expect.stringContaining("opened on line 2 would run over 3 lines to a quote that is not followed by a delimiter or a line end")],
      [3, undefined, undefined],
      [4, "unbalanced_quote", expect.stringContaining("opened on line 4 would run over 2 lines and make 4 fields, the header has 3")],
      [5, undefined, undefined],
      [6, undefined, undefined],
      [
        7,
        "unbalanced_quote",
        "unbalanced quote: the quoted field opened on line 7 is never closed; the line is read alone and the next line starts a new record",
      ],
    ]);
  });

  it("still reads legitimate quoted line breaks, also with empty fields after the last column", async () => {
    const text = 'a,b,c\r\n1,"two\r\nlines",x\r\n2,"three\nshort\nlines",y,,\n3,z,w\n';
    expect((await records([text])).map(brief)).toEqual([
      [1, ["a", "b", "c"]],
      [2, ["1", "two\r\nlines", "x"]],
      [4, ["2", "three\nshort\nlines", "y", "", ""]],
      [7, ["3", "z", "w"]],
    ]);
  });

  it("keeps papaparse's reading of a quote inside a one-line record", async () => {
    expect((await records(['a,b\n1,"x"y\n2,ab"c\n'])).map(brief)).toEqual([
      [1, ["a", "b"]],
      [2, ["1", "xy"]],
      [3, ["2", 'ab"c']],
    ]);
  });

  it("limits a record to maxRecordLines lines and maxRecordChars characters, however the text is cut", async () => {
    const text = `a,b\n1,"${"l\n".repeat(4)}",x\n2,"${"c".repeat(25)}\n${"c".repeat(25)}"\n3,${"z".repeat(50)}\r\n4,ok\n`;
    const expected = [
      [1, ["a", "b"]],
      [2, '1,"l', "unbalanced_quote"],
      [3, ["l"]],
      [4, ["l"]],
      [5, ["l"]],
      [6, '",x', "unbalanced_quote"],
      [7, `2,"${"c".repeat(25)}`, "unbalanced_quote"],
      [8, [`${"c".repeat(25)}"`]],
      [9, `3,${"z".repeat(38)}`, "malformed_record"],
      [10, ["4", "ok"]],
    ];
    const options = { maxRecordLines: 3, maxRecordChars: 40 };
    expect((await records([text], options)).map(brief)).toEqual(expected);
    for (const size of [1, 3, 7, 41]) {
      const chunks = text.match(new RegExp(`[^]{1,${size}}`, "g")) ?? [];
      expect((await records(chunks, options)).map(brief), `chunks of ${size}`).toEqual(expected);
    }
    const got = await records([text], options);
    expect(got[2 - 1]?.issue?.message).toBe(
      "unbalanced quote: the quoted field opened on line 2 is still open after 3 lines; the line is read alone and the next line starts a new record",
    );
    expect(got[6]?.issue?.message).toContain("opened on line 7 runs past 40 characters");
    expect(got[8]?.issue?.message).toBe("line 9 is 52 characters long, more than the 40 a record may have");
  });

  it("marks a field with U+FFFD (bytes not valid in the file's encoding) and names it by the header", async () => {
    const got = await records(["uscc,name\nA,ok\nB,\uFFFD\uFFFDco\n"]);
    expect(got[2]).toEqual({
      fields: ["B", "\uFFFD\uFFFDco"],
      line: 3,
      issue: {
        code: "invalid_encoding",
        field: "name",
        line: 3,
        value: "\uFFFD\uFFFDco",
        expected: "text in the file's encoding",
        message: "name has bytes that are not valid in the file's encoding (U+FFFD at character 1)",
      },
    });
    expect(got[1]?.issue).toBeUndefined();
  });

  it("property: on any text, records do not depend on chunking, and every line that is not blank is in exactly one record", async () => {
    const piece = fc.constantFrom("a", "中", ",", '"', '""', "\n", "\r\n", "\r", " ", "1", "\uFFFD", "\u0000", "xyz,", '",');
    const body = fc.array(piece, { maxLength: 120 }).map((p) => p.join(""));
    const options = fc.record({ maxRecordLines: fc.integer({ min: 1, max: 6 }), maxRecordChars: fc.integer({ min: 3, max: 40 }) });
    await fc.assert(
      fc.asyncProperty(body, fc.array(fc.nat(), { maxLength: 8 }), options, async (text, points, limits) => {
        const whole = await records([text], limits);
        expect(await records(cut(text, points), limits)).toEqual(whole);
        expectEveryLineInOneRecord(text, whole);
      }),
      { numRuns: 300 },
    );
  });
});
