/**
 * Classes → an inspection plan: who is in scope, who is excluded and why, the cells (stratum ×
 * class, and special strata), the ratio applied in each, and how many to draw — scaled down to
 * the inspectors' capacity when needed, keeping A ≤ B ≤ C ≤ D and any minimums.
 * @module
 */
import type { RiskClass } from "@creditclass/core";
import { addPeriods, periodDayBounds, RISK_CLASSES, safeParsePeriod, unwrap, ValidationError } from "@creditclass/core";
import type { SamplingPopulation } from "./population.js";
import type { InspectionTask } from "./task.js";
import { requestedRatios, taskHash } from "./task.js";

/** `cellOf` value of an enterprise outside the population of the task or excluded. */
export const NOT_SAMPLED = -1;
/** `cellOf` value of a mandatory enterprise. */
export const MANDATORY = -2;

/**
 * One cell of the plan: a stratum and class, or a special stratum.
 * @category Plans
 */
export interface PlanCell {
  /** `stratum/class` (e.g. `3301|F/C`) or `special/<id>`. */
  readonly key: string;
  readonly stratum: string;
  /** The class, or `null` for a special stratum. */
  readonly riskClass: RiskClass | null;
  readonly special: string | null;
  /** Enterprises in the cell (after scope and exclusions, mandatory ones apart). */
  readonly population: number;
  /** The ratio the task asked for. */
  readonly requestedRatio: number;
  /** The ratio applied (after capacity scaling). */
  readonly ratio: number;
  /** How many to draw: round(population × ratio). */
  readonly drawn: number;
  /** Mandatory enterprises of this stratum and class (inspected for certain, not in `population`). */
  readonly mandatory: number;
}

/**
 * A plan: cells, exclusions, mandatory inclusions, capacity.
 * @category Plans
 */
export interface InspectionPlan {
  readonly task: { readonly id: string; readonly hash: string };
  readonly period: string;
  readonly cells: readonly PlanCell[];
  /** Per enterprise: its cell index, {@link MANDATORY} or {@link NOT_SAMPLED}. */
  readonly cellOf: Int32Array;
  readonly mandatory: { readonly included: number; readonly notInPopulation: readonly string[] };
  readonly excluded: { readonly outOfScope: number; readonly inactive: number; readonly classAWithoutTrigger: number; readonly recentlyInspected: number };
  readonly capacity: {
    readonly limit: number | null;
    /** Inspections the requested ratios would take. */
    readonly requested: number;
    /** Inspections planned (mandatory + drawn). */
    readonly planned: number;
    /** Factor applied to the class ratios (1 when nothing was scaled). */
    readonly scale: number;
    /** Capacity left unused. */
    readonly unused: number;
    readonly note: string;
  };
  /** Inspections per year per class, as the task states them. */
  readonly frequencyPerYear: Readonly<Record<RiskClass, number>> | null;
}

const REGION_PREFIX = { none: 0, province: 2, city: 4, county: 6 } as const;

/**
 * Plans the inspections of a task over a population.
 *
 * @param population - Enterprises with classes.
 * @param task - The validated task.
 * @returns The plan (pure: the inputs are not changed).
 * @throws {ValidationError} `invalid_config` at path `capacity` when mandatory inspections, special strata and minimums alone exceed it.
 * @example
 * const plan = planInspections(population, parseTask(taskJson));
 * plan.cells.map((c) => [c.key, c.population, c.drawn]) //=> [["all/A", 6500, 325], …]
 * @category Plans
 */
