import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { readTextFile } from "../src/index.js";
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
