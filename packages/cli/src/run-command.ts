/**
 * One run of the `creditclass` command on an argument list: parse, run, and turn any error into
 * one line on standard error and an exit code — what the binary does, callable in-process.
 * @module
 */
import { CreditclassError, formatIssue, ValidationError } from "@creditclass/core";
import { CommanderError } from "commander";
import { UsageError } from "./options.js";
import { buildProgram } from "./program.js";

/**
 * Runs the command tree on `argv` (as `process.argv`: node, script, then the arguments).
 *
 * @param argv - The full argument vector.
 * @returns The exit code: 0, 1 for bad input, 2 for a usage error, 70 for a bug — or the code a
 * command set in `process.exitCode` (then reset, so an in-process caller keeps its own).
 * @example
 * process.exitCode = await runCommand(process.argv);
 */
export async function runCommand(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await program.parseAsync([...argv]);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    return reportError(error, program.opts<{ debug?: boolean }>().debug === true);
  } finally {
    process.exitCode = before;
  }
}

/** One line on standard error; the exit code: 2 for usage, 1 for bad input, 70 for a bug. */
function reportError(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof UsageError) {
    console.error(`creditclass: ${error.message} (run with --help for usage)`);
    return 2;
  }
  if (error instanceof ValidationError) {
    const more =
      error.issues.length > 1
        ? ` (and ${error.issues.length - 1} more: ${error.issues
            .slice(1, 4)
            .map((i) => formatIssue(i))
            .join("; ")})`
        : "";
    console.error(`creditclass: ${error.issues[0] === undefined ? error.message : formatIssue(error.issues[0])}${more}`);
    return 1;
  }
  if (error instanceof CreditclassError) {
    console.error(`creditclass: ${error.message}`);
    return 1;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT" || code === "EACCES" || code === "EISDIR" || code === "ENOTDIR") {
    console.error(`creditclass: ${(error as Error).message}`);
    return 1;
  }
  console.error(
    `creditclass: internal error: ${error instanceof Error ? error.message : String(error)}${debug ? `\n${(error as Error).stack ?? ""}` : " (run with --debug for details)"}`,
  );
  return 70;
}
