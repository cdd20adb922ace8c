/**
 * `creditclass watch`: the streaming engine over events as NDJSON from a file or standard input,
 * printing alerts as NDJSON as they arise; the engine's state is saved to and restored from a
 * file, so a restart loses nothing. A line that is not a usable event is reported on standard
 * error with its line number and skipped.
 * @module
 */
import { createReadStream, existsSync, readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { parseDayNumber } from "@creditclass/core";
import type { StreamEvent } from "@creditclass/warning";
import { createStreamingEngine, NATIONAL_RULES, parseRules } from "@creditclass/warning";
import type { Command } from "commander";
import { readJsonFile } from "../json-file.js";

/** Options of the watch command. */
interface WatchOptions {
  readonly events: string;
  readonly rules?: string;
  readonly state?: string;
}

/**
 * Registers the command.
 *
 * @param program - The root command.
 * @example
 * registerWatch(program);
 */
export function registerWatch(program: Command): void {
  program
    .command("watch")
    .description("stream events (NDJSON) through the early-warning rules and print alerts as NDJSON (实时预警)")
    .requiredOption("--events <file.ndjson>", "events, one JSON object per line (kind, uscc, date, detail); - for standard input")
    .option("--rules <file.json>", "rule set (default: the national rules)")
    .option("--state <file.json>", "engine state: restored when the file exists, saved at the end")
    .action(async (options: WatchOptions) => {
      const rules = options.rules === undefined ? NATIONAL_RULES : parseRules(readJsonFile(options.rules));
      const restored = options.state !== undefined && existsSync(options.state) ? readFileSync(options.state, "utf8") : undefined;
      const engine = createStreamingEngine(rules, restored);
      const input = options.events === "-" ? process.stdin : createReadStream(options.events);
      let line = 0;
      let rejected = 0;
      for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
        line++;
        if (text.trim() === "") continue;
        const event = toEvent(text);
        if (typeof event === "string") {
          rejected++;
          process.stderr.write(`${JSON.stringify({ line, reason: event })}\n`);
          continue;
        }
        for (const alert of engine.push(event)) process.stdout.write(`${JSON.stringify(alert)}\n`);
      }
      if (options.state !== undefined) writeFileSync(options.state, engine.snapshot());
      if (rejected > 0) process.exitCode = 1;
    });
}

/** The event of a line, or why it is not one. */
function toEvent(text: string): StreamEvent | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "not JSON";
  }
  const e = value as Partial<Record<keyof StreamEvent, unknown>>;
  if (typeof e.kind !== "string" || typeof e.uscc !== "string" || typeof e.date !== "string") return "kind, uscc and date are required strings";
  if (Number.isNaN(parseDayNumber(e.date))) return `date ${JSON.stringify(e.date)} is not a calendar date`;
  return { kind: e.kind, uscc: e.uscc, date: e.date, ...(typeof e.detail === "string" ? { detail: e.detail } : {}) };
}
