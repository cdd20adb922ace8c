/**
 * Errors as responses: every 4xx carries the list of issues (path, code, Chinese and English
 * message); nothing a client sends produces a stack trace.
 * @module
 */
import type { Issue, IssueCode } from "@creditclass/core";
import { CreditclassError, ISSUE_LABELS, ValidationError } from "@creditclass/core";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";

/** One issue as the API returns it. */
export const apiIssueSchema = z
  .object({
    path: z.array(z.union([z.string(), z.number()])).meta({ description: "Where in the request: a parameter or body field path" }),
    code: z.string().meta({ description: "Stable issue code (see ISSUE_LABELS in @creditclass/core)" }),
    message: z.object({ zh: z.string(), en: z.string() }),
    line: z.number().int().optional().meta({ description: "NDJSON line, for ingest" }),
  })
  .meta({ id: "Issue" });

/** The body of every error response. */
export const problemSchema = z.object({ issues: z.array(apiIssueSchema) }).meta({ id: "Problem" });

/** A problem body. */
export type Problem = z.infer<typeof problemSchema>;

/** An issue of a code with a specific English detail. */
export function apiIssue(code: IssueCode, detail: string, path: readonly (string | number)[] = [], line?: number): Problem["issues"][number] {
  const label = ISSUE_LABELS[code];
  return { path: [...path], code, message: { zh: label.zh, en: `${label.en}: ${detail}` }, ...(line === undefined ? {} : { line }) };
}

/** A creditclass issue as an API issue. */
export function fromIssue(issue: Issue): Problem["issues"][number] {
  const path = issue.path ?? (issue.field === undefined ? [] : [issue.field]);
  return apiIssue(issue.code, issue.message, path, issue.line);
}

/** Zod issues (a request that fails its schema) as API issues. */
export function fromZod(issues: readonly z.core.$ZodIssue[], where: string): Problem["issues"] {
  return issues.map((i) => ({
    path: [where, ...i.path.map((p) => (typeof p === "number" ? p : String(p)))],
    code: "invalid_value",
    message: { zh: `${ISSUE_LABELS.invalid_value.zh}: ${i.code}`, en: `${ISSUE_LABELS.invalid_value.en}: ${i.message}` },
  }));
}

/** Thrown by handlers: becomes a response with its status and issues. */
export class ApiProblem extends Error {
  /**
   * @param status - HTTP status.
   * @param issues - What was wrong.
   */
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503,
    readonly issues: Problem["issues"],
  ) {
    super(issues[0]?.message.en ?? "problem");
  }
}

/** The status and body of any error a request raised. */
export function problemOf(error: unknown): { status: number; body: Problem } {
  if (error instanceof ApiProblem) return { status: error.status, body: { issues: error.issues } };
  if (error instanceof ValidationError) return { status: 400, body: { issues: error.issues.map(fromIssue) } };
  if (error instanceof CreditclassError) {
    const status = error.code === "busy" ? 409 : error.code === "database_in_use" ? 503 : 400;
    return { status, body: { issues: [apiIssue(error.code, error.message)] } };
  }
  if (error instanceof HTTPException) {
    if (error.status === 413) return { status: 413, body: { issues: [apiIssue("payload_too_large", "the request body is larger than the server's limit")] } };
    if (error.status === 503 || error.status === 504)
      return { status: 503, body: { issues: [apiIssue("request_timeout", "the request took longer than the server's limit")] } };
    return { status: error.status, body: { issues: [apiIssue("invalid_value", error.message || "bad request")] } };
  }
  return { status: 500, body: { issues: [apiIssue("internal_error", "the server could not complete the request; it is logged")] } };
}

/** Standard error responses for the OpenAPI document. */
export function errorResponses(
  ...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 429 | 503)[]
): Record<number, { description: string; content: { "application/json": { schema: typeof problemSchema } } }> {
  const descriptions: Record<number, string> = {
    400: "Invalid request: the issues name each problem",
    401: "No token, or an unknown or revoked one",
    403: "The token's role may not do this",
    404: "Not found in the token's region scope",
    409: "Another job is writing",
    413: "Body or batch too large",
    429: "Rate limit exceeded",
    503: "Timed out",
  };
  const out: Record<number, { description: string; content: { "application/json": { schema: typeof problemSchema } } }> = {};
  for (const s of [401, 429, ...statuses]) out[s] = { description: descriptions[s] ?? "error", content: { "application/json": { schema: problemSchema } } };
  return out;
}
