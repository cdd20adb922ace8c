/**
 * Alerts: stored alerts by month, region, rule or enterprise with their state (the measure after
 * escalation, open or closed, disposals), and recording a disposal — in the token's scope.
 * @module
 */
import { parseDayNumber } from "@creditclass/core";
import { alertStatusesIn } from "@creditclass/pipeline";
import { recordDisposal } from "@creditclass/store";
import { DEFAULT_ESCALATION } from "@creditclass/warning";
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { ServiceApp, ServiceContext } from "../context.js";
import { allow, logRead } from "../http/guard.js";
import { ApiProblem, apiIssue, errorResponses } from "../http/problems.js";
import { alertSchema, periodParam, usccSchema } from "../http/schemas.js";
import { scopedRegion } from "../http/scope.js";

const day = z.string().refine((v) => !Number.isNaN(parseDayNumber(v)), "a calendar date YYYY-MM-DD");

const list = createRoute({
  method: "get",
  path: "/v1/alerts",
  tags: ["alerts"],
  summary: "Stored alerts and their state (预警列表)",
  request: {
    query: z.object({
      period: periodParam.optional(),
      region: z
        .string()
        .regex(/^\d{2,6}$/)
        .optional()
        .meta({ description: "Region prefix, inside the token's scope" }),
      rule: z.string().max(100).optional(),
      uscc: usccSchema.optional(),
      asOf: day.optional().meta({ description: "The day the state is judged on (default today)" }),
      limit: z.coerce.number().int().min(1).optional(),
    }),
  },
  responses: {
    200: {
      description: "Alerts by day, rule and code",
      content: { "application/json": { schema: z.object({ alerts: z.array(alertSchema), truncated: z.boolean() }) } },
    },
    ...errorResponses(400, 403),
  },
});

const dispose = createRoute({
  method: "post",
  path: "/v1/alerts/{id}/disposals",
  tags: ["alerts"],
  summary: "Record what was done about an alert (预警处置)",
  request: {
    params: z.object({ id: z.string().min(1).max(200).meta({ description: "rule/uscc/day" }) }),
    body: {
      content: {
        "application/json": {
          schema: z.object({ day: day, by: z.string().min(1).max(200), action: z.string().min(1).max(2000), resolved: z.boolean() }).strict(),
        },
      },
      required: true,
    },
  },
  responses: {
    201: {
      description: "Recorded",
      content: {
        "application/json": { schema: z.object({ alertId: z.string(), day: z.string(), by: z.string(), action: z.string(), resolved: z.boolean() }) },
      },
    },
    ...errorResponses(400, 403, 404),
  },
});

/**
 * Registers the alert routes.
 *
 * @param app - The app.
 * @param ctx - The service.
 */
export function alertRoutes(app: ServiceApp, ctx: ServiceContext): void {
  app.openapi(list, async (c) => {
    const p = allow(c, "read_alerts");
    const q = c.req.valid("query");
    const region = scopedRegion(p, q.region);
    // Today in China's calendar.
    const asOf = q.asOf ?? new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    const statuses =
      region === undefined
        ? []
        : await ctx.reads.run(() =>
            alertStatusesIn(ctx.reader, asOf, DEFAULT_ESCALATION, {
              region,
              ...(q.period === undefined ? {} : { period: q.period as never }),
              ...(q.rule === undefined ? {} : { rule: q.rule }),
              ...(q.uscc === undefined ? {} : { uscc: q.uscc }),
            }),
          );
    const limit = Math.min(q.limit ?? ctx.config.limits.listRows, ctx.config.limits.listRows);
    const alerts = statuses.slice(0, limit).map((s) => ({
      id: s.alert.id,
      rule: s.alert.ruleId,
      uscc: s.alert.uscc,
      period: s.alert.period,
      day: s.alert.day,
      severity: s.alert.severity,
      ruleMeasure: s.alert.measure,
      measure: s.measure,
      open: s.open,
      closedOn: s.closedOn ?? null,
      disposals: s.disposals.map((d) => ({ day: d.day, by: d.by, action: d.action, resolved: d.resolved })),
      evidence: { ...s.alert.evidence },
    }));
    logRead(ctx, c, "alerts", [...new Set(alerts.map((a) => a.uscc))].join(","), alerts.length);
    return c.json({ alerts, truncated: statuses.length > limit }, 200);
  });
  app.openapi(dispose, async (c) => {
    const p = allow(c, "dispose_alerts");
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const uscc = id.split("/")[1] ?? "";
    const i = ctx.snapshot.indexOf(uscc);
    if (i === undefined || !(ctx.snapshot.regions[i] ?? "").startsWith(p.region))
      throw new ApiProblem(404, [apiIssue("not_found", `no alert ${id} in region ${p.region}`, ["id"])]);
    const disposal = { alertId: id, day: body.day, by: body.by, action: body.action, resolved: body.resolved };
    await ctx.admins.run(() => recordDisposal(ctx.admin, disposal));
    return c.json(disposal, 201);
  });
}
