/**
 * Register attributes that have no history — status and tags, snapshots as stored now — read
 * once for every package: model selectors and overrides, tag-scoped warning rules, sampling
 * strata all see the same values.
 * @module
 */
import type { EnterpriseStatus } from "@creditclass/core";
import { parseTags } from "@creditclass/core";
import type { CreditDatabase } from "../database/open-database.js";

/**
 * Status (when not active) and tags of the enterprises that have either.
 *
 * @example
 * const attributes: RegisterAttributes = { status: new Map([["91330100716105852F", "revoked"]]), tags: new Map() };
 * @category Register
 */
export interface RegisterAttributes {
  /** Enterprises whose status is not `active`. */
  readonly status: ReadonlyMap<string, EnterpriseStatus>;
  /** Enterprises with at least one tag, tags parsed by `parseTags`. */
  readonly tags: ReadonlyMap<string, readonly string[]>;
}

/**
 * Reads status and tags from the register.
 *
 * @param db - An ingested database.
 * @returns Non-active statuses and parsed tags by code.
 * @example
 * (await readRegisterAttributes(db)).tags.get("91330100716105852F") //=> ["food", "new_business"]
 * @category Register
 */
export async function readRegisterAttributes(db: CreditDatabase): Promise<RegisterAttributes> {
  const rows = await db.all("SELECT uscc, status, tags FROM enterprises WHERE status <> 'active' OR coalesce(tags, '') <> '' ORDER BY uscc");
  const status = new Map<string, EnterpriseStatus>();
  const tags = new Map<string, readonly string[]>();
  for (const row of rows) {
    const uscc = String(row.uscc);
    if (row.status !== "active") status.set(uscc, row.status as EnterpriseStatus);
    const list = parseTags(row.tags === null || row.tags === undefined ? undefined : String(row.tags));
    if (list.length > 0) tags.set(uscc, list);
  }
  return { status, tags };
}
