/**
 * The `creditclass` command: every command reports bad input in one line and exits non-zero.
 * @module
 */
import { runCommand } from "./run-command.js";

process.exitCode = await runCommand(process.argv);
