/**
 * Loads the stored register, relations and events into typed-array columns: the form the
 * indicator computation, and everything downstream, works on — from the columnar cache beside
 * the database when it is current (`columns-cache.ts`), else from DuckDB (then cached). Codes replace strings: event
 * kinds and details by their index in fixed lists, enterprises by their row in the register
 * (ordered by code), persons, addresses, regions and industries by dictionary ids.
 * @module
 */
import { statSync } from "node:fs";
import type { EventColumns, ProvinceColumns, RegisterColumns, RelationColumns } from "@creditclass/core";
import { civilFromDays, DETAIL_CODES, daysFromCivil, ENTITY_TYPES, EVENT_KINDS, NEVER, RELATION_ROLES, sharedMemory } from "@creditclass/core";
import type { CreditDatabase } from "../database/open-database.js";
import { columnsCachePath, columnsKey, readColumnsCache, writeColumnsCache } from "./columns-cache.js";
import { readColumns } from "./read-columns.js";

const list = (values: readonly string[]): string => `[${values.map((v) => `'${v}'`).join(", ")}]`;
const days = (column: string): string => `coalesce(datediff('day', DATE '1970-01-01', ${column}), ${NEVER})::INTEGER`;

/**
 * Reads the database into columns. Small codes are packed into one integer column in SQL and
 * unpacked here, because each column of each 2048-row chunk costs a native call. For a database
 * file, the columns are kept in a cache file beside it (`<db>.columns`, keyed by the ingest runs
 * and the tables' row counts): the next load reads them from there while nothing was ingested.
 *
 * @param db - An ingested database.
 * @param options - Whether to use the columnar cache (default: yes, for a database file).
 * @returns Register, events and relations as typed arrays.
 * @example
 * const province = await loadProvinceColumns(db);
 * province.events.count //=> 9_116_904
 * @category Columns
 */
export async function loadProvinceColumns(db: CreditDatabase, options: LoadProvinceOptions = {}): Promise<ProvinceColumns> {
  if (db.path === ":memory:" || options.cache === false) return loadFromDatabase(db);
  const path = columnsCachePath(db.path);
  const key = await columnsKey(db);
  const cached = await readColumnsCache(path, key);
  if (cached !== undefined) return cached;
  const province = await loadFromDatabase(db);
  // Written only if nothing was ingested while the columns were read.
  if ((await columnsKey(db)) === key) writeColumnsCache(path, key, province, fileMode(db.path));
  return province;
}

/**
 * Options of {@link loadProvinceColumns}.
 * @category Columns
 */
export interface LoadProvinceOptions {
  /** Read and write the columnar cache beside a database file (default true; see `columns-cache.ts`). */
  readonly cache?: boolean;
}

/** The permission bits of the database file (0644 if they cannot be read: the cache is then written like any new file). */
function fileMode(path: string): number {
  try {
    return statSync(path).mode & 0o777;
  } catch {
    return 0o644;
  }
}

async function loadFromDatabase(db: CreditDatabase): Promise<ProvinceColumns> {
  await db.run(`CREATE OR REPLACE TEMP TABLE register_index AS
    SELECT uscc, (row_number() OVER (ORDER BY uscc) - 1)::INTEGER AS idx FROM enterprises`);
  const regions = (await db.all("SELECT DISTINCT region FROM enterprises ORDER BY region")).map((r) => String(r.region));
  const industries = (await db.all("SELECT DISTINCT industry FROM enterprises ORDER BY industry")).map((r) => String(r.industry));
  const reg = await readColumns(
    db,
    `SELECT r.uscc, (list_position(${list(ENTITY_TYPES)}, e.entity_type) - 1)::UTINYINT AS entity_type, ${days("established")} AS established,
       ${days("recorded")} AS recorded, coalesce(registered_capital, 'NaN'::DOUBLE) AS capital,
       (dense_rank() OVER (ORDER BY region) - 1)::INTEGER AS region, (dense_rank() OVER (ORDER BY industry) - 1)::INTEGER AS industry,
       (dense_rank() OVER (ORDER BY address) - 1)::INTEGER AS address
     FROM enterprises e JOIN register_index r USING (uscc) ORDER BY r.idx`,
  );
  const register: RegisterColumns = {
    count: reg.rows,
    uscc: reg.strings("uscc"),
    entityType: reg.uint8("entity_type"),
    established: reg.int32("established"),
    recorded: reg.int32("recorded"),
    capital: reg.float64("capital"),
    region: reg.int32("region"),
    industry: reg.int32("industry"),
    address: reg.int32("address"),
    regions,
    industries,
  };
  // packed = kind | detail << 4 | flags << 12 | (report_year − 1800) << 15 (report_year 0 when none).
  const ev = await readColumns(
    db,
    `WITH repairs AS (SELECT repairs, min(recorded) AS repaired FROM events WHERE kind = 'credit_repair' GROUP BY repairs)
     SELECT r.idx AS ent,
       ((list_position(${list(EVENT_KINDS)}, e.kind) - 1) + coalesce(list_position(${list(DETAIL_CODES)}, e.detail) - 1, 255) * 16
         + (coalesce(contains(e.flags, 'zero_employees'), false)::INTEGER + 2 * coalesce(contains(e.flags, 'zero_revenue'), false)::INTEGER
            + 4 * coalesce(contains(e.flags, 'zero_assets'), false)::INTEGER) * 4096
         + coalesce(e.report_year - 1800, 0) * 32768)::INTEGER AS packed,
       ${days("e.date")} AS day, ${days("e.recorded")} AS recorded, coalesce(e.amount, 'NaN'::DOUBLE) AS amount, ${days("p.repaired")} AS repaired_on
     FROM events e JOIN register_index r USING (uscc) LEFT JOIN repairs p ON p.repairs = e.source_id`,
  );
  const events = groupEvents(
    reg.rows,
    ev.int32("ent"),
    ev.int32("packed"),
    ev.int32("day"),
    ev.int32("recorded"),
    ev.float64("amount"),
    ev.int32("repaired_on"),
  );
  const rel = await readColumns(
    db,
    `SELECT r.idx AS ent, (dense_rank() OVER (ORDER BY party_type, party) - 1)::INTEGER AS party,
       (list_position(${list(RELATION_ROLES)}, role) - 1)::UTINYINT AS role, ${days("since")} AS since, ${days("recorded")} AS recorded
     FROM relations l JOIN register_index r USING (uscc) ORDER BY r.idx`,
  );
  const relations: RelationColumns = {
    count: rel.rows,
    ent: rel.int32("ent"),
    party: rel.int32("party"),
    role: rel.uint8("role"),
    since: rel.int32("since"),
    recorded: rel.int32("recorded"),
  };
  return { register, events, relations };
}

