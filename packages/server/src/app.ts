/**
 * The HTTP application: authentication, rate limits, body limits and timeouts around the routes,
 * errors as issue lists, and the OpenAPI 3.1 document generated from the routes' zod schemas.
 * @module
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { timeout } from "hono/timeout";
import type { ServiceApp, ServiceContext } from "./context.js";
import { ApiProblem, apiIssue, fromZod, problemOf } from "./http/problems.js";
import { renderDocsPage } from "./openapi/docs-page.js";
import { alertRoutes } from "./routes/alerts.js";
import { auditRoutes } from "./routes/audit.js";
import { enterpriseRoutes } from "./routes/enterprises.js";
import { exportRoutes } from "./routes/exports.js";
import { ingestRoutes } from "./routes/ingest.js";
import { monthRoutes } from "./routes/months.js";
import { planRoutes } from "./routes/plans.js";
import { SERVICE_VERSION, systemRoutes } from "./routes/system.js";
import { tokenRoutes } from "./routes/tokens.js";

/** The OpenAPI document's header. */
const DOCUMENT_INFO = {
  openapi: "3.1.0",
  info: {
    title: "creditclass service (企业信用风险分类服务)",
    version: SERVICE_VERSION,
    description:
      "Monthly A/B/C/D credit-risk classes, early-warning alerts and inspection plans for supervision platforms. Every request but /health carries `Authorization: Bearer <token>`; a token has a role and a GB/T 2260 region scope; reads of classes are logged. Results are an internal reference of the bureau (seed 003 §二, §十五).",
  },
  security: [{ bearerAuth: [] }],
};

/**
 * Builds the app over a running service.
 *
 * @param ctx - The service.
 * @returns The Hono app (`app.fetch` serves requests).
 */
export function createServiceApp(ctx: ServiceContext): ServiceApp {
  const app: ServiceApp = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) {
        const where = (result as { target?: string }).target ?? "request";
        return c.json({ issues: fromZod(result.error.issues, where === "param" ? "path" : where) }, 400);
      }
      return undefined;
    },
  });
  app.onError((error, c) => {
    const { status, body } = problemOf(error);
    if (status === 500)
      process.stderr.write(`creditclass serve: ${c.req.method} ${new URL(c.req.url).pathname}: ${error instanceof Error ? error.stack : String(error)}\n`);
    return c.json(body, status as 400);
  });
  app.notFound((c) => c.json({ issues: [apiIssue("not_found", `no route ${c.req.method} ${new URL(c.req.url).pathname}`)] }, 404));
  app.use("*", async (c, next) => {
    if (c.req.path === "/health") return next();
    const principal = ctx.tokens.authenticate(c.req.header("authorization"));
    if (principal === undefined) throw new ApiProblem(401, [apiIssue("unauthorized", "send Authorization: Bearer <token> with a valid, unrevoked token")]);
    if (!ctx.limiter.take(principal.tokenId))
      throw new ApiProblem(429, [apiIssue("too_many_requests", "this token's request rate is over its limit; slow down")]);
    c.set("principal", principal);
    return next();
  });
  app.use(
    "*",
    bodyLimit({
      maxSize: ctx.config.limits.bodyBytes,
      onError: () => {
        throw new ApiProblem(413, [apiIssue("payload_too_large", `the body is larger than ${ctx.config.limits.bodyBytes} bytes`)]);
      },
    }),
  );
  app.use(
    "*",
    timeout(ctx.config.limits.timeoutMs, () => new HTTPException(503, { message: "request timed out" })),
  );
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "An API token issued with `creditclass tokens create`",
  });
  systemRoutes(app, ctx);
  enterpriseRoutes(app, ctx);
  monthRoutes(app, ctx);
  ingestRoutes(app, ctx);
  alertRoutes(app, ctx);
  planRoutes(app, ctx);
  exportRoutes(app, ctx);
  tokenRoutes(app, ctx);
  auditRoutes(app, ctx);
  app.doc31("/openapi.json", DOCUMENT_INFO);
  app.get("/docs", (c) => c.html(renderDocsPage(app.getOpenAPI31Document(DOCUMENT_INFO))));
  return app;
}

/**
 * The OpenAPI 3.1 document of the service, without a database (for the docs on disk).
 *
 * @returns The document.
 * @example
 * const doc = openApiDocument();
 * Object.keys(doc.paths ?? {}).includes("/v1/enterprises/{uscc}") //=> true
 * @category Service
 */
export function openApiDocument(): ReturnType<ServiceApp["getOpenAPI31Document"]> {
  const absent = new Proxy({} as ServiceContext, {
    get(_, key) {
      if (key === "config") return { limits: { bodyBytes: 1, timeoutMs: 1000 } };
      throw new Error(`the OpenAPI document needs no service (${String(key)})`);
    },
  });
  return createServiceApp(absent).getOpenAPI31Document(DOCUMENT_INFO);
}
