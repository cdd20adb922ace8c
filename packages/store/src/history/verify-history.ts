/**
 * Verifying the chain of seals against the tables as they are now.
 * @module
 */
import type { Period } from "@creditclass/core";
import type { CreditDatabase } from "../database/open-database.js";
import type { PartDigest, SealedPart } from "./part-digests.js";
import { ALL_PARTS, CHUNK_ROWS, GENESIS_HEAD, monthDigests, rowsRoot, rowTextAt, sealHead } from "./part-digests.js";
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
      /** Which seal (1-based) it fails at; 0 for a month never sealed. */
      readonly seq: number;
      /** `chain`: a seal's fields or stored chunks were changed; `rows`: the month's rows were. */
      readonly kind: "chain" | "rows";
      /** The part and the 0-based row (in canonical order) that first differs, for `rows`. */
      readonly part?: SealedPart;
      readonly row?: number;
      /** The current text of that row (columns joined by `|`), when it still exists. */
      readonly rowText?: string;
      readonly message: string;
    };

/** A part's stored chunks, as sealed. */
type StoredChunk = { readonly part: SealedPart; readonly rows: number; readonly sha256: string; readonly digests: string };

/**
 * Recomputes the chain: every seal's head from its fields and the previous head, every seal's root
 * from its stored chunks, then every month's parts against the latest seal covering each, oldest
 * month first, and names the first month and the first row that no longer match. A part stored but
 * never sealed is reported too.
 *
 * @param db - The database.
 * @returns The verdict.
 * @example
 * const verdict = await verifyHistory(db);
 * if (!verdict.ok) console.error(verdict.message); // "2026-10: classes row 517 no longer matches seal 7 …"
 * @category History
 */
export async function verifyHistory(db: CreditDatabase): Promise<HistoryVerdict> {
  const seals = await historySeals(db);
  const chunks = await storedChunks(db);
  let prev = GENESIS_HEAD;
  /** period → part → the latest seal covering it. */
  const latest = new Map<Period, Map<SealedPart, Seal>>();
  for (const seal of seals) {
    const expected = sealHead(prev, seal.period, seal.parts.join(","), seal.rowsRoot, seal.modelHash, seal.inputFingerprint);
    const own = chunks.get(seal.seq) ?? [];
    const fromChunks = rowsRoot(seal.parts.map((part) => asDigest(part, own)));
    if (seal.prevHead !== prev || seal.head !== expected || fromChunks !== seal.rowsRoot) {
      const what = fromChunks !== seal.rowsRoot ? "its stored chunks" : "its head or fields";
      return {
        ok: false,
        seals: seals.length,
        period: seal.period,
        seq: seal.seq,
        kind: "chain",
        message: `${seal.period}: seal ${seal.seq} does not chain (${what} were changed)`,
      };
    }
    prev = seal.head;
    const byPart = latest.get(seal.period) ?? new Map<SealedPart, Seal>();
    for (const part of seal.parts) byPart.set(part, seal);
    latest.set(seal.period, byPart);
  }
  const stored = await db.all("SELECT DISTINCT period FROM classification_runs UNION SELECT DISTINCT period FROM alerts UNION SELECT period FROM plans");
  const months = [...new Set([...latest.keys(), ...stored.map((r) => String(r.period) as Period)])].sort();
  for (const period of months) {
    const byPart = latest.get(period) ?? new Map<SealedPart, Seal>();
    for (const now of await monthDigests(db, period, ALL_PARTS)) {
      const seal = byPart.get(now.part);
      if (seal === undefined) {
        if (now.rows === 0) continue;
        return { ok: false, seals: seals.length, period, seq: 0, kind: "rows", part: now.part, message: `${period}: ${now.part} stored but never sealed` };
      }
      const was = (chunks.get(seal.seq) ?? []).filter((c) => c.part === now.part);
      const row = firstDifference(was, now);
      if (row === undefined) continue;
      const rowText = await rowTextAt(db, period, now.part, row);
      return {
        ok: false,
        seals: seals.length,
        period,
        seq: seal.seq,
        kind: "rows",
        part: now.part,
        row,
        ...(rowText === undefined ? {} : { rowText }),
        message: `${period}: ${now.part} row ${row} no longer matches seal ${seal.seq}${rowText === undefined ? " (the row is gone)" : ` (now ${rowText})`}`,
      };
    }
  }
  return { ok: true, seals: seals.length, months: months.length, head: prev };
}

/** Every seal's stored chunks, by seal. */
async function storedChunks(db: CreditDatabase): Promise<Map<number, StoredChunk[]>> {
  const rows = await db.all("SELECT seq, part, chunk, rows, sha256, digests FROM history_chunks ORDER BY seq, part, chunk");
  const out = new Map<number, StoredChunk[]>();
  for (const r of rows) {
    const list = out.get(Number(r.seq)) ?? [];
    list.push({ part: String(r.part) as SealedPart, rows: Number(r.rows), sha256: String(r.sha256), digests: String(r.digests) });
    out.set(Number(r.seq), list);
  }
  return out;
}

/** A part's digest as the stored chunks give it. */
function asDigest(part: SealedPart, chunks: readonly StoredChunk[]): PartDigest {
  const own = chunks.filter((c) => c.part === part);
  return { part, rows: own.reduce((n, c) => n + c.rows, 0), chunks: own.map((c, chunk) => ({ chunk, rows: c.rows, sha256: c.sha256, digests: c.digests })) };
}

/** The first 0-based row where a part's current chunks differ from the sealed ones, or undefined when they agree. */
function firstDifference(was: readonly StoredChunk[], now: PartDigest): number | undefined {
  const count = Math.max(was.length, now.chunks.length);
  for (let k = 0; k < count; k++) {
    const before = was[k];
    const after = now.chunks[k];
    if (before !== undefined && after !== undefined && before.sha256 === after.sha256) continue;
    const a = before?.digests ?? "";
    const b = after?.digests ?? "";
    let i = 0;
    while (i < a.length && i < b.length && a.slice(i, i + 8) === b.slice(i, i + 8)) i += 8;
    return k * CHUNK_ROWS + i / 8;
  }
  return undefined;
}
