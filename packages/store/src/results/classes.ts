/**
 * Monthly results in the embedded database: one row per enterprise and month in
 * `classifications`, one row per month in `classification_runs` (model hash, input
 * fingerprint, counts, cut-offs). A month is replaced in one transaction, so a failed run leaves
 * the previous result in place. History queries: an enterprise over time, the migration matrix
 * between two months, the distribution by region and industry.
 * @module
 */
import { randomUUID } from "node:crypto";
import type { Period, RiskClass } from "@creditclass/core";
import { CreditclassError, formatDayNumber, NEVER, periodDayBounds, RISK_CLASSES } from "@creditclass/core";
import { readColumns } from "../columns/read-columns.js";
import type { CreditDatabase } from "../database/open-database.js";
import { inTransaction } from "../database/open-database.js";
import { appendSeal } from "../history/seal-month.js";

/**
 * One stored row, as written by {@link replaceMonth}.
 * @category History
 */
export interface StoredClassRow {
  readonly uscc: string;
  readonly class: RiskClass;
  readonly score: number;
  readonly probability: number | null;
  readonly scored_class: RiskClass;
  readonly previous_class: RiskClass | null;
  readonly change: number | null;
  readonly model: string;
  readonly override: string | null;
  /** JSON array of `{ indicator, value, points }`. */
  readonly reasons: string;
  readonly missing: number;
}

/**
 * What a run records about itself.
 * @category History
 */
export interface ClassificationRun {
  readonly period: Period;
  readonly modelSet: string;
  readonly modelHash: string;
  readonly inputFingerprint: string;
  readonly enterprises: number;
  /** Count per class A–D. */
  readonly counts: readonly [number, number, number, number];
  /** Cut-offs per model, as JSON. */
  readonly cutoffs: string;
}

/**
 * Replaces a month's results atomically, and seals the month (its new rows chained to the history) in the same transaction.
 *
 * @param db - An open database.
 * @param run - The run's record.
 * @param rows - Produces the rows in code order (called once, appended inside the transaction).
 * @param beforeCommit - Called inside the transaction just before COMMIT (fault injection in tests).
 * @example
 * await replaceMonth(db, run, rowsOf(classification));
 * @category History
 */
export async function replaceMonth(db: CreditDatabase, run: ClassificationRun, rows: Iterable<StoredClassRow>, beforeCommit?: () => void): Promise<void> {
  // Appended straight into the table inside the transaction (rows come in code order): no staging copy, no sort.
  await inTransaction(db, async () => {
    await db.run("DELETE FROM classifications WHERE period = ?", [run.period]);
    const appender = await db.connection.createAppender("classifications");
    let failed = true;
    try {
      const text = (v: string | null): void => (v === null ? appender.appendNull() : appender.appendVarchar(v));
      for (const row of rows) {
        appender.appendVarchar(run.period);
        appender.appendVarchar(row.uscc);
        appender.appendVarchar(row.class);
        appender.appendDouble(row.score);
        if (row.probability === null) appender.appendNull();
        else appender.appendDouble(row.probability);
        appender.appendVarchar(row.scored_class);
        text(row.previous_class);
        if (row.change === null) appender.appendNull();
        else appender.appendInteger(row.change);
        appender.appendVarchar(row.model);
        text(row.override);
        appender.appendVarchar(row.reasons);
        appender.appendInteger(row.missing);
        appender.endRow();
      }
      failed = false;
    } finally {
      // On failure the buffered rows are dropped, not flushed: the transaction rolls back anyway.
      if (failed) appender.clear();
      appender.closeSync();
    }
    await db.run("INSERT OR REPLACE INTO classification_runs VALUES (?, ?, ?, ?, ?, ?, ?)", [
      run.period,
      run.modelSet,
      run.modelHash,
      run.inputFingerprint,
      run.enterprises,
      JSON.stringify(run.counts),
      run.cutoffs,
    ]);
    await appendSeal(db, run.period, ["run", "classes"]);
    beforeCommit?.();
  });
}

/**
 * The stored run of a month.
 *
 * @param db - An open database.
 * @param period - The month.
 * @returns The run, or undefined when the month was not classified.
 * @example
 * (await monthRun(db, parsePeriod("2026-10")))?.modelHash //=> "3f…"
 * @category History
 */
