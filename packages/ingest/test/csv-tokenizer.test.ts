import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { tokenizeCsv } from "../src/index.js";

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
