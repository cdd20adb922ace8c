import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderIndicatorDocs } from "../../../scripts/indicator-docs.js";

describe("docs/indicators.md", () => {
  it("matches the catalog (run pnpm docs:indicators after changing it)", () => {
    expect(readFileSync(new URL("../../../docs/indicators.md", import.meta.url), "utf8")).toBe(renderIndicatorDocs());
  });
});
