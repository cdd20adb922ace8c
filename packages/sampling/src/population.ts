/**
 * The population a plan draws from, as columns: codes, risk classes, dictionary-coded regions and
 * industries, optional entity types, tags, last inspection and activity. Any class table can be
 * turned into one, so sampling does not depend on how the classes were made.
 * @module
 */
import type { RiskClass } from "@creditclass/core";
import { parseDayNumber, parseTags, RISK_CLASSES, riskClassIndex, ValidationError } from "@creditclass/core";

/** "Never": the day number of an enterprise never inspected. */
export const NEVER_INSPECTED = -2_147_483_648;

/**
 * A population in columns. `riskClass` holds 0–3 for A–D.
 * @category Population
 */
export interface SamplingPopulation {
  readonly count: number;
  readonly uscc: readonly string[];
  /**
   * Optionally the same codes as 18 ASCII bytes each, row after row, in a `SharedArrayBuffer`
   * (a register read by code as a fixed-width column): large draws then hash their manifest on a
   * worker thread. Ignored unless it agrees with `uscc`.
   */
  readonly codeBytes?: Uint8Array;
  readonly riskClass: Uint8Array;
  /** Index into `regions` (GB/T 2260 six-digit codes). */
  readonly region: Int32Array;
  readonly regions: readonly string[];
  /** Index into `industries` (GB/T 4754 codes). */
  readonly industry: Int32Array;
  readonly industries: readonly string[];
  /** Index into `entityTypes`. */
  readonly entityType: Int32Array;
  readonly entityTypes: readonly string[];
  /** Tag → membership (1 = has the tag). */
  readonly tags: ReadonlyMap<string, Uint8Array>;
  /** Day number of the last inspection, {@link NEVER_INSPECTED} if none. */
  readonly lastInspected: Int32Array;
  /** 1 for deregistered or revoked enterprises. */
  readonly inactive: Uint8Array;
}

/**
 * One enterprise as a plain object (a class table row).
 * @category Population
 */
export interface PopulationRow {
  readonly uscc: string;
  readonly class: RiskClass | string;
  readonly region: string;
  readonly industry: string;
  readonly entity_type?: string;
  /** `;`-separated or an array. */
  readonly tags?: string | readonly string[];
  /** `YYYY-MM-DD` or empty. */
  readonly last_inspected?: string;
  /** `active` (default), `revoked` or `deregistered`. */
  readonly status?: string;
}

/**
 * Builds a population from rows (a class table read from CSV, or objects).
 *
 * @param rows - One row per enterprise.
 * @returns The columns.
 * @throws {ValidationError} `invalid_risk_class` / `invalid_date` / `duplicate_id` with the row index in the path.
 * @example
 * populationFromRows([{ uscc: "91330100716105852F", class: "C", region: "330106", industry: "F5211" }]).count //=> 1
 * @category Population
 */
export function populationFromRows(rows: readonly PopulationRow[]): SamplingPopulation {
  const n = rows.length;
  const dictionary = (): { ids: Int32Array; values: string[]; of: (v: string, i: number) => void } => {
    const values: string[] = [];
    const index = new Map<string, number>();
    const ids = new Int32Array(n);
    return {
      ids,
      values,
      of(v, i) {
        let k = index.get(v);
        if (k === undefined) {
          k = values.push(v) - 1;
          index.set(v, k);
        }
        ids[i] = k;
      },
    };
  };
  const region = dictionary();
  const industry = dictionary();
  const entityType = dictionary();
  const riskClass = new Uint8Array(n);
  const lastInspected = new Int32Array(n).fill(NEVER_INSPECTED);
  const inactive = new Uint8Array(n);
  const tags = new Map<string, Uint8Array>();
  const seen = new Set<string>();
  const issues: ConstructorParameters<typeof ValidationError>[0][number][] = [];
  rows.forEach((row, i) => {
    if (seen.has(row.uscc))
      issues.push({ code: "duplicate_id", path: [i, "uscc"], value: row.uscc, expected: "each enterprise once", message: `${row.uscc} appears twice` });
    seen.add(row.uscc);
    const c = String(row.class).trim().toUpperCase();
    if (!(RISK_CLASSES as readonly string[]).includes(c))
      issues.push({
        code: "invalid_risk_class",
        path: [i, "class"],
        value: row.class,
        expected: "A, B, C or D",
        message: `class ${JSON.stringify(row.class)} is not A, B, C or D`,
      });
    else riskClass[i] = riskClassIndex(c as RiskClass);
    region.of(row.region, i);
    industry.of(row.industry, i);
    entityType.of(row.entity_type ?? "", i);
    if (row.last_inspected !== undefined && row.last_inspected !== "") {
      const day = parseDayNumber(row.last_inspected);
      if (Number.isNaN(day))
        issues.push({
          code: "invalid_date",
          path: [i, "last_inspected"],
          value: row.last_inspected,
          expected: "YYYY-MM-DD",
          message: `last_inspected ${JSON.stringify(row.last_inspected)} is not a date`,
        });
      else lastInspected[i] = day;
    }
    inactive[i] = row.status === "revoked" || row.status === "deregistered" ? 1 : 0;
    const list = typeof row.tags === "string" ? parseTags(row.tags) : (row.tags ?? []);
    for (const tag of list) {
      if (tag === "") continue;
      let member = tags.get(tag);
      if (member === undefined) {
        member = new Uint8Array(n);
        tags.set(tag, member);
      }
      member[i] = 1;
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    count: n,
    uscc: rows.map((r) => r.uscc),
    riskClass,
    region: region.ids,
    regions: region.values,
    industry: industry.ids,
    industries: industry.values,
    entityType: entityType.ids,
    entityTypes: entityType.values,
    tags,
    lastInspected,
    inactive,
  };
}
