/**
 * Parsers of command-line option values: each rejects bad input with a one-line reason.
 * @module
 */
import type { Period } from "@creditclass/core";
import { lastCompletePeriod, parseCalendarDate, safeParsePeriod } from "@creditclass/core";
import { InvalidArgumentError } from "commander";
import { format } from "date-fns";

/**
 * Parses a positive whole number, accepting `100k` and `1m` suffixes.
 *
 * @param text - e.g. `100000`, `100k`, `1m`.
 * @returns The number.
 * @throws {InvalidArgumentError} If it is not a positive whole number.
 * @example
 * parseCount("100k") //=> 100000
 */
export function parseCount(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  const value = m === null ? Number.NaN : Number(m[1]) * (m[2]?.toLowerCase() === "k" ? 1e3 : m[2]?.toLowerCase() === "m" ? 1e6 : 1);
  if (!Number.isInteger(value) || value <= 0)
    throw new InvalidArgumentError(`expected a positive whole number such as 1000, 100k or 1m, got ${JSON.stringify(text)}`);
  return value;
}

/**
 * Parses a share between 0 and 1.
 *
 * @param text - e.g. `0.01`.
 * @returns The share.
 * @throws {InvalidArgumentError} Outside [0, 1].
 * @example
 * parseShare("0.02") //=> 0.02
 */
export function parseShare(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new InvalidArgumentError(`expected a share between 0 and 1, got ${JSON.stringify(text)}`);
  return value;
}

/**
 * Parses a tree's leaf limit: a whole number of at least 2 (one leaf is no tree).
 *
 * @param text - e.g. `31`.
 * @returns The limit.
 * @throws {InvalidArgumentError} Otherwise.
 * @example
 * parseLeaves("31") //=> 31
 */
export function parseLeaves(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 2) throw new InvalidArgumentError(`expected a whole number of leaves of at least 2, got ${JSON.stringify(text)}`);
  return value;
}

/**
 * Parses a positive number.
 *
 * @param text - e.g. `0.1`.
 * @returns The number.
 * @throws {InvalidArgumentError} Unless it is finite and above 0.
 * @example
 * parsePositive("0.1") //=> 0.1
 */
export function parsePositive(text: string): number {
  const x = Number(text);
  if (!Number.isFinite(x) || x <= 0) throw new InvalidArgumentError(`expected a number > 0, got ${JSON.stringify(text)}`);
  return x;
}

/**
 * Parses a month `YYYY-MM`.
 *
 * @param text - The month.
 * @returns The period.
 * @throws {InvalidArgumentError} If it is not a month.
 * @example
 * parseMonth("2026-10") //=> "2026-10"
 */
export function parseMonth(text: string): Period {
  const result = safeParsePeriod(text);
  if (!result.success) throw new InvalidArgumentError(`expected a month YYYY-MM, got ${JSON.stringify(text)}`);
  return result.data;
}

/**
 * The last complete month before today's calendar date on this machine.
 *
 * @returns e.g. `2026-10` on 2026-11-23.
 * @example
 * defaultEnd() //=> "2026-10"
 */
export function defaultEnd(): Period {
  return lastCompletePeriod(parseCalendarDate(format(new Date(), "yyyy-MM-dd")));
}

/**
 * Checks a choice among allowed values.
 *
 * @param allowed - The values.
 * @returns A parser for commander.
 * @example
 * oneOf(["utf-8", "gb18030"])("gbk") // throws: expected one of utf-8, gb18030
 */
export function oneOf<T extends string>(allowed: readonly T[]): (text: string) => T {
  return (text) => {
    if (!(allowed as readonly string[]).includes(text)) throw new InvalidArgumentError(`expected one of ${allowed.join(", ")}, got ${JSON.stringify(text)}`);
    return text as T;
  };
}

/**
 * A usage error found while a command runs (options that do not go together): reported in one
 * line with exit code 2, like the errors commander finds while parsing.
 *
 * @example
 * throw new UsageError("--time-split needs --month");
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
