/**
 * The results the server answers from: the register's codes, regions and industries and every
 * classified month's classes as columns in memory, read once from committed data and replaced
 * whole after a month run, so readers see the previous complete month until the new one commits
 * and a lookup never waits on the database.
 * @module
 */
import type { Bilingual, Period, RiskClass } from "@creditclass/core";
import { INDICATOR_CATALOG, RISK_CLASSES } from "@creditclass/core";
import type { ModelSet } from "@creditclass/scoring";
import type { CreditDatabase } from "@creditclass/store";
import { historySeals, latestRegisterSql } from "@creditclass/store";

/** The built-in indicators' names by id. */
const INDICATOR_NAMES: ReadonlyMap<string, Bilingual> = new Map(INDICATOR_CATALOG.map((m) => [m.id, m.name] as const));

/** One month's classes by enterprise index. */
export interface MonthColumns {
  readonly period: Period;
  /** 0 when not classified that month, else 1 + index in A, B, C, D. */
  readonly cls: Uint8Array;
  readonly score: Float64Array;
  /** NaN for scorecards. */
  readonly probability: Float64Array;
  /** 0 for none, else 1 + index in `overrides`. */
  readonly override: Uint8Array;
  /** Index in `models`. */
  readonly model: Uint8Array;
  readonly overrides: readonly string[];
  readonly models: readonly string[];
}

/** The latest month's reasons: `width` slots per enterprise. */
interface ReasonColumns {
  readonly width: number;
  /** Index in `indicators`, −1 for an empty slot. */
  readonly indicator: Int16Array;
  readonly value: Float64Array;
  readonly points: Float64Array;
  readonly indicators: readonly string[];
}

/** One reason of a class, with its labels. */
export interface Reason {
  readonly indicator: string;
  readonly name: Bilingual;
  readonly value: number;
  readonly points: number;
}

/** An enterprise's class in one month. */
export interface EnterpriseMonth {
  readonly period: Period;
  readonly class: RiskClass;
  readonly score: number;
  readonly override: string | null;
}

/** What a lookup returns for an enterprise in scope. */
export interface EnterpriseResult {
  readonly uscc: string;
  readonly name: string;
  readonly region: string;
  readonly industry: string;
  readonly entityType: string;
  readonly period: Period;
  readonly class: RiskClass;
  readonly score: number;
  readonly probability: number | null;
  readonly model: string;
  readonly override: { readonly id: string; readonly name: Bilingual } | null;
  readonly reasons: Reason[];
  /** Oldest first, the months it was classified. */
  readonly history: EnterpriseMonth[];
}

/** A class distribution row. */
export interface DistributionRow {
  readonly group: string;
  readonly A: number;
  readonly B: number;
  readonly C: number;
  readonly D: number;
  readonly total: number;
}

/** The in-memory results. */
export class ResultSnapshot {
  private constructor(
    readonly codes: readonly string[],
    private readonly index: ReadonlyMap<string, number>,
    readonly names: readonly string[],
    readonly regions: readonly string[],
    readonly industries: readonly string[],
    readonly entityTypes: readonly string[],
    /** Oldest first. */
    readonly months: readonly MonthColumns[],
    private readonly reasons: ReasonColumns | undefined,
    private readonly overrideNames: ReadonlyMap<string, Bilingual>,
    /** The history's head when it was read ("" before the first seal). */
    readonly head: string,
  ) {}

  /**
   * Reads the register and every classified month (committed data only: pass a session that is
   * not inside a transaction).
   *
   * @param db - A reader session.
   * @param models - The model set, for the overrides' names.
   * @returns The snapshot.
   */
  static async load(db: CreditDatabase, models: ModelSet): Promise<ResultSnapshot> {
    const register = (
      await db.connection.runAndReadAll(
        `SELECT uscc, coalesce(name, '') AS name, coalesce(region, '') AS region, coalesce(industry, '') AS industry, coalesce(entity_type, '') AS entity_type
         FROM ${latestRegisterSql()} ORDER BY uscc`,
      )
    ).getColumnsJS() as string[][];
    const [codes = [], names = [], regions = [], industries = [], entityTypes = []] = register;
    const index = new Map(codes.map((c, i) => [c, i] as const));
    const runs = await db.all("SELECT period FROM classification_runs ORDER BY period");
    const months: MonthColumns[] = [];
    for (const run of runs) months.push(await readMonth(db, String(run.period) as Period, index));
    const last = months.at(-1);
    const reasons = last === undefined ? undefined : await readReasons(db, last.period, index);
    const overrideNames = new Map<string, Bilingual>();
    for (const model of models.models) for (const o of model.overrides) overrideNames.set(o.id, o.name);
    const head = (await historySeals(db)).at(-1)?.head ?? "";
    return new ResultSnapshot(codes, index, names, regions, industries, entityTypes, months, reasons, overrideNames, head);
  }

