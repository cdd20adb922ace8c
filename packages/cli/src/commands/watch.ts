/**
 * `creditclass watch`: the streaming engine over NDJSON from a file or standard input — events
 * (`kind`, `uscc`, `date`, optional `recorded` and `detail`), registrations (`{"register": {uscc,
 * established, region, industry, entityType, address, persons, tags}}`) and month ends
 * (`{"endOfMonth": "2026-10"}`, evaluating the group rules; indicator and class rules need
 * `creditclass warn`) — printing alerts as NDJSON as they arise; the engine's state is saved to
 * and restored from a file, so a restart loses nothing. A line that is not usable is reported on
 * standard error with its line number and skipped.
 * @module
 */
import { closeSync, createReadStream, existsSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Period } from "@creditclass/core";
import { EVENT_KINDS, parseDayNumber, parseTags, safeParsePeriod, ValidationError } from "@creditclass/core";
import type { RuleSet, StreamEnterprise, StreamEvent, StreamingEngine } from "@creditclass/warning";
import { createStreamingEngine, NATIONAL_RULES, parseRules } from "@creditclass/warning";
import type { Command } from "commander";
import { z } from "zod";
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
    .requiredOption(
      "--events <file.ndjson>",
      'one JSON object per line: an event (kind, uscc, date, recorded, detail), {"register": {…}} or {"endOfMonth": "YYYY-MM"}; - for standard input',
    )
    .option("--rules <file.json>", "rule set (default: the national rules)")
    .option("--state <file.ndjson>", "engine state (JSON lines): restored when the file exists, saved at the end")
    .action(async (options: WatchOptions) => {
      const rules = options.rules === undefined ? NATIONAL_RULES : parseRules(readJsonFile(options.rules));
      const engine = restoreEngine(rules, options.state);
      const input = options.events === "-" ? process.stdin : createReadStream(options.events);
      let line = 0;
      let rejected = 0;
      for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
        line++;
        if (text.trim() === "") continue;
        const item = toItem(text);
        if (typeof item === "string") {
          rejected++;
          process.stderr.write(`${JSON.stringify({ line, reason: item })}\n`);
          continue;
        }
        if ("register" in item) {
          engine.register(item.register);
          continue;
        }
        const alerts = "endOfMonth" in item ? engine.endOfMonth(item.endOfMonth) : engine.push(item);
        for (const alert of alerts) process.stdout.write(`${JSON.stringify(alert)}\n`);
      }
      if (options.state !== undefined) writeLines(options.state, engine.snapshot());
      if (rejected > 0) process.exitCode = 1;
    });
}

/** A fresh engine, or the one saved in the state file; a file that is not a saved state is named in the error. */
function restoreEngine(rules: RuleSet, state: string | undefined): StreamingEngine {
  if (state === undefined || !existsSync(state)) return createStreamingEngine(rules);
  try {
    return createStreamingEngine(rules, fileLines(readFileSync(state)));
  } catch (error) {
    throw error instanceof ValidationError ? new ValidationError(error.issues.map((issue) => ({ ...issue, file: state }))) : error;
  }
}

/** The lines of a file's bytes, decoded one at a time (the whole text may be longer than a JavaScript string can be). */
function* fileLines(bytes: Buffer): Generator<string> {
  for (let from = 0; from < bytes.length; ) {
    const end = bytes.indexOf(10, from);
    const to = end < 0 ? bytes.length : end;
    yield bytes.toString("utf8", from, to);
    from = to + 1;
  }
}

/** Writes lines to a file through a temporary one renamed at the end, so a crash leaves the earlier state whole. */
function writeLines(path: string, lines: Iterable<string>): void {
  const temporary = `${path}.partial`;
  const fd = openSync(temporary, "w");
  let block: string[] = [];
  for (const line of lines) {
    block.push(line);
    if (block.length === 10_000) {
      writeSync(fd, `${block.join("\n")}\n`);
      block = [];
    }
  }
  if (block.length > 0) writeSync(fd, `${block.join("\n")}\n`);
  closeSync(fd);
  renameSync(temporary, path);
}

const day = z.string().refine((v) => !Number.isNaN(parseDayNumber(v)), "is not a calendar date");
const text = z.string().min(1);
/** An event line: the kind must be one of the event kinds, dates calendar dates. */
const eventLine = z.strictObject({
  kind: z.enum(EVENT_KINDS, { error: `is not an event kind (${EVENT_KINDS.join(", ")})` }),
  uscc: text,
  date: day,
  recorded: day.optional(),
  detail: text.optional(),
});
/** A registration line; tags as a list or as the register's `;`-separated text. */
const registerLine = z.strictObject({
  register: z.strictObject({
    uscc: text,
    established: day,
    region: text.optional(),
    industry: text.optional(),
    entityType: text.optional(),
    address: text.optional(),
    persons: z.array(text).optional(),
    tags: z.union([z.array(z.string()), z.string()]).optional(),
  }),
});
const endOfMonthLine = z.strictObject({ endOfMonth: z.string().refine((v) => safeParsePeriod(v).success, "is not a month YYYY-MM") });

/** What a line asks for, or why it is unusable (each problem with its field). */
function toItem(line: string): StreamEvent | { readonly register: StreamEnterprise } | { readonly endOfMonth: Period } | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return "not JSON";
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not a JSON object";
  const schema = "endOfMonth" in value ? endOfMonthLine : "register" in value ? registerLine : eventLine;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    return parsed.error.issues
      .map((i) => {
        const input = i.path.reduce<unknown>((v, key) => (typeof v === "object" && v !== null ? (v as Record<PropertyKey, unknown>)[key] : undefined), value);
        return `${i.path.join(".") || "line"} ${input === undefined ? "" : `${JSON.stringify(input)} `}${i.message}`;
      })
      .join("; ");
  }
  const item = parsed.data;
  if ("endOfMonth" in item) return { endOfMonth: item.endOfMonth as Period };
  if ("register" in item) {
    const { tags, ...rest } = item.register;
    const list = typeof tags === "string" ? parseTags(tags) : (tags ?? []).flatMap((t) => parseTags(t));
    return { register: { ...dropUndefined(rest), ...(list.length > 0 ? { tags: list } : {}) } as StreamEnterprise };
  }
  return dropUndefined(item) as StreamEvent;
}

/** The object without its undefined properties (the engine's types are exact). */
function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
