/**
 * Loads the stored register, relations and events into typed-array columns: the form the
 * indicator computation, and everything downstream, works on. Codes replace strings: event
 * kinds and details by their index in fixed lists, enterprises by their row in the register
 * (ordered by code), persons, addresses, regions and industries by dictionary ids.
 * @module
 */
import type { CreditDatabase } from "./database.js";
import { CHANGE_FIELDS, ENTITY_TYPES, EVENT_KINDS, INSPECTION_RESULTS, PENALTY_SEVERITIES } from "./schemas.js";

/** Every `detail` value with a code, across kinds (the lists do not overlap). */
export const DETAIL_CODES: readonly string[] = [...CHANGE_FIELDS, ...PENALTY_SEVERITIES, ...INSPECTION_RESULTS, "complaint", "report"];
/** Bits of the annual-report `flags` column. */
export const FLAG_BITS = { zero_employees: 1, zero_revenue: 2, zero_assets: 4 } as const;
/** "Never": the day number used where a date is absent (e.g. a record never repaired). */
export const NEVER = 2_147_483_647;

/**
 * The register as columns, one row per enterprise, ordered by code.
 * @category Indicators
 */
export interface RegisterColumns {
  readonly count: number;
  readonly uscc: readonly string[];
  /** Index into {@link ENTITY_TYPES}. */
  readonly entityType: Uint8Array;
  readonly established: Int32Array;
  readonly recorded: Int32Array;
  /** Registered capital in 10,000 yuan; NaN when absent. */
  readonly capital: Float64Array;
  /** Dictionary ids of region, industry and address. */
  readonly region: Int32Array;
  readonly industry: Int32Array;
  readonly address: Int32Array;
  readonly regions: readonly string[];
  readonly industries: readonly string[];
}

/**
 * Events as columns, only those of enterprises in the register.
 * @category Indicators
 */
export interface EventColumns {
  readonly count: number;
  /** Register row of the enterprise. */
  readonly ent: Int32Array;
  /** Index into {@link EVENT_KINDS}. */
  readonly kind: Uint8Array;
  /** Index into {@link DETAIL_CODES}, 255 when none. */
  readonly detail: Uint8Array;
  readonly day: Int32Array;
  readonly recorded: Int32Array;
  /** `year * 12 + month - 1` of `day`. */
  readonly month: Int32Array;
  readonly amount: Float64Array;
  readonly reportYear: Int16Array;
  readonly flags: Uint8Array;
  readonly published: Int32Array;
  /** Recorded day of the first credit repair of this record, {@link NEVER} if none. */
  readonly repairedOn: Int32Array;
}

/**
 * Relations as columns, only those of enterprises in the register.
 * @category Indicators
 */
export interface RelationColumns {
  readonly count: number;
  readonly ent: Int32Array;
  /** Dictionary id of the person or enterprise. */
  readonly party: Int32Array;
  /** Index into `legal_rep, shareholder, manager`. */
  readonly role: Uint8Array;
  readonly since: Int32Array;
  readonly recorded: Int32Array;
}

/**
 * Everything the indicators need, in columns.
 * @category Indicators
 */
export interface ProvinceColumns {
  readonly register: RegisterColumns;
  readonly events: EventColumns;
  readonly relations: RelationColumns;
}

const list = (values: readonly string[]): string => `[${values.map((v) => `'${v}'`).join(", ")}]`;
const days = (column: string): string => `coalesce(datediff('day', DATE '1970-01-01', ${column}), ${NEVER})`;

/**
 * Reads the database into columns.
 *
 * @param db - An ingested database.
 * @returns Register, events and relations as typed arrays.
 * @example
 * const province = await loadProvinceColumns(db);
 * province.events.count //=> 3_912_004
 * @category Indicators
 */
