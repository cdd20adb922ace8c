/**
 * Loads the stored register, relations and events into typed-array columns: the form the
 * indicator computation, and everything downstream, works on — from the columnar cache beside
 * the database when it is current (`columns-cache.ts`), else from DuckDB (then cached). Codes replace strings: event
 * kinds and details by their index in fixed lists, enterprises by their row in the register
 * (ordered by code), persons, addresses, regions and industries by dictionary ids.
 * @module
 */
import type { EventColumns, ProvinceColumns, RegisterColumns, RelationColumns } from "@creditclass/core";
import { civilFromDays, DETAIL_CODES, daysFromCivil, ENTITY_TYPES, EVENT_KINDS, NEVER, RELATION_ROLES } from "@creditclass/core";
import type { CreditDatabase } from "../database/open-database.js";
import { columnsCachePath, columnsKey, readColumnsCache, writeColumnsCache } from "./columns-cache.js";

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
  const cached = readColumnsCache(path, key);
  if (cached !== undefined) return cached;
  const province = await loadFromDatabase(db);
  // Written only if nothing was ingested while the columns were read.
  if ((await columnsKey(db)) === key) writeColumnsCache(path, key, province);
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
  const out = {
    count: n,
    ent: new Int32Array(n),
    kind: new Uint8Array(n),
    detail: new Uint8Array(n),
    day: new Int32Array(n),
    recorded: new Int32Array(n),
    month: new Int32Array(n),
    amount: new Float64Array(n),
    reportYear: new Int16Array(n),
    flags: new Uint8Array(n),
    repairedOn: new Int32Array(n),
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

interface ColumnReader {
  readonly rows: number;
  int32(name: string): Int32Array;
  uint8(name: string): Uint8Array;
  float64(name: string): Float64Array;
  strings(name: string): string[];
}

type NumberArray = Int32Array | Uint8Array | Int16Array | Float64Array;

/** One result column as it streams in: numbers copied into blocks of a million rows, or texts. */
class ColumnBlocks {
  static readonly SIZE = 1 << 20;
  #blocks: NumberArray[] = [];
  #filled = 0;
  #texts: string[] | undefined;

  append(vector: { getItem(i: number): unknown }, count: number): void {
    const items = (vector as unknown as { items?: unknown }).items;
    if (!(items instanceof Int32Array || items instanceof Uint8Array || items instanceof Int16Array || items instanceof Float64Array)) {
      this.#texts ??= [];
      for (let i = 0; i < count; i++) this.#texts.push(String(vector.getItem(i) ?? ""));
      return;
    }
    for (let from = 0; from < count; ) {
      let block = this.#blocks.at(-1);
      if (block === undefined || this.#filled === block.length) {
        block = new (items.constructor as new (n: number) => NumberArray)(ColumnBlocks.SIZE);
        this.#blocks.push(block);
        this.#filled = 0;
      }
      const take = Math.min(count - from, block.length - this.#filled);
      block.set(items.subarray(from, from + take), this.#filled);
      this.#filled += take;
      from += take;
    }
  }

  /** The column in one array (blocks let go as they are copied). */
  finish(rows: number): { numbers: NumberArray | undefined; texts: string[] | undefined } {
    const first = this.#blocks[0];
    if (first === undefined) return { numbers: undefined, texts: this.#texts };
    const numbers = new (first.constructor as new (n: number) => NumberArray)(rows);
    let offset = 0;
    for (const block of this.#blocks.splice(0)) {
      const take = Math.min(block.length, rows - offset);
      numbers.set(take === block.length ? block : block.subarray(0, take), offset);
      offset += take;
    }
    return { numbers, texts: this.#texts };
  }
}

/**
 * Runs a query and copies each column into one typed array. The result is streamed: each chunk's
 * numeric vectors are copied out of the typed array DuckDB's vector wraps (a memcpy) as the chunk
 * arrives and the chunk is let go, so DuckDB never holds the whole result beside our copy (for
 * 90 M events that would be 2.5 GB more). The query must leave no NULL in a numeric column (use
 * coalesce); text columns are read value by value.
 */
async function readColumns(db: CreditDatabase, sql: string): Promise<ColumnReader> {
  // Let DuckDB run ahead of us on both cores (the default buffer of 1 MB makes the query wait for JavaScript at every chunk).
  await db.run("SET streaming_buffer_size = '256MB'");
  const result = await db.connection.stream(sql);
  const names = result.columnNames();
  const parts = names.map(() => new ColumnBlocks());
  let rows = 0;
  for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    for (const [c, part] of parts.entries()) part.append(chunk.getColumnVector(c), chunk.rowCount);
    rows += chunk.rowCount;
  }
  const columns = parts.map((part) => part.finish(rows));
  const column = (name: string): { numbers: NumberArray | undefined; texts: string[] | undefined } => {
    const c = columns[names.indexOf(name)];
    if (c === undefined) throw new Error(`query has no column ${name}`);
    return c;
  };
  const numeric = <T extends NumberArray>(name: string, kind: new (source: ArrayLike<number>) => T): T => {
    const values = column(name).numbers ?? new Float64Array(rows);
    return values instanceof kind ? values : new kind(values);
  };
  return {
    rows,
    int32: (name) => numeric(name, Int32Array),
    uint8: (name) => numeric(name, Uint8Array),
    float64: (name) => numeric(name, Float64Array),
    strings: (name) => column(name).texts ?? new Array<string>(rows).fill(""),
  };
}
