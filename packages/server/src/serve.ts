/**
 * Starting and stopping the service over a database file.
 * @module
 */
import type { AddressInfo } from "node:net";
import { CreditclassError } from "@creditclass/core";
import type { ModelSet } from "@creditclass/scoring";
import { DEFAULT_MODEL_SET } from "@creditclass/scoring";
import { engineMemoryLimit, openDatabase } from "@creditclass/store";
import type { RuleSet } from "@creditclass/warning";
import { NATIONAL_RULES } from "@creditclass/warning";
import { serve } from "@hono/node-server";
import { AccessRecorder } from "./access/access-recorder.js";
import { createServiceApp } from "./app.js";
import { RateLimiter } from "./auth/rate-limiter.js";
import { TokenCache } from "./auth/token-cache.js";
import type { ServerConfig } from "./config/server-config.js";
import { parseServerConfig } from "./config/server-config.js";
import type { ServiceContext } from "./context.js";
import { MonthJobs } from "./jobs/month-jobs.js";
import { SerialQueue } from "./jobs/serial-queue.js";
import { ResultSnapshot } from "./results/result-snapshot.js";
import { StreamingAlerts } from "./results/streaming-alerts.js";

/**
 * Options of {@link startService}.
 * @category Service
 */
export interface ServiceOptions {
  /** The database file (opened for the service's lifetime; other processes cannot open it meanwhile). */
  readonly db: string;
  /** Default `127.0.0.1`: loopback only. */
  readonly host?: string;
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  readonly config?: ServerConfig;
  /** The model set of month runs and override names; default the national default models. */
  readonly models?: ModelSet;
  /** The rules of month runs and streaming alerts; default the national rules. */
  readonly rules?: RuleSet;
}

/**
 * A running service.
 * @category Service
 */
export interface RunningService {
  /** `http://host:port`. */
  readonly url: string;
  /** The history's head when the service started (print it; a bureau publishes or countersigns it). */
  readonly head: string;
  /** The latest classified month, if any. */
  readonly latestMonth: string | undefined;
  /** Stops accepting requests, waits for a running month, writes the access log, closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the database and serves the API on it.
 *
 * @param options - Database, address, configuration, models and rules.
 * @returns The running service.
 * @throws {CreditclassError} `database_in_use` when another process holds the database, `not_a_database`, `unfinished_ingest`.
 * @example
 * const service = await startService({ db: "province.duckdb", port: 8080 });
 * console.log(`serving ${service.url}; history head ${service.head}`);
 * // … later
 * await service.close();
 * @category Service
 */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const config = options.config ?? parseServerConfig(undefined);
  const models = options.models ?? DEFAULT_MODEL_SET;
  const rules = options.rules ?? NATIONAL_RULES;
  // The service holds the province's columns and the month's results in this process: DuckDB gets its engine share of the memory.
  const db = await openDatabase(options.db, { memoryLimit: engineMemoryLimit() });
  const reader = await db.session();
  const admin = await db.session();
  const logDb = await db.session();
  const tokens = new TokenCache(admin);
  await tokens.reload();
  const writer = new SerialQueue();
  const reads = new SerialQueue();
  const ctx: ServiceContext = {
    db,
    writer,
    reader,
    reads,
    admin,
    admins: new SerialQueue(),
    tokens,
    access: new AccessRecorder(logDb, config.accessLogFlushMs),
    limiter: new RateLimiter(config.limits.requestsPerMinute, config.limits.burst),
    jobs: new MonthJobs(db, writer, models, async () => {
      ctx.snapshot = await reads.run(() => ResultSnapshot.load(reader, models));
    }),
    config,
    models,
    rules,
    stream: new StreamingAlerts(rules),
    snapshot: await ResultSnapshot.load(reader, models),
  };
  const app = createServiceApp(ctx);
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 8080;
  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, hostname: host, port }, () => resolve(s));
      s.once("error", reject);
    });
  } catch (error) {
    await ctx.access.close();
    for (const session of [logDb, admin, reader]) session.close();
    db.close();
    const code = (error as { code?: string }).code;
    if (code === "EADDRINUSE") throw new CreditclassError("invalid_value", `${host}:${port} is already in use: choose another --port`);
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND")
      throw new CreditclassError("invalid_value", `cannot listen on ${host}: not an address of this machine`);
    throw error;
  }
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`,
    head: ctx.snapshot.head,
    latestMonth: ctx.snapshot.latest?.period,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ctx.jobs.idle();
      await ctx.access.close();
      for (const session of [logDb, admin, reader]) session.close();
      db.close();
    },
  };
}
