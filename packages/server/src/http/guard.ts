/**
 * The checks every route makes: the caller's role may perform the action; reads are logged.
 * @module
 */
import type { Context } from "hono";
import type { Action, Principal } from "../auth/permissions.js";
import { PERMISSIONS } from "../auth/permissions.js";
import type { ServiceContext } from "../context.js";
import { ApiProblem, apiIssue } from "./problems.js";

/** A request's context as the routes see it. */
export type RequestContext = Context<{ Variables: { principal: Principal } }>;

/**
 * The caller, when its role may perform `action`.
 *
 * @throws {ApiProblem} 403 otherwise.
 */
export function allow(c: RequestContext, action: Action): Principal {
  const principal = c.get("principal");
  if (!PERMISSIONS[action].includes(principal.role))
    throw new ApiProblem(403, [
      apiIssue("forbidden", `role ${principal.role} may not ${action.replaceAll("_", " ")} (allowed: ${PERMISSIONS[action].join(", ")})`),
    ]);
  return principal;
}

/**
 * Records a read in the access log.
 *
 * @param ctx - The service.
 * @param c - The request.
 * @param what - What was read.
 * @param subjects - The enterprises read, or the aggregate's description.
 * @param results - How many rows or enterprises were returned.
 */
export function logRead(ctx: ServiceContext, c: RequestContext, what: string, subjects: string, results: number, status = 200): void {
  const p = c.get("principal");
  ctx.access.record({
    at: new Date().toISOString(),
    tokenId: p.tokenId,
    role: p.role,
    region: p.region,
    method: c.req.method,
    path: new URL(c.req.url).pathname,
    what,
    subjects,
    results,
    status,
  });
}