export async function monthRun(db: CreditDatabase, period: Period): Promise<ClassificationRun | undefined> {
  const [row] = await db.all("SELECT * FROM classification_runs WHERE period = ?", [period]);
  if (row === undefined) return undefined;
  return {
    period,
    modelSet: String(row.model_set),
    modelHash: String(row.model_hash),
    inputFingerprint: String(row.input_fingerprint),
    enterprises: Number(row.enterprises),
    counts: JSON.parse(String(row.counts)) as [number, number, number, number],
    cutoffs: String(row.cutoffs),
  };
}

/**
 * Each enterprise's class in a month.
 *
 * @param db - An open database.
 * @param period - The month.
 * @returns uscc → class (empty when the month was not classified).
 * @example
 * (await storedClasses(db, parsePeriod("2026-09"))).get("91330100716105852F") //=> "B"
 * @category History
 */
export async function storedClasses(db: CreditDatabase, period: Period): Promise<Map<string, RiskClass>> {
  const reader = await db.connection.runAndReadAll("SELECT uscc, class FROM classifications WHERE period = $1", [period]);
  const columns = reader.getColumnsJS();
  const ids = (columns[0] ?? []) as string[];
  const classes = (columns[1] ?? []) as RiskClass[];
  return new Map(ids.map((u, i) => [u, classes[i] as RiskClass]));
}

/**
 * An enterprise's classes over time.
 *
 * @param db - An open database.
 * @param uscc - The enterprise.
 * @returns Months in order with class, score and override.
 * @example
 * await classHistory(db, "91330100716105852F") //=> [{ period: "2026-09", class: "B", score: 842.5, override: null }, …]
 * @category History
 */
export async function classHistory(db: CreditDatabase, uscc: string): Promise<{ period: string; class: RiskClass; score: number; override: string | null }[]> {
  const rows = await db.all("SELECT period, class, score, override FROM classifications WHERE uscc = ? ORDER BY period", [uscc]);
  return rows.map((r) => ({
    period: String(r.period),
    class: r.class as RiskClass,
    score: Number(r.score),
    override: r.override === null ? null : String(r.override),
  }));
}

/**
 * The migration matrix between two months: `counts[from][to]` over enterprises classified in
 * both, plus those only in one of them.
 *
 * @param db - An open database.
 * @param from - Earlier month.
 * @param to - Later month.
 * @returns Counts by class index (A = 0), entries and exits.
 * @example
 * (await migrationMatrix(db, p("2026-09"), p("2026-10"))).counts[0][1] //=> 1_204 (A → B)
 * @category History
 */
export async function migrationMatrix(
  db: CreditDatabase,
  from: Period,
  to: Period,
): Promise<{ counts: number[][]; entered: number[]; left: number[]; stability: number }> {
  const rows = await db.all(
    `SELECT a.class AS f, b.class AS t, count(*) AS n FROM (SELECT uscc, class FROM classifications WHERE period = ?) a
     FULL OUTER JOIN (SELECT uscc, class FROM classifications WHERE period = ?) b USING (uscc) GROUP BY ALL`,
    [from, to],
  );
  const counts = RISK_CLASSES.map(() => [0, 0, 0, 0]);
  const entered = [0, 0, 0, 0];
  const left = [0, 0, 0, 0];
  for (const r of rows) {
    const f = RISK_CLASSES.indexOf(r.f as RiskClass);
    const t = RISK_CLASSES.indexOf(r.t as RiskClass);
    const n = Number(r.n);
    if (f >= 0 && t >= 0) (counts[f] as number[])[t] = n;
    else if (t >= 0) entered[t] = (entered[t] as number) + n;
    else if (f >= 0) left[f] = (left[f] as number) + n;
  }
  const both = counts.flat().reduce((a, b) => a + b, 0);
  const same = counts.reduce((s, row, k) => s + (row[k] as number), 0);
  return { counts, entered, left, stability: both === 0 ? Number.NaN : same / both };
}

/**
 * One group of {@link classDistribution}.
 * @category History
 */
