/**
 * Reading a JSON document a user wrote: a syntax error is bad input (one line, exit 1), not a crash.
 * @module
 */
import { readFileSync } from "node:fs";
import { CreditclassError } from "@creditclass/core";

/**
 * Reads and parses a JSON file.
 *
 * @param path - The file.
 * @returns The parsed value (validate it next).
 * @throws {CreditclassError} `invalid_config` naming the file and the parser's message.
 * @example
 * readJsonFile("model.json").kind //=> "creditclass.scorecard"
 */
export function readJsonFile(path: string): unknown {
  const text = readFileSync(path, "utf8");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CreditclassError("invalid_config", `${path} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}
