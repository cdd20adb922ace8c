/**
 * Renders docs/cli.md from the command tree's own help, so the reference never drifts.
 * `pnpm docs:cli` writes it; a test fails when the committed file is stale.
 * @module
 */
import { writeFileSync } from "node:fs";
import { buildProgram } from "../packages/cli/src/program.js";

/**
 * The Markdown CLI reference.
 *
 * @returns The document.
 * @example
 * renderCliDocs().startsWith("# CLI reference") //=> true
 */
export function renderCliDocs(): string {
  const program = buildProgram();
  // A fixed width, so the reference does not depend on the terminal it was generated in.
  for (const command of [program, ...program.commands]) command.configureOutput({ getOutHelpWidth: () => 100, getErrHelpWidth: () => 100 });
  const help = (text: string): string => ["```text", text.trimEnd(), "```", ""].join("\n");
  const parts = [
    "# CLI reference — `creditclass`",
    "",
    "Generated from the commands' own `--help` by `pnpm docs:cli`; do not edit by hand.",
    "In the workspace run it as `npx -y pnpm@10.34.9 creditclass <command> …` (or `node packages/cli/bin/creditclass.js`).",
    "Bad input ends with one line on standard error and exit code 1 (2 for a usage error); an unexpected error exits 70.",
    "",
    help(program.helpInformation()),
  ];
  for (const command of program.commands) parts.push(`## creditclass ${command.name()}`, "", help(command.helpInformation()));
  return parts.join("\n");
}

if (process.argv[1]?.endsWith("cli-docs.ts")) {
  writeFileSync(new URL("../docs/cli.md", import.meta.url), renderCliDocs());
}
