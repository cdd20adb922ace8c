/**
 * The service's API tokens: issued with a role and a region scope, stored as SHA-256 hashes (the
 * secret is shown once), revoked by id.
 * @module
 */
import { createHash, randomBytes } from "node:crypto";
import { CreditclassError } from "@creditclass/core";
import type { CreditDatabase } from "../database/open-database.js";

/**
 * What a token may do: `admin` runs months and manages tokens; `analyst` reads everything in its
 * scope; `inspector` reads enterprises and plans in its scope and records disposals; `auditor`
 * reads the access log and verifies the history.
 * @category Access
 */
export type ApiRole = "admin" | "analyst" | "inspector" | "auditor";

/**
 * The roles, in the order documented.
 * @example
 * API_ROLES.includes("auditor") //=> true
 * @category Access
 */
export const API_ROLES: readonly ApiRole[] = ["admin", "analyst", "inspector", "auditor"];

/**
 * A stored token (never its secret).
 * @category Access
 */
export interface ApiToken {
  readonly id: string;
  readonly name: string;
  readonly role: ApiRole;
  /** GB/T 2260 region prefix (2, 4 or 6 digits): the enterprises it sees. */
  readonly region: string;
  readonly created: string;
  /** When it was revoked, or null. */
  readonly revoked: string | null;
}

/**
 * Hex SHA-256 of a token's secret: what is stored and looked up.
 *
 * @param secret - The token as the client presents it.
 * @returns 64 hex digits.
 * @example
 * tokenDigest("cc_…") === (await listApiTokens(db))[0]?.digest
 * @category Access
 */
export function tokenDigest(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/**
 * Issues a token. The secret (`cc_` + 43 base64url characters, 256 random bits) is returned once
 * and only its SHA-256 is stored.
 *
 * @param db - The database.
 * @param spec - Name, role and region prefix.
 * @returns The stored token and its secret.
 * @throws {CreditclassError} `invalid_value` for an unknown role or a region that is not 2, 4 or 6 digits.
 * @example
 * const { token, secret } = await createApiToken(db, { name: "杭州市局 platform", role: "analyst", region: "3301" });
 * // give `secret` to the platform; `token.id` names it in the access log
 * @category Access
 */
export async function createApiToken(
  db: CreditDatabase,
  spec: { readonly name: string; readonly role: string; readonly region: string },
): Promise<{ token: ApiToken; secret: string }> {
  if (!(API_ROLES as readonly string[]).includes(spec.role))
    throw new CreditclassError("invalid_value", `role "${spec.role}" is not one of ${API_ROLES.join(", ")}`);
  if (!/^\d{2}(\d{2}){0,2}$/.test(spec.region))
    throw new CreditclassError("invalid_value", `region "${spec.region}" is not a GB/T 2260 prefix of 2, 4 or 6 digits`);
  const secret = `cc_${randomBytes(32).toString("base64url")}`;
  const token: ApiToken = {
    id: randomBytes(6).toString("hex"),
    name: spec.name,
    role: spec.role as ApiRole,
    region: spec.region,
    created: new Date().toISOString(),
    revoked: null,
  };
  await db.run("INSERT INTO api_tokens VALUES (?, ?, ?, ?, ?, ?, NULL)", [token.id, token.name, token.role, token.region, tokenDigest(secret), token.created]);
  return { token, secret };
}

/**
 * Revokes a token: it stops authenticating at once (the server rereads its tokens).
 *
 * @param db - The database.
 * @param id - The token's id.
 * @returns The revoked token.
 * @throws {CreditclassError} `invalid_value` when no token has that id.
 * @example
 * await revokeApiToken(db, "3f9a0c21b7d4");
 * @category Access
 */
export async function revokeApiToken(db: CreditDatabase, id: string): Promise<ApiToken> {
  const [row] = await db.all("SELECT * FROM api_tokens WHERE id = ?", [id]);
  if (row === undefined) throw new CreditclassError("invalid_value", `no token has id "${id}"`);
  if (row.revoked === null) await db.run("UPDATE api_tokens SET revoked = ? WHERE id = ?", [new Date().toISOString(), id]);
  return toToken((await db.all("SELECT * FROM api_tokens WHERE id = ?", [id]))[0] ?? row);
}

/**
 * Every token, oldest first, with the SHA-256 of its secret (for the server's lookup; never printed).
 *
 * @param db - The database.
 * @returns The tokens.
 * @example
 * (await listApiTokens(db)).filter((t) => t.revoked === null).map((t) => `${t.id} ${t.role} ${t.region}`)
 * @category Access
 */
export async function listApiTokens(db: CreditDatabase): Promise<(ApiToken & { readonly digest: string })[]> {
  const rows = await db.all("SELECT * FROM api_tokens ORDER BY created, id");
  return rows.map((r) => ({ ...toToken(r), digest: String(r.token_sha256) }));
}

/** A stored row as a token. */
function toToken(r: Record<string, unknown>): ApiToken {
  return {
    id: String(r.id),
    name: String(r.name),
    role: String(r.role) as ApiRole,
    region: String(r.region),
    created: String(r.created),
    revoked: r.revoked === null || r.revoked === undefined ? null : String(r.revoked),
  };
}