export interface ClassDistributionRow {
  readonly group: string;
  readonly A: number;
  readonly B: number;
  readonly C: number;
  readonly D: number;
  readonly total: number;
  /** Share of C and D: where to target special inspections (§十三). */
  readonly highRiskShare: number;
}

/**
 * The class distribution of a month by region or industry, riskiest groups first.
 *
 * @param db - An open database.
 * @param period - The month.
 * @param by - `region` at `province` (2 digits), `city` (4) or `county` (6); `industry` at `section` (letter) or `division` (letter + 2 digits).
 * @returns One row per group.
 * @example
 * (await classDistribution(db, p("2026-10"), { by: "industry", level: "section" }))[0] //=> { group: "L", A: 310, …, highRiskShare: 0.21 }
 * @category History
 */
export async function classDistribution(
  db: CreditDatabase,
  period: Period,
  by: { by: "region"; level: "province" | "city" | "county" } | { by: "industry"; level: "section" | "division" },
): Promise<ClassDistributionRow[]> {
  const length = by.by === "region" ? { province: 2, city: 4, county: 6 }[by.level] : { section: 1, division: 3 }[by.level];
  const rows = await db.all(
    `SELECT left(e.${by.by}, ${length}) AS grp, count(*) FILTER (c.class = 'A') AS a, count(*) FILTER (c.class = 'B') AS b,
       count(*) FILTER (c.class = 'C') AS c, count(*) FILTER (c.class = 'D') AS d, count(*) AS total
     FROM classifications c JOIN enterprises e USING (uscc) WHERE c.period = ? GROUP BY grp`,
    [period],
  );
  return rows
    .map((r) => {
      const [a, b, c, d, total] = [r.a, r.b, r.c, r.d, r.total].map(Number) as [number, number, number, number, number];
      return { group: String(r.grp), A: a, B: b, C: c, D: d, total, highRiskShare: (c + d) / total };
    })
    .sort((x, y) => y.highRiskShare - x.highRiskShare || x.group.localeCompare(y.group));
}

/**
 * A month's class table as columns: the classified enterprises (ordered by code) with their
 * class, register attributes and last inspection recorded by the month's end. Texts that repeat
 * (region, industry, entity type, tags, status) come as dictionary ids into sorted lists of their
 * values, so a million rows cost a million codes and a few small lists, not eight million strings.
 * @category History
 */
export interface ClassTableColumns {
  readonly count: number;
  readonly uscc: readonly string[];
  /** 0–3 for A–D. */
  readonly riskClass: Uint8Array;
  readonly region: Int32Array;
  readonly regions: readonly string[];
  readonly industry: Int32Array;
  readonly industries: readonly string[];
  readonly entityType: Int32Array;
  readonly entityTypes: readonly string[];
  /** Index into `tagSets`: the register's tags text as stored (`""` for none). */
  readonly tags: Int32Array;
  readonly tagSets: readonly string[];
  readonly status: Int32Array;
  readonly statuses: readonly string[];
  /** Day number of the last inspection recorded by the month's end, {@link NEVER} if none. */
  readonly lastInspected: Int32Array;
}

const DICTIONARY_COLUMNS = ["region", "industry", "entity_type", "tags", "status"] as const;

/**
 * A month's class table for sampling, as columns (texts absent from the register read as `""`).
 *
 * @param db - An open database.
 * @param period - A classified month.
 * @returns The columns, one entry per classified enterprise, ordered by code.
 * @throws {CreditclassError} `invalid_period` when the month was not classified; `invalid_value` when a stored class is not A–D.
 * @example
 * const t = await classTableColumns(db, p("2026-10"));
 * [t.uscc[0], "ABCD"[t.riskClass[0]], t.regions[t.region[0]]] //=> ["9133…", "B", "330106"]
 * @category History
 */