export async function loadProvinceColumns(db: CreditDatabase): Promise<ProvinceColumns> {
  await db.run(`CREATE OR REPLACE TEMP TABLE register_index AS
    SELECT uscc, (row_number() OVER (ORDER BY uscc) - 1)::INTEGER AS idx FROM enterprises`);
  const reg = await readColumns(
    db,
    `SELECT r.uscc, list_position(${list(ENTITY_TYPES)}, e.entity_type) - 1 AS entity_type, ${days("established")} AS established,
       ${days("recorded")} AS recorded, coalesce(registered_capital, 'NaN'::DOUBLE) AS capital,
       dense_rank() OVER (ORDER BY region) - 1 AS region, dense_rank() OVER (ORDER BY industry) - 1 AS industry,
       dense_rank() OVER (ORDER BY address) - 1 AS address, region AS region_code, industry AS industry_code
     FROM enterprises e JOIN register_index r USING (uscc) ORDER BY r.idx`,
  );
  const n = reg.rows;
  const regions: string[] = [];
  const industries: string[] = [];
  const regionIds = reg.int32("region");
  const industryIds = reg.int32("industry");
  const regionCodes = reg.strings("region_code");
  const industryCodes = reg.strings("industry_code");
  for (let i = 0; i < n; i++) {
    regions[regionIds[i] ?? 0] = regionCodes[i] ?? "";
    industries[industryIds[i] ?? 0] = industryCodes[i] ?? "";
  }
  const register: RegisterColumns = {
    count: n,
    uscc: reg.strings("uscc"),
    entityType: Uint8Array.from(reg.int32("entity_type")),
    established: reg.int32("established"),
    recorded: reg.int32("recorded"),
    capital: reg.float64("capital"),
    region: regionIds,
    industry: industryIds,
    address: reg.int32("address"),
    regions,
    industries,
  };

  const ev = await readColumns(
    db,
    `WITH repairs AS (SELECT repairs, min(recorded) AS repaired FROM events WHERE kind = 'credit_repair' GROUP BY repairs)
     SELECT r.idx AS ent, list_position(${list(EVENT_KINDS)}, e.kind) - 1 AS kind, coalesce(list_position(${list(DETAIL_CODES)}, e.detail) - 1, 255) AS detail,
       ${days("e.date")} AS day, ${days("e.recorded")} AS recorded, (year(e.date) * 12 + month(e.date) - 1)::INTEGER AS month,
       coalesce(e.amount, 'NaN'::DOUBLE) AS amount, coalesce(e.report_year, 0) AS report_year,
       (coalesce(contains(e.flags, 'zero_employees'), false)::INTEGER + 2 * coalesce(contains(e.flags, 'zero_revenue'), false)::INTEGER
         + 4 * coalesce(contains(e.flags, 'zero_assets'), false)::INTEGER) AS flags,
       ${days("e.published")} AS published, ${days("p.repaired")} AS repaired_on
     FROM events e JOIN register_index r USING (uscc) LEFT JOIN repairs p ON p.repairs = e.source_id
     ORDER BY r.idx, e.date, e.source_id`,
  );
  const events: EventColumns = {
    count: ev.rows,
    ent: ev.int32("ent"),
    kind: Uint8Array.from(ev.int32("kind")),
    detail: Uint8Array.from(ev.int32("detail")),
    day: ev.int32("day"),
    recorded: ev.int32("recorded"),
    month: ev.int32("month"),
    amount: ev.float64("amount"),
    reportYear: Int16Array.from(ev.int32("report_year")),
    flags: Uint8Array.from(ev.int32("flags")),
    published: ev.int32("published"),
    repairedOn: ev.int32("repaired_on"),
  };

  const rel = await readColumns(
    db,
    `SELECT r.idx AS ent, dense_rank() OVER (ORDER BY party_type, party) - 1 AS party, list_position(['legal_rep', 'shareholder', 'manager'], role) - 1 AS role,
       ${days("since")} AS since, ${days("recorded")} AS recorded
     FROM relations l JOIN register_index r USING (uscc) ORDER BY r.idx, l.source_id`,
  );
  const relations: RelationColumns = {
    count: rel.rows,
    ent: rel.int32("ent"),
    party: rel.int32("party"),
    role: Uint8Array.from(rel.int32("role")),
    since: rel.int32("since"),
    recorded: rel.int32("recorded"),
  };
  return { register, events, relations };
}

interface ColumnReader {
  readonly rows: number;
  int32(name: string): Int32Array;
  float64(name: string): Float64Array;
  strings(name: string): string[];
}

/** Streams a query chunk by chunk into growable columns: numbers into a Float64Array, text into strings. */
async function readColumns(db: CreditDatabase, sql: string): Promise<ColumnReader> {
  const result = await db.connection.stream(sql);
  const names = result.columnNames();
  let capacity = 1 << 16;
  let numbers: (Float64Array | undefined)[] = names.map(() => undefined);
  const texts: (string[] | undefined)[] = names.map(() => undefined);
  let rows = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    const size = chunk.rowCount;
    if (rows + size > capacity) {
      while (rows + size > capacity) capacity *= 2;
      numbers = numbers.map((a) => {
        if (a === undefined) return undefined;
        const grown = new Float64Array(capacity);
        grown.set(a.subarray(0, rows));
        return grown;
      });
    }
    for (let c = 0; c < names.length; c++) {
      const vector = chunk.getColumnVector(c);
      const first = vector.getItem(0);
      if (typeof first === "string" || texts[c] !== undefined) {
        const out = texts[c] ?? [];
        texts[c] = out;
        for (let i = 0; i < size; i++) out.push(String(vector.getItem(i) ?? ""));
        continue;
      }
      const out = numbers[c] ?? new Float64Array(capacity);
      numbers[c] = out;
      for (let i = 0; i < size; i++) {
        const v = vector.getItem(i);
        out[rows + i] = typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : Number.NaN;
      }
    }
    rows += size;
  }
  const numberColumn = (name: string): Float64Array => {
    const c = names.indexOf(name);
    if (c < 0) throw new Error(`query has no column ${name}`);
    return (numbers[c] ?? new Float64Array(capacity)).subarray(0, rows);
  };
  return {
    rows,
    int32: (name) => Int32Array.from(numberColumn(name)),
    float64: (name) => Float64Array.from(numberColumn(name)),
    strings: (name) => texts[names.indexOf(name)] ?? new Array<string>(rows).fill(""),
  };
}
