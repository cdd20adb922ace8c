/**
 * Sampling: draw a month's inspection plan for a task and seed, fetch the plan with its audit
 * record (selections in the token's scope), verify a published plan against the stored classes.
 * @module
 */
import type { Period } from "@creditclass/core";
import { addPeriods } from "@creditclass/core";
import { classifyMonth, planMonth } from "@creditclass/pipeline";
import type { DrawAudit } from "@creditclass/sampling";
import { defaultTask, parseTask, verifyDraw } from "@creditclass/sampling";
import { readPlan } from "@creditclass/store";
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { ServiceApp, ServiceContext } from "../context.js";
import { allow, logRead } from "../http/guard.js";
import { ApiProblem, apiIssue, errorResponses } from "../http/problems.js";
import { periodParam } from "../http/schemas.js";

const selectionSchema = z.object({ uscc: z.string(), class: z.string(), stratum: z.string(), probability: z.number(), mandatory: z.boolean() });
const planSchema = z
  .object({
    period: z.string(),
    taskId: z.string(),
    taskHash: z.string(),
    seed: z.string(),
    planned: z.number(),
    mandatory: z.number(),
    manifestSha256: z.string(),
    selectedSha256: z.string(),
    task: z.unknown(),
    audit: z.unknown(),
    selections: z.array(selectionSchema).meta({ description: "The selected enterprises in the token's scope" }),
  })
  .meta({ id: "Plan" });

const draw = createRoute({
  method: "post",
  path: "/v1/plans/{period}",
  tags: ["sampling"],
  summary: "Draw a classified month's inspection plan (双随机抽查计划)",
  description:
    "Draws for a task (default: the national default task) and a published seed (default: the month's last day), and stores it with its audit record.",
  request: {
    params: z.object({ period: periodParam }),
    body: {
      content: {
        "application/json": { schema: z.object({ seed: z.string().min(1).max(200).optional(), task: z.record(z.string(), z.unknown()).optional() }).strict() },
      },
      required: true,
    },
  },
  responses: { 201: { description: "The stored plan", content: { "application/json": { schema: planSchema } } }, ...errorResponses(400, 403, 404, 409) },
});

const read = createRoute({
  method: "get",
  path: "/v1/plans/{period}",
  tags: ["sampling"],
  summary: "A month's plan and its audit record (抽查计划与审计记录)",
  request: { params: z.object({ period: periodParam }) },
  responses: { 200: { description: "The plan", content: { "application/json": { schema: planSchema } } }, ...errorResponses(400, 403, 404) },
});

const verify = createRoute({
  method: "post",
  path: "/v1/plans/{period}/verify",
  tags: ["sampling"],
  summary: "Verify a published plan (复核抽查)",
  description:
    "Recomputes the draw from the stored class table, task and audit record (seed), compares the manifest and selection hashes, and, when `plan` rows are given (cells as published), every row.",
  request: {
    params: z.object({ period: periodParam }),
    body: {
      content: {
        "application/json": {
          schema: z
            .object({
              plan: z.array(z.object({ uscc: z.string(), class: z.string(), stratum: z.string(), probability: z.string(), mandatory: z.string() })).optional(),
            })
            .strict(),
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: "`ok` when everything matches; otherwise what differs",
      content: {
        "application/json": {
          schema: z.object({
            ok: z.boolean(),
            differences: z.array(z.string()),
            plan: z.array(z.object({ line: z.number().optional(), message: z.string() })).optional(),
          }),
        },
      },
    },
    ...errorResponses(400, 403, 404),
  },
});

/**
 * Registers the sampling routes.
 *
 * @param app - The app.
 * @param ctx - The service.
 */
export function planRoutes(app: ServiceApp, ctx: ServiceContext): void {
  app.openapi(draw, async (c) => {
    const p = allow(c, "draw_plans");
    const { period } = c.req.valid("param");
    const body = c.req.valid("json");
    if (ctx.snapshot.month(period as Period) === undefined) throw new ApiProblem(404, [apiIssue("not_found", `${period} is not classified`, ["period"])]);
    if (ctx.jobs.running) throw new ApiProblem(409, [apiIssue("busy", "a month is running; draw again when it is done")]);
    // The task's special strata read the month's indicators, as the monthly run draws them.
    const document = body.task ?? (defaultTask(addPeriods(period as Period, 1)) as Readonly<Record<string, unknown>>);
    const special = parseTask(document).specialStrata.length > 0;
    await ctx.writer.run(async () => {
      const frame = special ? (await classifyMonth(ctx.db, period as Period, { models: ctx.models, store: false })).frame : undefined;
      return planMonth(ctx.db, period as Period, {
        ...(body.seed === undefined ? {} : { seed: body.seed }),
        ...(body.task === undefined ? {} : { task: body.task }),
        ...(frame === undefined ? {} : { frame }),
      });
    });
    return c.json(await storedPlan(ctx, period as Period, p.region), 201);
  });
  app.openapi(read, async (c) => {
    const p = allow(c, "read_plans");
    const { period } = c.req.valid("param");
    const plan = await storedPlan(ctx, period as Period, p.region);
    logRead(ctx, c, "plan", plan.selections.map((s) => s.uscc).join(","), plan.selections.length);
    return c.json(plan, 200);
  });
  app.openapi(verify, async (c) => {
    allow(c, "read_plans");
    const { period } = c.req.valid("param");
    const given = c.req.valid("json").plan;
    const stored = await ctx.reads.run(() => readPlan(ctx.reader, period as Period));
    if (stored === undefined) throw new ApiProblem(404, [apiIssue("not_found", `no plan stored for ${period}`, ["period"])]);
    // The population as the draw saw it: the month's classes, and its indicators for the task's special strata.
    const task = parseTask(JSON.parse(stored.plan.task));
    const audit = JSON.parse(stored.plan.audit) as DrawAudit;
    const redrawn = await ctx.reads.run(async () => {
      const frame =
        task.specialStrata.length === 0 ? undefined : (await classifyMonth(ctx.reader, period as Period, { models: ctx.models, store: false })).frame;
      return planMonth(ctx.reader, period as Period, {
        task: JSON.parse(stored.plan.task) as Record<string, unknown>,
        seed: stored.plan.seed,
        alerts: "none",
        store: false,
        ...(frame === undefined ? {} : { frame }),
      });
    });
    const result = verifyDraw(redrawn.population, task, audit, given === undefined ? {} : { plan: given.map((r, k) => ({ line: k + 1, ...r })) });
    return c.json(
      {
        ok: result.ok,
        differences: [...result.differences],
        ...(result.plan === undefined ? {} : { plan: result.plan.map((d) => ({ ...(d.line === undefined ? {} : { line: d.line }), message: d.message })) }),
      },
      200,
    );
  });
}

/** A stored plan with the selections in a region. */
async function storedPlan(ctx: ServiceContext, period: Period, region: string): Promise<z.infer<typeof planSchema>> {
  const stored = await ctx.reads.run(() => readPlan(ctx.reader, period));
  if (stored === undefined) throw new ApiProblem(404, [apiIssue("not_found", `no plan stored for ${period}`, ["period"])]);
  const snapshot = ctx.snapshot;
  const selections = stored.rows.filter((r) => {
    const i = snapshot.indexOf(r.uscc);
    return i !== undefined && (snapshot.regions[i] ?? "").startsWith(region);
  });
  return { ...stored.plan, task: JSON.parse(stored.plan.task) as unknown, audit: JSON.parse(stored.plan.audit) as unknown, selections };
}