export async function classTableColumns(db: CreditDatabase, period: Period): Promise<ClassTableColumns> {
  if ((await monthRun(db, period)) === undefined)
    throw new CreditclassError("invalid_period", `${period} has not been classified in ${db.path}: run creditclass classify first`);
  const end = formatDayNumber(periodDayBounds(period).last);
  // A name of its own: two calls on one connection (a server's reads) never share the table.
  const table = `class_table_${randomUUID().replaceAll("-", "")}`;
  await db.run(
    `CREATE TEMP TABLE ${table} AS
     SELECT c.uscc, c.class, coalesce(e.region, '') AS region, coalesce(e.industry, '') AS industry, coalesce(e.entity_type, '') AS entity_type,
       coalesce(e.tags, '') AS tags, coalesce(e.status, '') AS status, i.last
     FROM classifications c JOIN enterprises e USING (uscc)
     LEFT JOIN (SELECT uscc, max(date) AS last FROM events WHERE kind = 'inspection' AND date <= ?::DATE AND recorded <= ?::DATE GROUP BY uscc) i USING (uscc)
     WHERE c.period = ?`,
    [end, end, period],
  );
  try {
    const dictionaries = new Map<string, string[]>();
    for (const column of DICTIONARY_COLUMNS) {
      // Byte order on both sides (COLLATE C), whatever the session's default collation: ids and lists must agree.
      const values = await db.all(`SELECT DISTINCT ${column} AS v FROM ${table} ORDER BY v COLLATE C`);
      dictionaries.set(
        column,
        values.map((r) => String(r.v)),
      );
    }
    // Each text's id is its place in the sorted list of its distinct values: a join to that short list, not a window over every row.
    const lists = DICTIONARY_COLUMNS.map(
      (c) => `d_${c} AS (SELECT v, (row_number() OVER (ORDER BY v COLLATE C) - 1)::INTEGER AS id FROM (SELECT DISTINCT ${c} AS v FROM ${table}))`,
    ).join(", ");
    const joins = DICTIONARY_COLUMNS.map((c) => `JOIN d_${c} ON t.${c} COLLATE C = d_${c}.v COLLATE C`).join(" ");
    const ids = DICTIONARY_COLUMNS.map((c) => `d_${c}.id AS ${c}`).join(", ");
    const t = await readColumns(
      db,
      `WITH ${lists}
       SELECT t.uscc, coalesce(list_position(['A', 'B', 'C', 'D'], t.class) - 1, 255)::UTINYINT AS class, ${ids},
         coalesce(datediff('day', DATE '1970-01-01', t.last), ${NEVER})::INTEGER AS last_inspected
       FROM ${table} t ${joins} ORDER BY t.uscc`,
    );
    // A second query on this connection while the rows stream in ends the stream early: say so rather than draw from part of the table.
    const [{ n } = { n: 0 }] = (await db.all(`SELECT count(*)::INTEGER AS n FROM ${table}`)) as { n: number }[];
    if (t.rows !== n)
      throw new CreditclassError("busy", `${period}: the class table was read while another query ran on the same connection (${t.rows} of ${n} rows)`);
    const riskClass = t.uint8("class");
    const bad = riskClass.indexOf(255);
    if (bad >= 0) throw new CreditclassError("invalid_value", `${period}: the stored class of ${t.strings("uscc")[bad]} is not A, B, C or D`);
    const dictionary = (c: (typeof DICTIONARY_COLUMNS)[number]): string[] => dictionaries.get(c) ?? [];
    return {
      count: t.rows,
      uscc: t.strings("uscc"),
      riskClass,
      region: t.int32("region"),
      regions: dictionary("region"),
      industry: t.int32("industry"),
      industries: dictionary("industry"),
      entityType: t.int32("entity_type"),
      entityTypes: dictionary("entity_type"),
      tags: t.int32("tags"),
      tagSets: dictionary("tags"),
      status: t.int32("status"),
      statuses: dictionary("status"),
      lastInspected: t.int32("last_inspected"),
    };
  } finally {
    await db.run(`DROP TABLE IF EXISTS temp.${table}`);
  }
}

/**
 * A month's scores as columns: each classified enterprise's model part (an id into `models`),
 * class and score, in no particular order — what a score histogram needs, without a row object per
 * enterprise.
 * @category History
 */
export interface MonthScores {
  readonly count: number;
  /** The model part ids stored for the month, in byte order. */
  readonly models: readonly string[];
  /** Index into `models`. */
  readonly model: Int32Array;
  /** 0–3 for A–D, 255 for a stored class that is not one of them. */
  readonly riskClass: Uint8Array;
  /** The stored score (0 where none was stored). */
  readonly score: Float64Array;
}