  /** The latest classified month. */
  get latest(): MonthColumns | undefined {
    return this.months.at(-1);
  }

  /** A month's columns. */
  month(period: Period): MonthColumns | undefined {
    return this.months.find((m) => m.period === period);
  }

  /** The register index of a code, or undefined. */
  indexOf(uscc: string): number | undefined {
    return this.index.get(uscc);
  }

  /**
   * An enterprise's latest class, reasons and history; undefined when it is not in the register,
   * was never classified, or lies outside `region`.
   */
  lookup(uscc: string, region: string): EnterpriseResult | undefined {
    const i = this.index.get(uscc);
    const latest = this.latest;
    if (i === undefined || latest === undefined || !(this.regions[i] ?? "").startsWith(region)) return undefined;
    const history: EnterpriseMonth[] = [];
    let current: MonthColumns | undefined;
    for (const m of this.months) {
      const c = m.cls[i] ?? 0;
      if (c === 0) continue;
      current = m;
      history.push({ period: m.period, class: RISK_CLASSES[c - 1] as RiskClass, score: m.score[i] ?? 0, override: overrideOf(m, i) });
    }
    if (current === undefined) return undefined;
    const override = overrideOf(current, i);
    const probability = current.probability[i] ?? Number.NaN;
    return {
      uscc,
      name: this.names[i] ?? "",
      region: this.regions[i] ?? "",
      industry: this.industries[i] ?? "",
      entityType: this.entityTypes[i] ?? "",
      period: current.period,
      class: RISK_CLASSES[(current.cls[i] ?? 1) - 1] as RiskClass,
      score: current.score[i] ?? 0,
      probability: Number.isNaN(probability) ? null : probability,
      model: current.models[current.model[i] ?? 0] ?? "",
      override: override === null ? null : { id: override, name: this.overrideNames.get(override) ?? { zh: override, en: override } },
      reasons: current === latest ? this.reasonsOf(i) : [],
      history,
    };
  }

  /** The latest month's reasons of an enterprise, labelled. */
  private reasonsOf(i: number): Reason[] {
    const r = this.reasons;
    if (r === undefined) return [];
    const out: Reason[] = [];
    for (let k = 0; k < r.width; k++) {
      const slot = i * r.width + k;
      const which = r.indicator[slot] ?? -1;
      if (which < 0) continue;
      const id = r.indicators[which] ?? "";
      out.push({ indicator: id, name: INDICATOR_NAMES.get(id) ?? { zh: id, en: id }, value: r.value[slot] ?? 0, points: r.points[slot] ?? 0 });
    }
    return out;
  }

  /**
   * A month's class counts by group, for the enterprises in `region`.
   *
   * @param period - A classified month.
   * @param region - The scope's prefix.
   * @param key - The group of an enterprise index (e.g. its region's first 4 digits).
   * @returns Rows by group, sorted.
   */
  distribution(period: Period, region: string, key: (i: number) => string): DistributionRow[] | undefined {
    const m = this.month(period);
    if (m === undefined) return undefined;
    const groups = new Map<string, number[]>();
    for (let i = 0; i < this.codes.length; i++) {
      const c = m.cls[i] ?? 0;
      if (c === 0 || !(this.regions[i] ?? "").startsWith(region)) continue;
      const g = key(i);
      const counts = groups.get(g) ?? [0, 0, 0, 0];
      groups.set(g, counts);
      counts[c - 1] = (counts[c - 1] ?? 0) + 1;
    }
    return [...groups.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([group, [A = 0, B = 0, C = 0, D = 0]]) => ({ group, A, B, C, D, total: A + B + C + D }));
  }

