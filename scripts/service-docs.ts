/**
 * Writes the service's OpenAPI 3.1 document and its HTML page into docs/, from the routes' zod
 * schemas (`pnpm docs:service`), so the reference opens from disk and never drifts; a test fails
 * when the committed files are stale.
 * @module
 */
import { writeFileSync } from "node:fs";
import { openApiDocument, renderDocsPage } from "@creditclass/server";

/**
 * The two files.
 *
 * @returns `docs/openapi.json` and `docs/service-api.html` contents.
 * @example
 * JSON.parse(renderServiceDocs().openapi).openapi //=> "3.1.0"
 */
export function renderServiceDocs(): { openapi: string; html: string } {
  const document = openApiDocument();
  return { openapi: `${JSON.stringify(document, null, 2)}\n`, html: renderDocsPage(document) };
}

if (process.argv[1]?.endsWith("service-docs.ts")) {
  const { openapi, html } = renderServiceDocs();
  writeFileSync(new URL("../docs/openapi.json", import.meta.url), openapi);
  writeFileSync(new URL("../docs/service-api.html", import.meta.url), html);
}