/**
 * A month's scores by model part and class, as columns.
 *
 * @param db - An open database.
 * @param period - The month (no rows when it was not classified).
 * @returns The columns.
 * @throws {CreditclassError} `busy` when another query on the same connection cut the read short.
 * @example
 * const s = await monthScores(db, p("2026-10"));
 * [s.models[s.model[0]], s.riskClass[0], s.score[0]] //=> ["enterprise-scorecard", 1, 842.5]
 * @category History
 */
export async function monthScores(db: CreditDatabase, period: Period): Promise<MonthScores> {
  const models = (await db.all("SELECT DISTINCT model AS m FROM classifications WHERE period = ? ORDER BY m COLLATE C", [period])).map((r) => String(r.m));
  const t = await readColumns(
    db,
    `SELECT (dense_rank() OVER (ORDER BY model COLLATE C) - 1)::INTEGER AS model,
       coalesce(list_position(['A', 'B', 'C', 'D'], class) - 1, 255)::UTINYINT AS class, coalesce(score, 0) AS score
     FROM classifications WHERE period = ?`,
    [period],
  );
  // A second query on this connection while the rows stream in ends the stream early: say so rather than histogram part of the month.
  const [{ n } = { n: 0 }] = (await db.all("SELECT count(*)::INTEGER AS n FROM classifications WHERE period = ?", [period])) as { n: number }[];
  if (t.rows !== n)
    throw new CreditclassError("busy", `${period}: the scores were read while another query ran on the same connection (${t.rows} of ${n} rows)`);
  return { count: t.rows, models, model: t.int32("model"), riskClass: t.uint8("class"), score: t.float64("score") };
}

/**
 * Class counts A–D of each classified month in a range.
 *
 * @param db - An open database.
 * @param months - The months, in the order wanted.
 * @returns Counts per month in the same order (zeros for a month not classified).
 * @example
 * (await classCounts(db, [p("2026-09"), p("2026-10")]))[1] //=> { period: "2026-10", counts: [61_201, 25_090, 11_870, 1_839] }
 * @category History
 */
export async function classCounts(db: CreditDatabase, months: readonly Period[]): Promise<{ period: Period; counts: number[] }[]> {
  if (months.length === 0) return [];
  const sorted = [...months].sort();
  const rows = await db.all("SELECT period, class, count(*) AS n FROM classifications WHERE period >= ? AND period <= ? GROUP BY period, class", [
    sorted[0] as string,
    sorted[sorted.length - 1] as string,
  ]);
  return months.map((period) => ({
    period,
    counts: RISK_CLASSES.map((c) => Number(rows.find((r) => r.period === period && r.class === c)?.n ?? 0)),
  }));
}

/**
 * One cell of {@link classCrossTab}.
 * @category History
 */
export interface CrossTabCell {
  /** County code (6 digits). */
  readonly county: string;
  /** Industry section letter. */
  readonly section: string;
  readonly total: number;
  /** Enterprises in C or D. */
  readonly high: number;
}

/**
 * A month's enterprises and C + D counts by county × industry section (§十三's comprehensive analysis).
 *
 * @param db - An open database.
 * @param period - A classified month.
 * @returns One cell per county and section that has enterprises.
 * @example
 * (await classCrossTab(db, p("2026-10")))[0] //=> { county: "330102", section: "F", total: 820, high: 211 }
 * @category History
 */
export async function classCrossTab(db: CreditDatabase, period: Period): Promise<CrossTabCell[]> {
  const rows = await db.all(
    `SELECT left(e.region, 6) AS county, left(e.industry, 1) AS section, count(*) AS n, count(*) FILTER (c.class IN ('C', 'D')) AS high
     FROM classifications c JOIN enterprises e USING (uscc) WHERE c.period = ? GROUP BY county, section ORDER BY county, section`,
    [period],
  );
  return rows.map((r) => ({ county: String(r.county), section: String(r.section), total: Number(r.n), high: Number(r.high) }));
}
