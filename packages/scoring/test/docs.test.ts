import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderModelDocs } from "../../../scripts/model-docs.js";

describe("docs/scoring-model.md", () => {
  it("matches the default model set (run pnpm docs:model after changing it)", () => {
    expect(readFileSync(new URL("../../../docs/scoring-model.md", import.meta.url), "utf8")).toBe(renderModelDocs());
  });
});