  /**
   * Class migration from one month to another for the enterprises in `region`: `matrix[from][to]`
   * over A–D, with the enterprises classified in only one of the months.
   */
  migration(from: Period, to: Period, region: string): { matrix: number[][]; entered: number; left: number } | undefined {
    const a = this.month(from);
    const b = this.month(to);
    if (a === undefined || b === undefined) return undefined;
    const matrix = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
    let entered = 0;
    let left = 0;
    for (let i = 0; i < this.codes.length; i++) {
      if (!(this.regions[i] ?? "").startsWith(region)) continue;
      const x = a.cls[i] ?? 0;
      const y = b.cls[i] ?? 0;
      if (x > 0 && y > 0) {
        const row = matrix[x - 1] as number[];
        row[y - 1] = (row[y - 1] ?? 0) + 1;
      } else if (y > 0) entered++;
      else if (x > 0) left++;
    }
    return { matrix, entered, left };
  }
}

/** The override id of an enterprise in a month, or null. */
function overrideOf(m: MonthColumns, i: number): string | null {
  const o = m.override[i] ?? 0;
  return o === 0 ? null : (m.overrides[o - 1] ?? null);
}

/** The index of a value in a dictionary, adding it at the end the first time. */
function intern(values: string[], ids: Map<string, number>, value: string): number {
  let id = ids.get(value);
  if (id === undefined) {
    id = values.length;
    values.push(value);
    ids.set(value, id);
  }
  return id;
}

/** Reads one month's classes into columns by register index. */
async function readMonth(db: CreditDatabase, period: Period, index: ReadonlyMap<string, number>): Promise<MonthColumns> {
  const n = index.size;
  const columns = (
    await db.connection.runAndReadAll(
      `SELECT uscc, CASE class WHEN 'A' THEN 1 WHEN 'B' THEN 2 WHEN 'C' THEN 3 WHEN 'D' THEN 4 ELSE 0 END::INTEGER AS c,
              score, coalesce(probability, 'NaN'::DOUBLE) AS p, coalesce(override, '') AS o, model
       FROM classifications WHERE period = $1`,
      [period],
    )
  ).getColumnsJS();
  const [uscc = [], cls = [], score = [], probability = [], override = [], model = []] = columns as unknown[][];
  const month = {
    period,
    cls: new Uint8Array(n),
    score: new Float64Array(n),
    probability: new Float64Array(n).fill(Number.NaN),
    override: new Uint8Array(n),
    model: new Uint8Array(n),
    overrides: [] as string[],
    models: [] as string[],
  };
  const overrideIds = new Map<string, number>();
  const modelIds = new Map<string, number>();
  for (let r = 0; r < uscc.length; r++) {
    const i = index.get(uscc[r] as string);
    if (i === undefined) continue;
    month.cls[i] = cls[r] as number;
    month.score[i] = score[r] as number;
    month.probability[i] = probability[r] as number;
    const o = override[r] as string;
    if (o !== "") month.override[i] = intern(month.overrides, overrideIds, o) + 1;
    month.model[i] = intern(month.models, modelIds, model[r] as string);
  }
  return month;
}

/** Reads a month's reasons (JSON per row) into fixed-width columns. */
async function readReasons(db: CreditDatabase, period: Period, index: ReadonlyMap<string, number>): Promise<ReasonColumns> {
  const [uscc = [], text = []] = (
    await db.connection.runAndReadAll("SELECT uscc, reasons FROM classifications WHERE period = $1", [period])
  ).getColumnsJS() as string[][];
  const parsed = text.map((t) => {
    try {
      const value: unknown = JSON.parse(t);
      return Array.isArray(value) ? (value as { indicator?: unknown; value?: unknown; points?: unknown }[]) : [];
    } catch {
      return [];
    }
  });
  const width = Math.min(
    8,
    parsed.reduce((w, r) => Math.max(w, r.length), 0),
  );
  const n = index.size;
  const out = {
    width,
    indicator: new Int16Array(n * width).fill(-1),
    value: new Float64Array(n * width),
    points: new Float64Array(n * width),
    indicators: [] as string[],
  };
  const ids = new Map<string, number>();
  for (let r = 0; r < uscc.length; r++) {
    const i = index.get(uscc[r] as string);
    if (i === undefined) continue;
    for (const [k, reason] of (parsed[r] ?? []).slice(0, width).entries()) {
      out.indicator[i * width + k] = intern(out.indicators, ids, String(reason.indicator));
      out.value[i * width + k] = Number(reason.value);
      out.points[i * width + k] = Number(reason.points);
    }
  }
  return out;
}
