/**
 * Early warning as events arrive through the API: the streaming engine (the same rules and the
 * same alerts as the monthly batch), with each enterprise registered from the stored register the
 * first time one of its events arrives.
 * @module
 */
import { parseTags } from "@creditclass/core";
import type { CreditDatabase } from "@creditclass/store";
import { latestRegisterSql } from "@creditclass/store";
import type { Alert, RuleSet, StreamEvent, StreamingEngine } from "@creditclass/warning";
import { createStreamingEngine } from "@creditclass/warning";

/** The engine and the enterprises it knows. */
export class StreamingAlerts {
  private readonly engine: StreamingEngine;
  private readonly known = new Set<string>();

  /**
   * @param rules - The rule set.
   */
  constructor(rules: RuleSet) {
    this.engine = createStreamingEngine(rules);
  }

  /**
   * Registers the enterprises of `codes` the engine does not know yet, from the stored register and
   * relations (persons).
   *
   * @param db - A reader.
   * @param codes - Enterprises about to get events.
   */
  async register(db: CreditDatabase, codes: readonly string[]): Promise<void> {
    const unknown = [...new Set(codes)].filter((c) => !this.known.has(c));
    if (unknown.length === 0) return;
    const list = unknown.map((c) => `'${c.replaceAll("'", "''")}'`).join(", ");
    const rows = await db.all(
      `SELECT e.uscc, strftime(e.established, '%Y-%m-%d') AS established, e.region, e.industry, e.entity_type, e.address, e.tags,
              (SELECT list(DISTINCT r.party) FROM relations r WHERE r.uscc = e.uscc) AS persons
       FROM ${latestRegisterSql(`WHERE uscc IN (${list})`)} e`,
    );
    for (const r of rows) {
      if (r.established === null) continue;
      const text = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
      this.engine.register({
        uscc: String(r.uscc),
        established: String(r.established),
        ...(text(r.region) === undefined ? {} : { region: String(r.region) }),
        ...(text(r.industry) === undefined ? {} : { industry: String(r.industry) }),
        ...(text(r.entity_type) === undefined ? {} : { entityType: String(r.entity_type) }),
        ...(text(r.address) === undefined ? {} : { address: String(r.address) }),
        persons: Array.isArray(r.persons) ? r.persons.map(String) : [],
        tags: parseTags(text(r.tags) ?? ""),
      });
      this.known.add(String(r.uscc));
    }
  }

  /** Pushes events in the order given; returns the alerts they raised. */
  push(events: readonly StreamEvent[]): Alert[] {
    const alerts: Alert[] = [];
    for (const e of events) if (this.known.has(e.uscc)) alerts.push(...this.engine.push(e));
    return alerts;
  }

  /** Forgets an enterprise's registration, so its next event rereads the register (after a register change). */
  forget(codes: readonly string[]): void {
    for (const c of codes) this.known.delete(c);
  }
}
