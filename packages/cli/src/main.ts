/**
 * The `creditclass` command: every command reports bad input in one line and exits non-zero.
 * @module
 */
import { CreditclassError, formatIssue, ValidationError } from "@creditclass/core";
import { CommanderError } from "commander";
import { UsageError } from "./options.js";
import { buildProgram } from "./program.js";

const program = buildProgram();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error, program.opts<{ debug?: boolean }>().debug === true);
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
