/**
 * The tokens the server accepts, held in memory by the SHA-256 of their secret and reread after
 * every change made through the API.
 * @module
 */
import type { CreditDatabase } from "@creditclass/store";
import { listApiTokens, tokenDigest } from "@creditclass/store";
import type { Principal } from "./permissions.js";

/** Accepted tokens by digest. */
export class TokenCache {
  private byDigest = new Map<string, Principal>();

  /**
   * @param db - Where the tokens are stored.
   */
  constructor(private readonly db: CreditDatabase) {}

  /** Rereads the stored tokens; revoked ones stop authenticating. */
  async reload(): Promise<void> {
    const next = new Map<string, Principal>();
    for (const t of await listApiTokens(this.db)) if (t.revoked === null) next.set(t.digest, { tokenId: t.id, role: t.role, region: t.region });
    this.byDigest = next;
  }

  /** The principal of an `Authorization` header's bearer token, or undefined. */
  authenticate(header: string | undefined): Principal | undefined {
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match === null) return undefined;
    return this.byDigest.get(tokenDigest(match[1] ?? ""));
  }
}
