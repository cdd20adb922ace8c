/**
 * Verifying the chain of seals against the tables as they are now.
 * @module
 */
import type { Period } from "@creditclass/core";
import type { CreditDatabase } from "../database/open-database.js";
import type { PartDigest, SealedPart } from "./part-digests.js";
import { CHUNK_ROWS, GENESIS_HEAD, monthDigests, rowsRoot, rowTextAt, sealHead } from "./part-digests.js";
import type { Seal } from "./seal-month.js";
import { historySeals } from "./seal-month.js";

/**
 * What {@link verifyHistory} found: `ok`, or the first seal or month that no longer matches.
 * @category History
 */
export type HistoryVerdict =
  | { readonly ok: true; readonly seals: number; readonly months: number; readonly head: string }
  | {
      readonly ok: false;
      readonly seals: number;
      /** The first month that no longer matches. */
      readonly period: Period;
      /** Which seal (1-based) it fails at. */
      readonly seq: number;
      /** `chain`: a seal's own fields were changed; `rows`: the month's rows were. */
      readonly kind: "chain" | "rows";
      /** The part and the 0-based row (in canonical order) that first differs, for `rows`. */
      readonly part?: SealedPart;
      readonly row?: number;
      /** The current text of that row (columns joined by `|`), when it still exists. */
      readonly rowText?: string;
      readonly message: string;
    };

/**
 * Recomputes the chain: every seal's head from its fields and the previous head, then every sealed
 * month's rows (against its latest seal), oldest month first, and names the first month and the
 * first row that no longer match. A month stored but never sealed is reported too.
 *
 * @param db - The database.
 * @returns The verdict.
 * @example
 * const verdict = await verifyHistory(db);
 * if (!verdict.ok) console.error(verdict.message); // "2026-10: classes row 517 no longer matches its seal …"
 * @category History
 */
export async function verifyHistory(db: CreditDatabase): Promise<HistoryVerdict> {
  const seals = await historySeals(db);
  let prev = GENESIS_HEAD;
  const latest = new Map<Period, Seal>();
  for (const seal of seals) {
    const expected = sealHead(prev, seal.period, seal.rowsRoot, seal.modelHash, seal.inputFingerprint);
    if (seal.prevHead !== prev || seal.head !== expected) {
      return {
        ok: false,
        seals: seals.length,
        period: seal.period,
        seq: seal.seq,
        kind: "chain",
        message: `${seal.period}: seal ${seal.seq} does not chain (its head or fields were changed)`,
      };
    }
    prev = seal.head;
    latest.set(seal.period, seal);
  }
  const stored = await db.all("SELECT DISTINCT period FROM classification_runs UNION SELECT DISTINCT period FROM alerts UNION SELECT period FROM plans");
  const months = [...new Set([...latest.keys(), ...stored.map((r) => String(r.period) as Period)])].sort();
  for (const period of months) {
    const seal = latest.get(period);
    if (seal === undefined) {
      return { ok: false, seals: seals.length, period, seq: 0, kind: "rows", message: `${period}: stored but never sealed` };
    }
    const parts = await monthDigests(db, period);
    const [run] = await db.all("SELECT model_hash, input_fingerprint FROM classification_runs WHERE period = ?", [period]);
    const sameRun = String(run?.model_hash ?? "") === seal.modelHash && String(run?.input_fingerprint ?? "") === seal.inputFingerprint;
    if (rowsRoot(parts) === seal.rowsRoot && sameRun) continue;
    const found = await firstDifference(db, seal, parts);
    const where = found === undefined ? "its model hash or input fingerprint" : `${found.part} row ${found.row}`;
    return {
      ok: false,
      seals: seals.length,
      period,
      seq: seal.seq,
      kind: "rows",
      ...(found === undefined ? {} : found),
      message: `${period}: ${where} no longer matches seal ${seal.seq}${found?.rowText === undefined ? "" : ` (now ${found.rowText})`}`,
    };
  }
  return { ok: true, seals: seals.length, months: months.length, head: prev };
}

/** The first part and row whose digest differs from the seal's stored chunks. */
async function firstDifference(
  db: CreditDatabase,
  seal: Seal,
  parts: readonly PartDigest[],
): Promise<{ part: SealedPart; row: number; rowText?: string } | undefined> {
  const stored = await db.all("SELECT part, chunk, rows, sha256, digests FROM history_chunks WHERE seq = ? ORDER BY part, chunk", [seal.seq]);
  for (const part of parts) {
    const was = stored.filter((c) => c.part === part.part);
    const count = Math.max(was.length, part.chunks.length);
    for (let k = 0; k < count; k++) {
      const before = was[k];
      const now = part.chunks[k];
      if (before !== undefined && now !== undefined && before.sha256 === now.sha256) continue;
      const a = String(before?.digests ?? "");
      const b = now?.digests ?? "";
      let i = 0;
      while (i < a.length && i < b.length && a.slice(i, i + 8) === b.slice(i, i + 8)) i += 8;
      const row = k * CHUNK_ROWS + i / 8;
      const rowText = await rowTextAt(db, seal.period, part.part, row);
      return { part: part.part, row, ...(rowText === undefined ? {} : { rowText }) };
    }
  }
  return undefined;
}
