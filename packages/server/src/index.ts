/**
 * `@creditclass/server`: the HTTP API for supervision platforms — API tokens with roles and
 * region scope, an access log of every read, the tamper-evident history, the exchange format, and
 * the OpenAPI 3.1 document generated from the zod schemas. Built on Hono.
 * @packageDocumentation
 */
export { openApiDocument } from "./app.js";
export type { ServerConfig } from "./config/server-config.js";
export { parseServerConfig, serverConfigSchema } from "./config/server-config.js";
export { renderDocsPage } from "./openapi/docs-page.js";
export type { RunningService, ServiceOptions } from "./serve.js";
export { startService } from "./serve.js";
