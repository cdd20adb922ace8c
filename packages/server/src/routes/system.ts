/**
 * Health (the only route without a token) and version.
 * @module
 */
import { SCHEMA_VERSION } from "@creditclass/store";
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { ServiceApp, ServiceContext } from "../context.js";
import { errorResponses } from "../http/problems.js";

/** The service's version. */
export const SERVICE_VERSION = "0.1.0";

const health = createRoute({
  method: "get",
  path: "/health",
  tags: ["system"],
  summary: "Liveness (no token needed; tells nothing about the results)",
  security: [],
  responses: { 200: { description: "Up", content: { "application/json": { schema: z.object({ status: z.literal("ok") }) } } } },
});

const version = createRoute({
  method: "get",
  path: "/v1/version",
  tags: ["system"],
  summary: "Versions, the latest month and the history's head",
  responses: {
    200: {
      description: "Versions",
      content: {
        "application/json": {
          schema: z.object({
            service: z.string(),
            api: z.literal("v1"),
            schemaVersion: z.number(),
            latestMonth: z.string().nullable(),
            head: z.string(),
            modelSet: z.string(),
          }),
        },
      },
    },
    ...errorResponses(),
  },
});

/**
 * Registers health and version.
 *
 * @param app - The app.
 * @param ctx - The service.
 */
export function systemRoutes(app: ServiceApp, ctx: ServiceContext): void {
  app.openapi(health, (c) => c.json({ status: "ok" as const }, 200));
  app.openapi(version, (c) =>
    c.json(
      {
        service: SERVICE_VERSION,
        api: "v1" as const,
        schemaVersion: SCHEMA_VERSION,
        latestMonth: ctx.snapshot.latest?.period ?? null,
        head: ctx.snapshot.head,
        modelSet: ctx.models.id,
      },
      200,
    ),
  );
}
