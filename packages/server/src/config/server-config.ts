/**
 * The server's configuration document (`--config server.json`): limits on bodies, batches and
 * rates, the request timeout, how often the access log is written, and where the models, rules
 * and escalation policy of month runs come from.
 * @module
 */
import { configIssues, ValidationError } from "@creditclass/core";
import { z } from "zod";

/**
 * The server configuration as a zod schema; every field has a default.
 * @example
 * serverConfigSchema.parse({ limits: { batchCodes: 500 } }).limits.requestsPerMinute //=> 6000
 * @category Service
 */
export const serverConfigSchema = z
  .object({
    limits: z
      .object({
        /** Largest request body, bytes. */
        bodyBytes: z
          .number()
          .int()
          .min(1024)
          .max(256 * 1024 * 1024)
          .default(8 * 1024 * 1024),
        /** Most codes in one batch lookup. */
        batchCodes: z.number().int().min(1).max(100_000).default(1000),
        /** Most lines in one NDJSON ingest request. */
        ingestLines: z.number().int().min(1).max(1_000_000).default(50_000),
        /** Requests per token per minute (a token bucket refilled continuously). */
        requestsPerMinute: z.number().int().min(1).max(10_000_000).default(600_000),
        /** Burst size of the bucket. */
        burst: z.number().int().min(1).max(1_000_000).default(20_000),
        /** Requests that take longer get 503 (month runs are jobs and do not count). */
        timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
        /** Most rows in one list (alerts, access log). */
        listRows: z.number().int().min(1).max(1_000_000).default(10_000),
      })
      .strict()
      .default({
        bodyBytes: 8 * 1024 * 1024,
        batchCodes: 1000,
        ingestLines: 50_000,
        requestsPerMinute: 600_000,
        burst: 20_000,
        timeoutMs: 30_000,
        listRows: 10_000,
      }),
    /** Access-log entries are written at least this often, milliseconds (and before every auditor read and at shutdown). */
    accessLogFlushMs: z.number().int().min(10).max(60_000).default(200),
  })
  .strict();

/**
 * The server configuration, defaults filled.
 * @category Service
 */
export type ServerConfig = z.infer<typeof serverConfigSchema>;

/**
 * Checks a configuration document, reporting every problem with its path.
 *
 * @param input - The parsed JSON (undefined for all defaults).
 * @returns The configuration with defaults.
 * @throws {ValidationError} Listing every problem.
 * @example
 * parseServerConfig({ limits: { batchCodes: 2000 } }).limits.batchCodes //=> 2000
 * @category Service
 */
export function parseServerConfig(input: unknown): ServerConfig {
  const result = serverConfigSchema.safeParse(input ?? {});
  if (!result.success) throw new ValidationError(configIssues(result.error.issues));
  return result.data;
}
