/**
 * Ingest through the API: events, register changes or relations as NDJSON, validated with the
 * same schemas and quarantined the same way as files, counted, and pushed through streaming early
 * warning as they arrive.
 * @module
 */
import { randomBytes } from "node:crypto";
import type { RecordKind } from "@creditclass/ingest";
import { ingestObjects } from "@creditclass/ingest";
import type { StreamEvent } from "@creditclass/warning";
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import type { ServiceApp, ServiceContext } from "../context.js";
import { allow } from "../http/guard.js";
import { ApiProblem, apiIssue, errorResponses } from "../http/problems.js";

const route = createRoute({
  method: "post",
  path: "/v1/ingest/{kind}",
  tags: ["ingest"],
  summary: "Push records as NDJSON (数据推送)",
  description:
    "One JSON object per line with the columns of the file layout (`events`: kind, uscc, date, recorded, detail, …). All lines are stored in one transaction; a line that fails validation is quarantined with its line number and reason and counted. Accepted events go through the streaming early-warning rules; the alerts they raise are returned.",
  request: {
    params: z.object({ kind: z.enum(["enterprises", "relations", "events"]) }),
    body: { content: { "application/x-ndjson": { schema: z.string().meta({ description: "NDJSON" }) } }, required: true },
  },
  responses: {
    200: {
      description: "Counts (read = accepted + quarantined + duplicates), the first problems, and the alerts raised",
      content: {
        "application/json": {
          schema: z.object({
            source: z.string(),
            read: z.number(),
            accepted: z.number(),
            quarantined: z.number(),
            duplicates: z.number(),
            problems: z.array(z.object({ line: z.number(), field: z.string().nullable(), code: z.string(), reason: z.string() })),
            alerts: z.array(
              z.object({
                id: z.string(),
                ruleId: z.string(),
                uscc: z.string(),
                day: z.string(),
                measure: z.string(),
                name: z.object({ zh: z.string(), en: z.string() }),
              }),
            ),
          }),
        },
      },
    },
    ...errorResponses(400, 403, 409, 413),
  },
});

/**
 * Registers the ingest route.
 *
 * @param app - The app.
 * @param ctx - The service.
 */
export function ingestRoutes(app: ServiceApp, ctx: ServiceContext): void {
  app.openapi(route, async (c) => {
    const p = allow(c, "ingest");
    const kind = c.req.valid("param").kind as RecordKind;
    const text = await c.req.text();
    const objects: Record<string, unknown>[] = [];
    const lines = text.split("\n");
    if (lines.length > ctx.config.limits.ingestLines + 1)
      throw new ApiProblem(413, [apiIssue("payload_too_large", `more than ${ctx.config.limits.ingestLines} lines in one request`)]);
    const bad = [];
    for (const [k, line] of lines.entries()) {
      if (line.trim() === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        value = undefined;
      }
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        bad.push(apiIssue("malformed_record", "not a JSON object", [], k + 1));
        continue;
      }
      objects.push(value as Record<string, unknown>);
    }
    if (bad.length > 0) throw new ApiProblem(400, bad.slice(0, 100));
    if (ctx.jobs.running) throw new ApiProblem(409, [apiIssue("busy", "a month is running; push again when it is done")]);
    const source = `api/${p.tokenId}/${new Date().toISOString()}/${randomBytes(3).toString("hex")}`;
    const summary = await ctx.writer.run(() => ingestObjects(ctx.db, kind, objects, { source }));
    const problems = await ctx.reads.run(() =>
      ctx.reader.all("SELECT line, field, code, reason FROM quarantine WHERE file = ? ORDER BY line LIMIT 100", [source]),
    );
    let alerts: ReturnType<ServiceContext["stream"]["push"]> = [];
    if (kind === "events") {
      // The stored events, as the batch engine reads them (kind-specific detail included), in recording order.
      const stored = await ctx.reads.run(() =>
        ctx.reader.all(
          `SELECT kind, uscc, strftime(date, '%Y-%m-%d') AS date, strftime(recorded, '%Y-%m-%d') AS recorded, detail
           FROM events WHERE source_file = ? ORDER BY recorded, source_line`,
          [source],
        ),
      );
      const events: StreamEvent[] = stored.map((r) => ({
        kind: String(r.kind),
        uscc: String(r.uscc),
        date: String(r.date),
        recorded: String(r.recorded),
        ...(r.detail === null ? {} : { detail: String(r.detail) }),
      }));
      await ctx.reads.run(() =>
        ctx.stream.register(
          ctx.reader,
          events.map((e) => e.uscc),
        ),
      );
      alerts = ctx.stream.push(events);
    } else if (kind === "enterprises") {
      ctx.stream.forget(objects.map((o) => String(o.uscc ?? "")));
    }
    return c.json(
      {
        source,
        read: summary.read,
        accepted: summary.accepted,
        quarantined: summary.quarantined,
        duplicates: summary.duplicates,
        problems: problems.map((r) => ({
          line: Number(r.line),
          field: r.field === null ? null : String(r.field),
          code: String(r.code),
          reason: String(r.reason),
        })),
        alerts: alerts.map((a) => ({ id: a.id, ruleId: a.ruleId, uscc: a.uscc, day: a.day, measure: a.measure, name: a.name })),
      },
      200,
    );
  });
}