/** Unpacks the event codes and groups events by enterprise with a counting sort (stable, O(n)). */
function groupEvents(
  enterprises: number,
  ent: Int32Array,
  packed: Int32Array,
  day: Int32Array,
  recorded: Int32Array,
  amount: Float64Array,
  repairedOn: Int32Array,
): EventColumns {
  const n = ent.length;
  const start = new Int32Array(enterprises + 1);
  for (let j = 0; j < n; j++) start[(ent[j] ?? 0) + 1] = (start[(ent[j] ?? 0) + 1] ?? 0) + 1;
  for (let e = 0; e < enterprises; e++) start[e + 1] = (start[e + 1] ?? 0) + (start[e] ?? 0);
  // In shared memory, so that the engines' worker threads read the columns without a copy.
  const shared = (bytes: number): SharedArrayBuffer => sharedMemory(bytes * n);
  const out = {
    count: n,
    ent: new Int32Array(shared(4)),
    kind: new Uint8Array(shared(1)),
    detail: new Uint8Array(shared(1)),
    day: new Int32Array(shared(4)),
    recorded: new Int32Array(shared(4)),
    month: new Int32Array(shared(4)),
    amount: new Float64Array(shared(8)),
    reportYear: new Int16Array(shared(2)),
    flags: new Uint8Array(shared(1)),
    repairedOn: new Int32Array(shared(4)),
  };
  const months = new MonthTable();
  for (let j = 0; j < n; j++) {
    const e = ent[j] ?? 0;
    const k = start[e] ?? 0;
    start[e] = k + 1;
    const p = packed[j] ?? 0;
    const d = day[j] ?? 0;
    out.ent[k] = e;
    out.kind[k] = p & 15;
    out.detail[k] = (p >> 4) & 255;
    out.flags[k] = (p >> 12) & 7;
    const year = p >> 15;
    out.reportYear[k] = year === 0 ? 0 : year + 1800;
    out.day[k] = d;
    out.month[k] = months.of(d);
    out.recorded[k] = recorded[j] ?? 0;
    out.amount[k] = amount[j] ?? Number.NaN;
    out.repairedOn[k] = repairedOn[j] ?? NEVER;
  }
  return out;
}

/** Day number → `year * 12 + month − 1`, from a table built once per 1970–2100 range and extended on demand. */
class MonthTable {
  #first = daysFromCivil(1970, 1, 1);
  #table = new Int32Array(0);
  of(day: number): number {
    const i = day - this.#first;
    if (i >= 0 && i < this.#table.length) return this.#table[i] ?? 0;
    if (i >= 0 && i < 60_000) {
      this.#table = new Int32Array(60_000);
      for (let k = 0; k < this.#table.length; k++) {
        const { year, month } = civilFromDays(this.#first + k);
        this.#table[k] = year * 12 + month - 1;
      }
      return this.#table[i] ?? 0;
    }
    const { year, month } = civilFromDays(day);
    return year * 12 + month - 1;
  }
}
