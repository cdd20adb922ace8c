/**
 * `creditclass tokens create|revoke|list`: the service's API tokens, stored hashed; a secret is
 * printed once, at creation.
 * @module
 */
import { API_ROLES, createApiToken, listApiTokens, revokeApiToken } from "@creditclass/store";
import type { Command } from "commander";
import { oneOf } from "../options.js";
import { withDatabase } from "../with-database.js";

/**
 * Registers the command.
 *
 * @param program - The root command.
 * @example
 * registerTokens(program);
 */
export function registerTokens(program: Command): void {
  const tokens = program.command("tokens").description("API tokens of creditclass serve: roles and region scopes (接口令牌)");
  tokens
    .command("create")
    .description("issue a token; its secret is printed once (only a hash is stored)")
    .requiredOption("--db <file>", "the database")
    .requiredOption("--name <text>", "who holds it, e.g. the platform and the bureau")
    .requiredOption("--role <role>", `one of ${API_ROLES.join(", ")}`, oneOf(API_ROLES))
    .requiredOption("--region <prefix>", "GB/T 2260 region prefix it sees: 2 (province), 4 (city) or 6 (county) digits")
    .action(async (options: { db: string; name: string; role: string; region: string }) => {
      const { token, secret } = await withDatabase(options.db, (db) => createApiToken(db, options));
      console.log(`token ${token.id}: ${token.role} for region ${token.region} (${token.name})`);
      console.log(`secret (shown once; send as Authorization: Bearer <secret>): ${secret}`);
    });
  tokens
    .command("revoke")
    .description("revoke a token by id")
    .requiredOption("--db <file>", "the database")
    .argument("<id>", "the token's id (creditclass tokens list)")
    .action(async (id: string, options: { db: string }) => {
      const token = await withDatabase(options.db, (db) => revokeApiToken(db, id));
      console.log(`token ${token.id} revoked on ${token.revoked ?? ""}`);
    });
  tokens
    .command("list")
    .description("list the tokens (never their secrets)")
    .requiredOption("--db <file>", "the database")
    .action(async (options: { db: string }) => {
      const all = await withDatabase(options.db, (db) => listApiTokens(db));
      console.log("id\trole\tregion\tcreated\trevoked\tname");
      for (const t of all) console.log([t.id, t.role, t.region, t.created, t.revoked ?? "", t.name].join("\t"));
    });
}
