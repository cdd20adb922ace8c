import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderWarningDocs } from "../../../scripts/warning-docs.js";

describe("docs/warning-rules.md", () => {
  it("matches the national rule set (run pnpm docs:warning after changing it)", () => {
    expect(readFileSync(new URL("../../../docs/warning-rules.md", import.meta.url), "utf8")).toBe(renderWarningDocs());
  });
});
