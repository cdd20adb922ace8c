/**
 * `creditclass serve`: the HTTP API over a database for supervision platforms — loopback by
 * default, every request but /health authenticated with a token, every read logged.
 * @module
 */
import { existsSync } from "node:fs";
import { CreditclassError } from "@creditclass/core";
import { parseModel } from "@creditclass/scoring";
import { parseServerConfig, startService } from "@creditclass/server";
import { parseRules } from "@creditclass/warning";
import type { Command } from "commander";
import { readJsonFile } from "../json-file.js";
import { parseCount } from "../options.js";

/** Options of the serve command. */
interface ServeOptions {
  readonly db: string;
  readonly config?: string;
  readonly host: string;
  readonly port: number;
  readonly models?: string;
  readonly rules?: string;
}

/**
 * Registers the command.
 *
 * @param program - The root command.
 * @example
 * registerServe(program);
 */
export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("serve the HTTP API (tokens, region scope, access log, tamper-evident history) for supervision platforms (接口服务)")
    .requiredOption("--db <file>", "the database (held open: other commands wait until the server stops)")
    .option("--config <server.json>", "limits: body size, batch size, rate per token, timeout (see docs/service.md)")
    .option("--host <address>", "address to listen on (loopback by default; put a TLS proxy in front for a network)", "127.0.0.1")
    .option("--port <n>", "port", (v) => parseCount(v), 8080)
    .option("--models <file.json>", "model or model set of month runs (default: the national default models)")
    .option("--rules <file.json>", "early-warning rule set (default: the national rules)")
    .action(async (options: ServeOptions) => {
      if (!existsSync(options.db)) throw new CreditclassError("invalid_value", `no database at ${options.db}: run creditclass ingest first`);
      const config = parseServerConfig(options.config === undefined ? undefined : readJsonFile(options.config));
      const service = await startService({
        db: options.db,
        host: options.host,
        port: options.port,
        config,
        ...(options.models === undefined ? {} : { models: parseModel(readJsonFile(options.models)) }),
        ...(options.rules === undefined ? {} : { rules: parseRules(readJsonFile(options.rules)) }),
      });
      console.log(`serving ${service.url} (docs ${service.url}/docs with a token; OpenAPI ${service.url}/openapi.json)`);
      console.log(`latest month ${service.latestMonth ?? "none"}; history head ${service.head || "(no month stored yet)"}`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          resolve();
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
      console.log("stopping: waiting for a running month, writing the access log");
      await service.close();
    });
}
