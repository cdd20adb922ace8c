/**
 * What every route works with: the connections, the tokens, the access log, the results in
 * memory, the month jobs, the limits.
 * @module
 */
import type { ModelSet } from "@creditclass/scoring";
import type { CreditDatabase } from "@creditclass/store";
import type { RuleSet } from "@creditclass/warning";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AccessRecorder } from "./access/access-recorder.js";
import type { Principal } from "./auth/permissions.js";
import type { RateLimiter } from "./auth/rate-limiter.js";
import type { TokenCache } from "./auth/token-cache.js";
import type { ServerConfig } from "./config/server-config.js";
import type { MonthJobs } from "./jobs/month-jobs.js";
import type { SerialQueue } from "./jobs/serial-queue.js";
import type { ResultSnapshot } from "./results/result-snapshot.js";
import type { StreamingAlerts } from "./results/streaming-alerts.js";

/** The connections and state of a running service. */
export interface ServiceContext {
  /** The writer: month runs, ingest, plan draws, one at a time through `writer`. */
  readonly db: CreditDatabase;
  readonly writer: SerialQueue;
  /** A session that reads committed data, one statement at a time through `reads`. */
  readonly reader: CreditDatabase;
  readonly reads: SerialQueue;
  /** A session for small writes that touch no month's results: tokens, disposals. */
  readonly admin: CreditDatabase;
  readonly admins: SerialQueue;
  readonly tokens: TokenCache;
  readonly access: AccessRecorder;
  readonly limiter: RateLimiter;
  readonly jobs: MonthJobs;
  readonly config: ServerConfig;
  readonly models: ModelSet;
  readonly rules: RuleSet;
  readonly stream: StreamingAlerts;
  /** The results readers see; replaced whole after a month run commits. */
  snapshot: ResultSnapshot;
}

/** The Hono app with the authenticated principal on every request. */
export type ServiceApp = OpenAPIHono<{ Variables: { principal: Principal } }>;
