/**
 * `creditclass verify-history`: recomputes the chain of seals against the tables and names the
 * first month and row that no longer match; prints the head when all is well.
 * @module
 */
import { verifyHistory } from "@creditclass/store";
import type { Command } from "commander";
import { withDatabase } from "../with-database.js";

/**
 * Registers the command.
 *
 * @param program - The root command.
 * @example
 * registerVerifyHistory(program);
 */
export function registerVerifyHistory(program: Command): void {
  program
    .command("verify-history")
    .description("check that no stored month was changed behind creditclass's back: recompute the chained seals (结果存证校验)")
    .requiredOption("--db <file>", "the database")
    .action(async (options: { db: string }) => {
      const verdict = await withDatabase(options.db, (db) => verifyHistory(db));
      if (verdict.ok) {
        console.log(`verified: ${verdict.months} months, ${verdict.seals} seals; history head ${verdict.head || "(empty)"}`);
        return;
      }
      console.error(`creditclass: not verified: ${verdict.message}`);
      process.exitCode = 1;
    });
}
