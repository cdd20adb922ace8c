import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderCliDocs } from "../../../scripts/cli-docs.js";

describe("docs/cli.md", () => {
  it("matches the commands' help (run pnpm docs:cli after changing a command)", () => {
    expect(readFileSync(new URL("../../../docs/cli.md", import.meta.url), "utf8")).toBe(renderCliDocs());
  });
});
