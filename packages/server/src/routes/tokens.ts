/**
 * Token management for admins: list, issue (the secret is returned once), revoke.
 * @module
 */
import { API_ROLES, createApiToken, listApiTokens, revokeApiToken } from "@creditclass/store";
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { ServiceApp, ServiceContext } from "../context.js";
import { allow } from "../http/guard.js";
import { ApiProblem, apiIssue, errorResponses } from "../http/problems.js";

const tokenSchema = z
  .object({ id: z.string(), name: z.string(), role: z.enum(API_ROLES), region: z.string(), created: z.string(), revoked: z.string().nullable() })
  .meta({ id: "Token" });

const list = createRoute({
  method: "get",
  path: "/v1/tokens",
  tags: ["tokens"],
  summary: "The API tokens (never their secrets)",
  responses: {
    200: { description: "Tokens", content: { "application/json": { schema: z.object({ tokens: z.array(tokenSchema) }) } } },
    ...errorResponses(403),
  },
});

const create = createRoute({
  method: "post",
  path: "/v1/tokens",
  tags: ["tokens"],
  summary: "Issue a token",
  request: {
    body: {
      content: {
        "application/json": {
          schema: z
            .object({
              name: z.string().min(1).max(200),
              role: z.enum(API_ROLES),
              region: z.string().regex(/^\d{2}(\d{2}){0,2}$/, "a GB/T 2260 prefix of 2, 4 or 6 digits"),
            })
            .strict(),
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: "The token and its secret, shown this once",
      content: { "application/json": { schema: z.object({ token: tokenSchema, secret: z.string() }) } },
    },
    ...errorResponses(400, 403),
  },
});

const revoke = createRoute({
  method: "delete",
  path: "/v1/tokens/{id}",
  tags: ["tokens"],
  summary: "Revoke a token (it stops authenticating at once)",
  request: { params: z.object({ id: z.string().regex(/^[0-9a-f]{12}$/) }) },
  responses: { 200: { description: "The revoked token", content: { "application/json": { schema: tokenSchema } } }, ...errorResponses(400, 403, 404) },
});

/**
 * Registers the token routes.
 *
 * @param app - The app.
 * @param ctx - The service.
 */
export function tokenRoutes(app: ServiceApp, ctx: ServiceContext): void {
  app.openapi(list, async (c) => {
    allow(c, "manage_tokens");
    const tokens = await ctx.admins.run(() => listApiTokens(ctx.admin));
    return c.json({ tokens: tokens.map(({ digest: _, ...t }) => t) }, 200);
  });
  app.openapi(create, async (c) => {
    allow(c, "manage_tokens");
    const created = await ctx.admins.run(() => createApiToken(ctx.admin, c.req.valid("json")));
    await ctx.admins.run(() => ctx.tokens.reload());
    return c.json(created, 201);
  });
  app.openapi(revoke, async (c) => {
    allow(c, "manage_tokens");
    const { id } = c.req.valid("param");
    const known = (await ctx.admins.run(() => listApiTokens(ctx.admin))).some((t) => t.id === id);
    if (!known) throw new ApiProblem(404, [apiIssue("not_found", `no token ${id}`, ["id"])]);
    const token = await ctx.admins.run(() => revokeApiToken(ctx.admin, id));
    await ctx.admins.run(() => ctx.tokens.reload());
    return c.json(token, 200);
  });
}
