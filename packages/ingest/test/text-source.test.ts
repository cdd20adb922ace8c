import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { readTextFile } from "../src/index.js";
import { detectEncoding, encodingIssue } from "../src/text-source.js";
import { tempDir } from "./helpers.js";

async function readAll(path: string, encoding: "auto" | "utf-8" | "gb18030" = "auto"): Promise<{ text: string; encoding: string; sha256: string }> {
  const source = readTextFile(path, encoding);
  let text = "";
  for await (const chunk of source.chunks) text += chunk;
  const { encoding: used, sha256 } = source.summary();
  return { text, encoding: used, sha256 };
}

describe("readTextFile", () => {
  const dir = tempDir();
  const content = "名称,地址\n杭州市西湖区某某商行,文三路\n".repeat(5000);

  it("reads UTF-8 with a BOM and strips it", async () => {
    const path = join(dir, "bom.csv");
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(content, "utf8")]);
    writeFileSync(path, bytes);
    const got = await readAll(path);
    expect(got.text).toBe(content);
    expect(got.encoding).toBe("utf-8");
    expect(got.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
  });

  it("detects GB18030 and decodes it across chunk boundaries", async () => {
    const path = join(dir, "gb.csv");
    writeFileSync(path, iconv.encode(content, "gb18030"));
    const got = await readAll(path);
    expect(got.encoding).toBe("gb18030");
    expect(got.text).toBe(content);
  });

  it("honours an explicit encoding", async () => {
    const path = join(dir, "small.csv");
    writeFileSync(path, iconv.encode("中文\n", "gbk"));
    expect((await readAll(path, "gb18030")).text).toBe("中文\n");
  });
});

describe("encoding by a vote of lines (issue 14)", () => {
  const dir = tempDir();
  const rows = Array.from({ length: 200 }, (_, i) => `9133010600000000${String(i).padStart(2, "0")},杭州市西湖区某某商行${i},文三路${i}号`);

  it("keeps a UTF-8 file UTF-8 when one row is GBK, and only that row decodes with U+FFFD", async () => {
    const path = join(dir, "gbk-row.csv");
    writeFileSync(path, Buffer.concat([Buffer.from(`${rows.slice(0, 199).join("\n")}\n`), iconv.encode(`${rows[199]}\n`, "gbk")]));
    const got = await readAll(path);
    expect(got.encoding).toBe("utf-8");
    const lines = got.text.split("\n");
    expect(lines.slice(0, 199)).toEqual(rows.slice(0, 199));
    expect(lines.map((l, i) => (l.includes("\uFFFD") ? i + 1 : 0)).filter((n) => n > 0)).toEqual([200]);
    // The GBK row's delimiters survive: only its Chinese characters are lost.
    expect(lines[199]?.split(",")).toHaveLength(3);
  });

  it("keeps a UTF-8 file UTF-8 when one name is Latin-1", async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${rows.slice(0, 100).join("\n")}\n`),
      iconv.encode("x,Café René,Rue\n", "latin1"),
      Buffer.from(`${rows.slice(100).join("\n")}\n`),
    ]);
    expect(detectEncoding(bytes, "auto")).toBe("utf-8");
  });

  it("still reads a GB18030 file as GB18030, even with a UTF-8 row in it", async () => {
    const bytes = Buffer.concat([iconv.encode(`${rows.slice(0, 150).join("\n")}\n`, "gb18030"), Buffer.from(`${rows.slice(150).join("\n")}\n`)]);
    expect(detectEncoding(bytes, "auto")).toBe("gb18030");
    // A tie (one line each way) and pure ASCII stay UTF-8; a file with only GB18030 lines is GB18030.
    expect(detectEncoding(Buffer.concat([Buffer.from("中\n"), iconv.encode("中\n", "gbk")]), "auto")).toBe("utf-8");
    expect(detectEncoding(Buffer.from("a,b\n1,2\n"), "auto")).toBe("utf-8");
    expect(detectEncoding(iconv.encode("a,b\n1,中\n", "gbk"), "auto")).toBe("gb18030");
  });

  it("allows a character cut at the end of the probe, but not at the end of a line", () => {
    const cut = Buffer.from("名称\n杭州").subarray(0, -1);
    expect(detectEncoding(cut, "auto")).toBe("utf-8");
    expect(detectEncoding(Buffer.concat([cut, Buffer.from("\n"), iconv.encode("杭州\n", "gbk")]), "auto")).toBe("gb18030");
  });

  it("decides on the first 64 KiB only, as the bulk path's probe does", async () => {
    const path = join(dir, "late-gbk.csv");
    const head = Buffer.from(`${rows.join("\n")}\n`.repeat(6));
    expect(head.length).toBeGreaterThan(64 * 1024);
    writeFileSync(path, Buffer.concat([head, iconv.encode(`${rows.join("\n")}\n`.repeat(10), "gbk")]));
    expect((await readAll(path)).encoding).toBe("utf-8");
  });

  it("honours an explicit encoding whatever the lines say", () => {
    expect(detectEncoding(iconv.encode("中文\n", "gbk"), "utf-8")).toBe("utf-8");
    expect(detectEncoding(Buffer.from("中文\n"), "gb18030")).toBe("gb18030");
  });

  it("names the field that holds U+FFFD", () => {
    expect(encodingIssue("name", "\uFFFD\uFFFD公司")).toEqual({
      code: "invalid_encoding",
      field: "name",
      value: "\uFFFD\uFFFD公司",
      expected: "text in the file's encoding",
      message: "name has bytes that are not valid in the file's encoding (U+FFFD at character 1)",
    });
    expect(encodingIssue("name", "杭州某某商行")).toBeUndefined();
  });
});