export function planInspections(population: SamplingPopulation, task: InspectionTask): InspectionPlan {
  const n = population.count;
  const period = unwrap(safeParsePeriod(task.period));
  const cutoff = periodDayBounds(addPeriods(period, -task.exclude.inspectedWithinMonths)).first;
  const mandatorySet = new Set(task.mandatory);
  const regionOk = matchPrefixes(population.regions, task.scope.regions);
  const industryOk = matchPrefixes(population.industries, task.scope.industries);
  const typeOk = population.entityTypes.map((t) => task.scope.entityTypes.length === 0 || task.scope.entityTypes.includes(t));
  const scopeTags = task.scope.tags.map((t) => population.tags.get(t)).filter((m): m is Uint8Array => m !== undefined);
  const specialTags = task.specialStrata.map((s) => population.tags.get(s.tag));
  const regionLen = REGION_PREFIX[task.stratify.region];
  const regionKey = population.regions.map((r) => (regionLen === 0 ? "" : r.slice(0, regionLen)));
  const industryKey = population.industries.map((c) =>
    task.stratify.industry === "none" ? "" : task.stratify.industry === "section" ? c.slice(0, 1) : c.slice(0, 3),
  );
  const strata = new Map<string, number>();
  const strataByPair = new Int32Array(population.regions.length * population.industries.length).fill(-1);
  const stratumOf = (region: number, industry: number): number => {
    const pair = region * population.industries.length + industry;
    let s = strataByPair[pair] ?? -1;
    if (s < 0) {
      const key = [regionKey[region], industryKey[industry]].filter((k) => k !== "").join("|") || "all";
      const known = strata.get(key);
      s = known ?? strata.size;
      if (known === undefined) strata.set(key, s);
      strataByPair[pair] = s;
    }
    return s;
  };

  const specials = task.specialStrata.length;
  const cellOf = new Int32Array(n);
  const excluded = { outOfScope: 0, inactive: 0, classAWithoutTrigger: 0, recentlyInspected: 0 };
  let mandatoryIncluded = 0;
  const found = new Set<string>();
  // Cell ids while scanning: special strata 0..specials-1, then specials + stratum * 4 + class.
  // Scope by (region, industry, entity type) is decided once per distinct triple, not per enterprise.
  const scopeCache = new Int8Array(population.regions.length * population.industries.length * Math.max(1, population.entityTypes.length)).fill(-1);
  const hasMandatory = mandatorySet.size > 0;
  const hasSpecials = specialTags.some((m) => m !== undefined);
  const { region: regions, industry: industries, entityType: types, riskClass: classes, inactive, lastInspected } = population;
  const industryCount = population.industries.length;
  const typeCount = Math.max(1, population.entityTypes.length);
  const excludeInactive = task.exclude.inactive;
  const excludeA = task.exclude.classAWithoutTrigger;
  const excludeRecent = task.exclude.inspectedWithinMonths > 0;
  const tagScope = task.scope.tags.length > 0;
  /** The cell an enterprise belongs to by its tags, stratum and class. */
  const naturalCell = (i: number, region: number, industry: number, riskClass: number): number => {
    const special = hasSpecials ? specialTags.findIndex((m) => m !== undefined && m[i] === 1) : -1;
    if (special >= 0) return special;
    const pair = region * industryCount + industry;
    return specials + ((strataByPair[pair] ?? -1) >= 0 ? (strataByPair[pair] ?? 0) : stratumOf(region, industry)) * 4 + riskClass;
  };
  // Mandatory enterprises are inspected for certain; each is also counted in its natural cell.
  const mandatoryCells: number[] = [];
  for (let i = 0; i < n; i++) {
    if (hasMandatory && mandatorySet.has(population.uscc[i] ?? "")) {
      cellOf[i] = MANDATORY;
      mandatoryIncluded++;
      found.add(population.uscc[i] ?? "");
      mandatoryCells.push(naturalCell(i, regions[i] ?? 0, industries[i] ?? 0, classes[i] ?? 0));
      continue;
    }
    const region = regions[i] ?? 0;
    const industry = industries[i] ?? 0;
    const type = types[i] ?? 0;
    const key = (region * industryCount + industry) * typeCount + type;
    if (scopeCache[key] === -1) scopeCache[key] = regionOk[region] === true && industryOk[industry] === true && typeOk[type] === true ? 1 : 0;
    const riskClass = classes[i] ?? 0;
    let cell = NOT_SAMPLED;
    if (scopeCache[key] !== 1 || (tagScope && !scopeTags.some((m) => m[i] === 1))) excluded.outOfScope++;
    else if (excludeInactive && inactive[i] === 1) excluded.inactive++;
    else if (excludeA && riskClass === 0) excluded.classAWithoutTrigger++;
    else if (excludeRecent && (lastInspected[i] ?? 0) >= cutoff) excluded.recentlyInspected++;
    else cell = naturalCell(i, region, industry, riskClass);
    cellOf[i] = cell;
  }

  // Population per cell, then renumber the non-empty cells in key order.
  const raw = new Int32Array(specials + strata.size * 4);
  for (let i = 0; i < n; i++) if ((cellOf[i] ?? -1) >= 0) raw[cellOf[i] ?? 0] = (raw[cellOf[i] ?? 0] ?? 0) + 1;
  const mandatoryRaw = new Int32Array(raw.length);
  for (const c of mandatoryCells) mandatoryRaw[c] = (mandatoryRaw[c] ?? 0) + 1;
  const strataKeys = [...strata.keys()];
  const requested = requestedRatios(task);
  const drafts = Array.from(raw, (count, c) => {
    if (c < specials) {
      const s = task.specialStrata[c];
      return {
        c,
        count,
        mandatory: mandatoryRaw[c] ?? 0,
        key: `special/${s?.id ?? c}`,
        stratum: `special/${s?.id ?? c}`,
        riskClass: null,
        special: s?.id ?? null,
        requestedRatio: s?.ratio ?? 0,
      };
    }
    const stratum = strataKeys[Math.floor((c - specials) / 4)] ?? "all";
    const k = (c - specials) % 4;
    const riskClass = RISK_CLASSES[k] ?? "A";
    return { c, count, mandatory: mandatoryRaw[c] ?? 0, key: `${stratum}/${riskClass}`, stratum, riskClass, special: null, requestedRatio: requested[k] ?? 0 };
  })
    .filter((d) => d.count > 0 || d.mandatory > 0)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const renumber = new Int32Array(raw.length).fill(NOT_SAMPLED);
  drafts.forEach((d, k) => {
    renumber[d.c] = k;
  });
  for (let i = 0; i < n; i++) if ((cellOf[i] ?? -1) >= 0) cellOf[i] = renumber[cellOf[i] ?? 0] ?? NOT_SAMPLED;

  // Capacity: one factor on the class ratios, floors and order kept; special strata and mandatory are fixed.
  const minimums = RISK_CLASSES.map((c) => task.minimums[c] ?? 0);
  const applied = (k: number, f: number): number => {
    let r = 0;
    for (let j = 0; j <= k; j++) r = Math.max(r, Math.min(requested[j] ?? 0, Math.max(minimums[j] ?? 0, f * (requested[j] ?? 0))));
    return r;
  };
  const ratioOf = (d: (typeof drafts)[number], f: number): number => (d.riskClass === null ? d.requestedRatio : applied(RISK_CLASSES.indexOf(d.riskClass), f));
  const total = (f: number): number => drafts.reduce((sum, d) => sum + Math.round(d.count * ratioOf(d, f)), mandatoryIncluded);
  const wanted = total(1);
  const limit = task.capacity ?? null;
  let scale = 1;
  if (limit !== null && wanted > limit) {
    if (total(0) > limit) {
      throw new ValidationError([
        {
          code: "invalid_config",
          path: ["capacity"],
          value: limit,
          expected: `at least ${total(0)}`,
          message: `capacity ${limit} cannot hold the ${mandatoryIncluded} mandatory inspections, the special strata and the minimum ratios (${total(0)} inspections)`,
        },
      ]);
    }
    let lo = 0;
    let hi = 1;
    for (let k = 0; k < 60; k++) {
      const mid = (lo + hi) / 2;
      if (total(mid) <= limit) lo = mid;
      else hi = mid;
    }
    scale = lo;
  }
  const cells: PlanCell[] = drafts.map((d) => {
    const ratio = ratioOf(d, scale);
    return {
      key: d.key,
      stratum: d.stratum,
      riskClass: d.riskClass,
      special: d.special,
      population: d.count,
      requestedRatio: d.requestedRatio,
      ratio,
      drawn: Math.round(d.count * ratio),
      mandatory: d.mandatory,
    };
  });
  const planned = cells.reduce((s, c) => s + c.drawn, mandatoryIncluded);
  const unused = limit === null ? 0 : limit - planned;
  const note =
    limit === null
      ? "no capacity limit"
      : wanted > limit
        ? `requested ${wanted} inspections exceed the capacity of ${limit}: class ratios scaled by ${scale.toFixed(4)}`
        : unused > 0
          ? `the requested ratios use ${planned} of ${limit} inspections: ${unused} unused`
          : "the requested ratios use the capacity exactly";
  return {
    task: { id: task.id, hash: taskHash(task) },
    period,
    cells,
    cellOf,
    mandatory: { included: mandatoryIncluded, notInPopulation: task.mandatory.filter((m) => !found.has(m)) },
    excluded,
    capacity: { limit, requested: wanted, planned, scale, unused, note },
    frequencyPerYear: task.frequencyPerYear ?? null,
  };
}

/** For each dictionary value, whether it starts with one of the prefixes (all when there are none). */
function matchPrefixes(values: readonly string[], prefixes: readonly string[]): boolean[] {
  return values.map((v) => prefixes.length === 0 || prefixes.some((p) => v.startsWith(p)));
}
