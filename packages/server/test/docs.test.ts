import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderServiceDocs } from "../../../scripts/service-docs.js";

describe("docs/openapi.json and docs/service-api.html", () => {
  it("match the routes' schemas (run pnpm docs:service after changing a route)", () => {
    const { openapi, html } = renderServiceDocs();
    expect(readFileSync(new URL("../../../docs/openapi.json", import.meta.url), "utf8")).toBe(openapi);
    expect(readFileSync(new URL("../../../docs/service-api.html", import.meta.url), "utf8")).toBe(html);
  });

  it("documents every route with its bearer security, errors as issue lists", () => {
    const doc = JSON.parse(renderServiceDocs().openapi);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.paths["/health"].get.security).toEqual([]);
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
      if (path === "/health") continue;
      for (const op of Object.values(methods)) expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["401", "429"]));
    }
  });
});
