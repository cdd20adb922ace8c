import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderCliDocs } from "../../../scripts/cli-docs.js";
import { CONFIG_DOCUMENTS, jsonSchema, renderConfigDocs } from "../../../scripts/config-docs.js";

describe("docs/cli.md", () => {
  it("matches the commands' help (run pnpm docs:cli after changing a command)", () => {
    expect(readFileSync(new URL("../../../docs/cli.md", import.meta.url), "utf8")).toBe(renderCliDocs());
  });
});

describe("docs/config-reference.md and docs/schemas/", () => {
  it("match the zod schemas (run pnpm docs:config after changing one)", () => {
    expect(readFileSync(new URL("../../../docs/config-reference.md", import.meta.url), "utf8")).toBe(renderConfigDocs());
    for (const doc of CONFIG_DOCUMENTS)
      expect(JSON.parse(readFileSync(new URL(`../../../docs/schemas/${doc.file}.json`, import.meta.url), "utf8"))).toEqual(jsonSchema(doc.schema));
  });
});
