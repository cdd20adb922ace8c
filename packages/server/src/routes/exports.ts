/**
 * The exchange format: a month's results for other departments (部门间共享), in the token's
 * scope, as JSON Lines or CSV (UTF-8 or GB18030), each row described by a JSON Schema, the
 * month's seal in the headers.
 * @module
 */
import { createHash } from "node:crypto";
import type { Period } from "@creditclass/core";
import { csvField } from "@creditclass/ingest";
import { latestRegisterSql } from "@creditclass/store";
import { createRoute } from "@hono/zod-openapi";
import iconv from "iconv-lite";
import { z } from "zod";
import type { ServiceApp, ServiceContext } from "../context.js";
import { allow, logRead } from "../http/guard.js";
import { ApiProblem, apiIssue, errorResponses } from "../http/problems.js";
import { periodParam } from "../http/schemas.js";
import { scopedRegion } from "../http/scope.js";

/** One exchanged row: an enterprise's class in a month. */
export const exchangeRowSchema = z
  .object({
    uscc: z.string().meta({ description: "统一社会信用代码 unified social credit code" }),
    name: z.string().meta({ description: "企业名称 name" }),
    region: z.string().meta({ description: "行政区划代码 GB/T 2260 region" }),
    industry: z.string().meta({ description: "国民经济行业代码 GB/T 4754 industry" }),
    period: z.string().meta({ description: "分类月份 month, YYYY-MM" }),
    class: z.enum(["A", "B", "C", "D"]).meta({ description: "信用风险分类 risk class" }),
    score: z.number().meta({ description: "分值 score" }),
    override: z.string().nullable().meta({ description: "调整规则 override rule id, if one decided the class" }),
    reasons: z
      .array(z.object({ indicator: z.string(), value: z.number(), points: z.number() }))
      .meta({ description: "主要原因 top reasons (indicator ids; names in the indicator catalogue)" }),
  })
  .meta({ title: "creditclass exchange row, version 1" });

/** The CSV columns, in order (reasons as JSON text). */
const CSV_COLUMNS = ["uscc", "name", "region", "industry", "period", "class", "score", "override", "reasons"] as const;

const schemaRoute = createRoute({
  method: "get",
  path: "/v1/exports/schema.json",
  tags: ["exports"],
  summary: "The JSON Schema of an exchanged row",
  responses: {
    200: { description: "JSON Schema (draft 2020-12)", content: { "application/json": { schema: z.record(z.string(), z.unknown()) } } },
    ...errorResponses(403),
  },
});

const exportRoute = createRoute({
  method: "get",
  path: "/v1/exports/{period}",
  tags: ["exports"],
  summary: "A month's results for other departments (分类结果共享)",
  description:
    "Rows in code order. Headers: `X-Creditclass-Seal` (the month's latest seal head), `X-Creditclass-History-Head`, `X-Creditclass-Rows`, `X-Creditclass-Sha256` (of the body's bytes). CSV cells that a spreadsheet would read as a formula are prefixed with `'`.",
  request: {
    params: z.object({ period: periodParam }),
    query: z.object({
      format: z.enum(["jsonl", "csv"]).default("jsonl"),
      encoding: z.enum(["utf-8", "gb18030"]).default("utf-8"),
      region: z
        .string()
        .regex(/^\d{2,6}$/)
        .optional(),
    }),
  },
  responses: {
    200: { description: "The rows", content: { "application/x-ndjson": { schema: z.string() }, "text/csv": { schema: z.string() } } },
    ...errorResponses(400, 403, 404),
  },
});

/**
 * Registers the export routes.
 *
 * @param app - The app.
 * @param ctx - The service.
 */
export function exportRoutes(app: ServiceApp, ctx: ServiceContext): void {
  app.openapi(schemaRoute, (c) => {
    allow(c, "export");
    return c.json(z.toJSONSchema(exchangeRowSchema, { target: "draft-2020-12" }) as Record<string, unknown>, 200);
  });
  app.openapi(exportRoute, async (c) => {
    const p = allow(c, "export");
    const { period } = c.req.valid("param");
    const q = c.req.valid("query");
    const region = scopedRegion(p, q.region);
    if (ctx.snapshot.month(period as Period) === undefined) throw new ApiProblem(404, [apiIssue("not_found", `${period} is not classified`, ["period"])]);
    const [seal] = await ctx.reads.run(() => ctx.reader.all("SELECT head FROM history_seals WHERE period = ? ORDER BY seq DESC LIMIT 1", [period]));
    const rows =
      region === undefined
        ? []
        : await ctx.reads.run(() =>
            ctx.reader.all(
              `WITH e AS (SELECT uscc, name, region, industry FROM ${latestRegisterSql()})
               SELECT c.uscc, coalesce(e.name, '') AS name, coalesce(e.region, '') AS region, coalesce(e.industry, '') AS industry, c.period, c.class,
                      c.score, c.override, c.reasons
               FROM classifications c JOIN e ON e.uscc = c.uscc
               WHERE c.period = ? AND starts_with(e.region, ?) ORDER BY c.uscc`,
              [period, region],
            ),
          );
    const records = rows.map((r) => ({
      uscc: String(r.uscc),
      name: String(r.name),
      region: String(r.region),
      industry: String(r.industry),
      period: String(r.period),
      class: String(r.class),
      score: Number(r.score),
      override: r.override === null ? null : String(r.override),
      reasons: (JSON.parse(String(r.reasons)) as { indicator: string; value: number; points: number }[]).map((x) => ({
        indicator: x.indicator,
        value: x.value,
        points: x.points,
      })),
    }));
    const text =
      q.format === "jsonl"
        ? records.map((r) => `${JSON.stringify(r)}\n`).join("")
        : `${CSV_COLUMNS.join(",")}\r\n${records.map((r) => `${CSV_COLUMNS.map((k) => csvField(k === "reasons" ? JSON.stringify(r.reasons) : r[k])).join(",")}\r\n`).join("")}`;
    const body = q.encoding === "utf-8" ? Buffer.from(text, "utf8") : iconv.encode(text, "gb18030");
    // The codes themselves up to 10,000; beyond, the scope and the seal determine the rows exactly.
    const which = records.length <= 10_000 ? `: ${records.map((r) => r.uscc).join(",")}` : ` (all classified enterprises of the region, as sealed)`;
    logRead(ctx, c, "export", `${period} in ${region ?? "(none)"} seal ${String(seal?.head ?? "")}${which}`, records.length);
    const type = q.format === "jsonl" ? "application/x-ndjson" : "text/csv";
    return c.body(new Uint8Array(body), 200, {
      "Content-Type": `${type}; charset=${q.encoding}`,
      "Content-Disposition": `attachment; filename="creditclass-${period}-${region ?? "none"}.${q.format}"`,
      "X-Creditclass-Seal": String(seal?.head ?? ""),
      "X-Creditclass-History-Head": ctx.snapshot.head,
      "X-Creditclass-Rows": String(records.length),
      "X-Creditclass-Sha256": createHash("sha256").update(body).digest("hex"),
    });
  });
}
