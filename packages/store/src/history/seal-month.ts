/**
 * Sealing a stored month: its rows' digests appended to the chain of seals, each seal's head
 * hashing the previous head, so a change made behind creditclass's back shows.
 * @module
 */
import type { Period } from "@creditclass/core";
import type { CreditDatabase } from "../database/open-database.js";
import { inTransaction } from "../database/open-database.js";
import type { SealedPart } from "./part-digests.js";
import { ALL_PARTS, GENESIS_HEAD, monthDigests, rowsRoot, sealHead } from "./part-digests.js";

/**
 * One link of the chain.
 * @category History
 */
export interface Seal {
  /** 1-based position in the chain. */
  readonly seq: number;
  readonly period: Period;
  /** The parts of the month it covers (`run`, `classes`, `alerts`, `plan`, `selections`). */
  readonly parts: readonly SealedPart[];
  /** SHA-256 over those parts' rows, part by part. */
  readonly rowsRoot: string;
  readonly modelHash: string;
  readonly inputFingerprint: string;
  readonly prevHead: string;
  /** SHA-256(previous head, month, parts, rows root, model hash, input fingerprint): publish or countersign it. */
  readonly head: string;
  /** When it was sealed (not part of the hash). */
  readonly sealedAt: string;
}

/**
 * Seals a month as it is stored now: digests its classes, run record, alerts, plan and selections,
 * and appends a seal chained to the last one, in one transaction. Every writer of a month's
 * results already seals the parts it wrote; this seals them all again (e.g. after a repair made
 * on purpose). The latest seal covering a part is the one that part's rows must match.
 *
 * @param db - The database.
 * @param period - A stored month.
 * @returns The new seal.
 * @example
 * const seal = await sealMonth(db, p("2026-10"));
 * console.log(`history head ${seal.head}`);
 * @category History
 */
export async function sealMonth(db: CreditDatabase, period: Period): Promise<Seal> {
  return inTransaction(db, () => appendSeal(db, period, ALL_PARTS));
}

/**
 * Appends a seal of the parts of a month a writer just wrote, inside the writer's transaction
 * (before COMMIT), so rows and seal commit together or not at all; parts not written are not
 * digested again.
 *
 * @param db - The database, inside a transaction.
 * @param period - The month just written.
 * @param which - The parts written.
 * @returns The new seal.
 */
export async function appendSeal(db: CreditDatabase, period: Period, which: readonly SealedPart[]): Promise<Seal> {
  {
    const parts = await monthDigests(db, period, which);
    const [run] = await db.all("SELECT model_hash, input_fingerprint FROM classification_runs WHERE period = ?", [period]);
    const [last] = await db.all("SELECT seq, head FROM history_seals ORDER BY seq DESC LIMIT 1");
    const seq = Number(last?.seq ?? 0) + 1;
    const prevHead = last === undefined ? GENESIS_HEAD : String(last.head);
    const modelHash = run === undefined ? "" : String(run.model_hash);
    const inputFingerprint = run === undefined ? "" : String(run.input_fingerprint);
    const root = rowsRoot(parts);
    const covered = parts.map((p) => p.part);
    const seal: Seal = {
      seq,
      period,
      parts: covered,
      rowsRoot: root,
      modelHash,
      inputFingerprint,
      prevHead,
      head: sealHead(prevHead, period, covered.join(","), root, modelHash, inputFingerprint),
      sealedAt: new Date().toISOString(),
    };
    await db.run("INSERT INTO history_seals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [
      seal.seq,
      seal.period,
      covered.join(","),
      seal.rowsRoot,
      seal.modelHash,
      seal.inputFingerprint,
      seal.prevHead,
      seal.head,
      seal.sealedAt,
    ]);
    const appender = await db.connection.createAppender("history_chunks");
    try {
      for (const part of parts) {
        for (const c of part.chunks) {
          appender.appendInteger(seq);
          appender.appendVarchar(part.part);
          appender.appendInteger(c.chunk);
          appender.appendInteger(c.rows);
          appender.appendVarchar(c.sha256);
          appender.appendVarchar(c.digests);
          appender.endRow();
        }
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    return seal;
  }
}

/**
 * Seals every stored month, oldest first, inside the caller's transaction: the upgrade to schema 3
 * seals the months an earlier version stored, as they are at the upgrade.
 *
 * @param db - The database, inside a transaction.
 */
export async function sealStoredMonths(db: CreditDatabase): Promise<void> {
  const months = await db.all(
    "SELECT DISTINCT period FROM classification_runs UNION SELECT DISTINCT period FROM alerts UNION SELECT period FROM plans ORDER BY period",
  );
  for (const m of months) await appendSeal(db, String(m.period) as Period, ALL_PARTS);
}

/**
 * The chain's seals, oldest first.
 *
 * @param db - The database.
 * @returns Every seal; the last one's head is the history's head.
 * @example
 * const seals = await historySeals(db);
 * seals.at(-1)?.head //=> "9f2c…" (64 hex digits)
 * @category History
 */
export async function historySeals(db: CreditDatabase): Promise<Seal[]> {
  const rows = await db.all("SELECT * FROM history_seals ORDER BY seq");
  return rows.map((r) => ({
    seq: Number(r.seq),
    period: String(r.period) as Period,
    parts: String(r.parts).split(",") as SealedPart[],
    rowsRoot: String(r.rows_root),
    modelHash: String(r.model_hash),
    inputFingerprint: String(r.input_fingerprint),
    prevHead: String(r.prev_head),
    head: String(r.head),
    sealedAt: String(r.sealed_at),
  }));
}
