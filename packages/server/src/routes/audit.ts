/**
 * For auditors: the access log, the chain of seals, and verifying the history against the tables.
 * @module
 */
import { historySeals, readAccessLog, verifyHistory } from "@creditclass/store";
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { ServiceApp, ServiceContext } from "../context.js";
import { allow } from "../http/guard.js";
import { errorResponses } from "../http/problems.js";
import { sealSchema, usccSchema } from "../http/schemas.js";

const accessEntrySchema = z
  .object({
    seq: z.number(),
    at: z.string(),
    tokenId: z.string(),
    role: z.string(),
    region: z.string(),
    method: z.string(),
    path: z.string(),
    what: z.string(),
    subjects: z.string(),
    results: z.number(),
    status: z.number(),
  })
  .meta({ id: "AccessEntry" });

const log = createRoute({
  method: "get",
  path: "/v1/access-log",
  tags: ["audit"],
  summary: "Who read what (访问日志)",
  request: {
    query: z.object({
      token: z.string().max(100).optional(),
      uscc: usccSchema.optional(),
      from: z.string().max(40).optional().meta({ description: "ISO time, inclusive" }),
      to: z.string().max(40).optional(),
      limit: z.coerce.number().int().min(1).optional(),
    }),
  },
  responses: {
    200: { description: "Entries, newest first", content: { "application/json": { schema: z.object({ entries: z.array(accessEntrySchema) }) } } },
    ...errorResponses(400, 403),
  },
});

const seals = createRoute({
  method: "get",
  path: "/v1/history",
  tags: ["audit"],
  summary: "The chain of seals of stored months (结果存证链)",
  responses: {
    200: {
      description: "Seals, oldest first, and the head",
      content: { "application/json": { schema: z.object({ seals: z.array(sealSchema), head: z.string() }) } },
    },
    ...errorResponses(403),
  },
});

const verify = createRoute({
  method: "get",
  path: "/v1/history/verify",
  tags: ["audit"],
  summary: "Recompute the chain against the tables (校验结果是否被篡改)",
  responses: {
    200: {
      description: "`ok` with the head, or the first month and row that no longer match",
      content: {
        "application/json": {
          schema: z.object({
            ok: z.boolean(),
            seals: z.number(),
            head: z.string().optional(),
            months: z.number().optional(),
            period: z.string().optional(),
            seq: z.number().optional(),
            kind: z.string().optional(),
            part: z.string().optional(),
            row: z.number().optional(),
            rowText: z.string().optional(),
            message: z.string().optional(),
          }),
        },
      },
    },
    ...errorResponses(403),
  },
});

/**
 * Registers the audit routes.
 *
 * @param app - The app.
 * @param ctx - The service.
 */
export function auditRoutes(app: ServiceApp, ctx: ServiceContext): void {
  app.openapi(log, async (c) => {
    allow(c, "read_access_log");
    const q = c.req.valid("query");
    await ctx.access.flush();
    const entries = await ctx.reads.run(() =>
      readAccessLog(ctx.reader, {
        ...(q.token === undefined ? {} : { tokenId: q.token }),
        ...(q.uscc === undefined ? {} : { uscc: q.uscc }),
        ...(q.from === undefined ? {} : { from: q.from }),
        ...(q.to === undefined ? {} : { to: q.to }),
        limit: Math.min(q.limit ?? ctx.config.limits.listRows, ctx.config.limits.listRows),
      }),
    );
    return c.json({ entries }, 200);
  });
  app.openapi(seals, async (c) => {
    allow(c, "verify_history");
    const all = await ctx.reads.run(() => historySeals(ctx.reader));
    return c.json({ seals: all.map((s) => ({ ...s, parts: [...s.parts] })), head: all.at(-1)?.head ?? "" }, 200);
  });
  app.openapi(verify, async (c) => {
    allow(c, "verify_history");
    const verdict = await ctx.reads.run(() => verifyHistory(ctx.reader));
    return c.json(verdict, 200);
  });
}
