/**
 * Enterprises: one enterprise's current class, score, reasons, override and monthly history; a
 * batch lookup. Only enterprises under the token's region prefix exist for it.
 * @module
 */
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { ServiceApp, ServiceContext } from "../context.js";
import { allow, logRead } from "../http/guard.js";
import { ApiProblem, apiIssue, errorResponses } from "../http/problems.js";
import { enterpriseResultSchema, usccSchema } from "../http/schemas.js";

const one = createRoute({
  method: "get",
  path: "/v1/enterprises/{uscc}",
  tags: ["enterprises"],
  summary: "One enterprise's class, reasons and history (企业信用风险分类结果)",
  description: "The latest classified month's class, score, reasons (zh/en) and override, with the class of every stored month. Logged.",
  request: { params: z.object({ uscc: usccSchema }) },
  responses: {
    200: { description: "The enterprise", content: { "application/json": { schema: enterpriseResultSchema } } },
    ...errorResponses(400, 403, 404),
  },
});

const batch = createRoute({
  method: "post",
  path: "/v1/enterprises/lookup",
  tags: ["enterprises"],
  summary: "Many enterprises at once (批量查询)",
  description: "Up to the configured batch size (default 1,000) codes; codes outside the scope or unknown are listed in `notFound`. Logged.",
  request: { body: { content: { "application/json": { schema: z.object({ codes: z.array(z.string()).min(1) }) } }, required: true } },
  responses: {
    200: {
      description: "The enterprises found in scope, in the order asked",
      content: { "application/json": { schema: z.object({ enterprises: z.array(enterpriseResultSchema), notFound: z.array(z.string()) }) } },
    },
    ...errorResponses(400, 403, 413),
  },
});

/**
 * Registers the enterprise routes.
 *
 * @param app - The app.
 * @param ctx - The service.
 */
export function enterpriseRoutes(app: ServiceApp, ctx: ServiceContext): void {
  app.openapi(one, (c) => {
    const p = allow(c, "read_enterprises");
    const { uscc } = c.req.valid("param");
    const found = ctx.snapshot.lookup(uscc, p.region);
    logRead(ctx, c, "enterprise", uscc, found === undefined ? 0 : 1, found === undefined ? 404 : 200);
    if (found === undefined) throw new ApiProblem(404, [apiIssue("not_found", `no classified enterprise ${uscc} in region ${p.region}`, ["uscc"])]);
    return c.json(found, 200);
  });
  app.openapi(batch, (c) => {
    const p = allow(c, "read_enterprises");
    const { codes } = c.req.valid("json");
    if (codes.length > ctx.config.limits.batchCodes)
      throw new ApiProblem(413, [apiIssue("payload_too_large", `${codes.length} codes; at most ${ctx.config.limits.batchCodes} per request`, ["codes"])]);
    const snapshot = ctx.snapshot;
    const enterprises = [];
    const notFound: string[] = [];
    for (const code of codes) {
      const found = snapshot.lookup(code, p.region);
      if (found === undefined) notFound.push(code);
      else enterprises.push(found);
    }
    logRead(ctx, c, "enterprises", enterprises.map((e) => e.uscc).join(","), enterprises.length);
    return c.json({ enterprises, notFound }, 200);
  });
}
