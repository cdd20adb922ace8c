/**
 * Months: the classified months, running one as a job, a month's distribution by region level or
 * industry, the migration matrix between two months — each aggregate over the token's scope only.
 * @module
 */
import type { Period } from "@creditclass/core";
import { addPeriods, RISK_CLASSES } from "@creditclass/core";
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { ServiceApp, ServiceContext } from "../context.js";
import { allow, logRead } from "../http/guard.js";
import { ApiProblem, apiIssue, errorResponses } from "../http/problems.js";
import { distributionRowSchema, monthJobSchema, periodParam } from "../http/schemas.js";

const list = createRoute({
  method: "get",
  path: "/v1/months",
  tags: ["months"],
  summary: "The classified months with their class counts in scope (已分类月份)",
  responses: {
    200: {
      description: "Months, oldest first, and the history's head",
      content: {
        "application/json": {
          schema: z.object({
            months: z.array(z.object({ period: z.string(), counts: z.object({ A: z.number(), B: z.number(), C: z.number(), D: z.number() }) })),
            head: z.string(),
          }),
        },
      },
    },
    ...errorResponses(403),
  },
});

const run = createRoute({
  method: "post",
  path: "/v1/months/{period}/run",
  tags: ["months"],
  summary: "Run a month: classify, alerts, plan (运行月度分类)",
  description:
    "Starts the monthly job for the month and returns it at once (202); poll `/v1/jobs/{id}`. Asking again while that month runs returns the same job; re-running a finished month replaces its results with the same results. Readers keep seeing the previous results until the run commits.",
  request: {
    params: z.object({ period: periodParam }),
    body: {
      content: {
        "application/json": { schema: z.object({ seed: z.string().min(1).max(200).optional(), task: z.record(z.string(), z.unknown()).optional() }).strict() },
      },
      required: false,
    },
  },
  responses: {
    202: { description: "The job", content: { "application/json": { schema: monthJobSchema } } },
    ...errorResponses(400, 403, 409),
  },
});

const job = createRoute({
  method: "get",
  path: "/v1/jobs/{id}",
  tags: ["months"],
  summary: "A month run's progress and summary",
  request: { params: z.object({ id: z.string().regex(/^[0-9a-f]{16}$/) }) },
  responses: { 200: { description: "The job", content: { "application/json": { schema: monthJobSchema } } }, ...errorResponses(400, 403, 404) },
});

const distribution = createRoute({
  method: "get",
  path: "/v1/months/{period}/distribution",
  tags: ["months"],
  summary: "A month's classes by region level or industry (分类分布)",
  request: {
    params: z.object({ period: periodParam }),
    query: z.object({
      by: z.enum(["region", "industry"]).default("region"),
      level: z
        .enum(["province", "city", "county", "section", "division"])
        .optional()
        .meta({ description: "region: province | city | county (default city); industry: section | division (default section)" }),
    }),
  },
  responses: {
    200: {
      description: "Counts by group",
      content: { "application/json": { schema: z.object({ period: z.string(), by: z.string(), level: z.string(), rows: z.array(distributionRowSchema) }) } },
    },
    ...errorResponses(400, 403, 404),
  },
});

const migration = createRoute({
  method: "get",
  path: "/v1/months/{period}/migration",
  tags: ["months"],
  summary: "Class migration from an earlier month (分类迁移矩阵)",
  request: { params: z.object({ period: periodParam }), query: z.object({ from: periodParam.optional().meta({ description: "Default: the month before" }) }) },
  responses: {
    200: {
      description: "matrix[from][to] over A–D, and the enterprises classified in only one of the months",
      content: {
        "application/json": {
          schema: z.object({
            from: z.string(),
            to: z.string(),
            classes: z.array(z.string()),
            matrix: z.array(z.array(z.number())),
            entered: z.number(),
            left: z.number(),
          }),
        },
      },
    },
    ...errorResponses(400, 403, 404),
  },
});

/** Digits of a region code kept at each level. */
const REGION_DIGITS = { province: 2, city: 4, county: 6 } as const;

/**
 * Registers the month routes.
 *
 * @param app - The app.
 * @param ctx - The service.
 */
export function monthRoutes(app: ServiceApp, ctx: ServiceContext): void {
  app.openapi(list, (c) => {
    const p = allow(c, "read_months");
    const snapshot = ctx.snapshot;
    const months = snapshot.months.map((m) => {
      const counts = [0, 0, 0, 0];
      for (let i = 0; i < snapshot.codes.length; i++) {
        const k = m.cls[i] ?? 0;
        if (k > 0 && (snapshot.regions[i] ?? "").startsWith(p.region)) counts[k - 1] = (counts[k - 1] ?? 0) + 1;
      }
      const [A = 0, B = 0, C = 0, D = 0] = counts;
      return { period: m.period, counts: { A, B, C, D } };
    });
    logRead(ctx, c, "months", `class counts of ${months.length} months in ${p.region}`, months.length);
    return c.json({ months, head: snapshot.head }, 200);
  });
  app.openapi(run, async (c) => {
    allow(c, "run_months");
    const { period } = c.req.valid("param");
    const body = c.req.header("content-length") === "0" || c.req.header("content-type") === undefined ? {} : c.req.valid("json");
    const { job: started } = ctx.jobs.start(period as Period, body);
    return c.json(started, 202);
  });
  app.openapi(job, (c) => {
    allow(c, "read_months");
    const found = ctx.jobs.get(c.req.valid("param").id);
    if (found === undefined) throw new ApiProblem(404, [apiIssue("not_found", "no such job on this server", ["id"])]);
    return c.json(found, 200);
  });
  app.openapi(distribution, (c) => {
    const p = allow(c, "read_months");
    const { period } = c.req.valid("param");
    const { by, level } = c.req.valid("query");
    const snapshot = ctx.snapshot;
    const chosen = level ?? (by === "region" ? "city" : "section");
    if ((by === "region") !== chosen in REGION_DIGITS)
      throw new ApiProblem(400, [apiIssue("invalid_value", `level ${chosen} does not go with by=${by}`, ["query", "level"])]);
    const key =
      by === "region"
        ? (i: number) => (snapshot.regions[i] ?? "").slice(0, REGION_DIGITS[chosen as keyof typeof REGION_DIGITS])
        : (i: number) => (snapshot.industries[i] ?? "").slice(0, chosen === "section" ? 1 : 3);
    const rows = snapshot.distribution(period as Period, p.region, key);
    if (rows === undefined) throw new ApiProblem(404, [apiIssue("not_found", `${period} is not classified`, ["period"])]);
    logRead(ctx, c, "distribution", `${period} by ${by} ${chosen} in ${p.region}`, rows.length);
    return c.json({ period, by, level: chosen, rows }, 200);
  });
  app.openapi(migration, (c) => {
    const p = allow(c, "read_months");
    const { period } = c.req.valid("param");
    const from = c.req.valid("query").from ?? addPeriods(period as Period, -1);
    const result = ctx.snapshot.migration(from as Period, period as Period, p.region);
    if (result === undefined) throw new ApiProblem(404, [apiIssue("not_found", `${from} or ${period} is not classified`, ["period"])]);
    logRead(ctx, c, "migration", `${from} → ${period} in ${p.region}`, 16);
    return c.json({ from, to: period, classes: [...RISK_CLASSES], ...result }, 200);
  });
}
