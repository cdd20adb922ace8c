/**
 * The second random: inspectors drawn for each selected enterprise, in teams of at least two,
 * with avoidance (回避) — not the inspectors who inspected the enterprise last time, not anyone
 * who declared an interest in it, not anyone of the unit the enterprise belongs to, optionally no
 * two team members of one unit — within a per-inspector workload cap, loads balanced (the least
 * loaded eligible inspectors first, ties broken at random from the seed). When greedy choice
 * leaves an enterprise short, one exchange is tried (an inspector it needs takes it over and hands
 * one of their enterprises to another eligible inspector with room). If no valid assignment is
 * found, it fails with the reason; it never relaxes a rule.
 * @module
 */
import { createRandom, seedWords, ValidationError } from "@creditclass/core";
import type { SamplingPopulation } from "./population.js";

/**
 * An inspector of the pool (执法检查人员名录库).
 * @category Inspectors
 */
export interface Inspector {
  readonly id: string;
  /** Work unit (e.g. the bureau or office). */
  readonly unit: string;
  /** Region-code prefixes the inspector covers; empty = all. */
  readonly regions?: readonly string[];
  /** Industry-code prefixes (specialties); empty = all. */
  readonly specialties?: readonly string[];
  /** Unavailable inspectors are never drawn (default available). */
  readonly available?: boolean;
  /** Own workload cap, overriding the common one. */
  readonly maxInspections?: number;
}

/**
 * Options of {@link assignInspectors}.
 * @category Inspectors
 */
export interface AssignOptions {
  /** Inspectors per enterprise (default 2; at least 2). */
  readonly teamSize?: number;
  /** Most inspections per inspector (default: unlimited). */
  readonly maxPerInspector?: number;
  /** Enterprise code → inspector ids of its last inspection. */
  readonly lastInspectors?: ReadonlyMap<string, readonly string[]>;
  /** Inspector id → enterprise codes the inspector declared an interest in. */
  readonly interests?: ReadonlyMap<string, readonly string[]>;
  /** Enterprise code → the unit it belongs to; inspectors of that unit avoid it. */
  readonly enterpriseUnits?: ReadonlyMap<string, string>;
  /** Team members from different units (default false). */
  readonly distinctUnits?: boolean;
}

/**
 * Teams per selected enterprise and the loads.
 * @category Inspectors
 */
export interface Assignment {
  readonly teamSize: number;
  /** `teams[k * teamSize + m]`: inspector index of member m for the k-th selected enterprise. */
  readonly teams: Int32Array;
  /** Inspections per inspector. */
  readonly loads: Int32Array;
}

/**
 * Assigns inspector teams to the selected enterprises.
 *
 * @param population - The population the selection indexes.
 * @param selected - Population indices of the enterprises to inspect.
 * @param inspectors - The pool.
 * @param seed - Seed of the draw (the random order and tie-breaks come from it).
 * @param options - Team size, cap, avoidance data.
 * @returns The teams and loads.
 * @throws {ValidationError} `assignment_impossible` naming the enterprise and why every inspector was ruled out.
 * @example
 * const { teams } = assignInspectors(population, draw.selected, pool, "2026-11-23/42", { maxPerInspector: 40 });
 * @category Inspectors
 */
export function assignInspectors(
  population: SamplingPopulation,
  selected: Int32Array,
  inspectors: readonly Inspector[],
  seed: string,
  options: AssignOptions = {},
): Assignment {
  const teamSize = Math.max(2, Math.trunc(options.teamSize ?? 2));
  const caps = Int32Array.from(inspectors, (p) =>
    p.available === false ? 0 : Math.min(p.maxInspections ?? Number.MAX_SAFE_INTEGER, options.maxPerInspector ?? Number.MAX_SAFE_INTEGER, 2 ** 31 - 1),
  );
  const loads = new Int32Array(inspectors.length);
  const teams = new Int32Array(selected.length * teamSize).fill(-1);
  const indexOf = new Map(inspectors.map((p, k) => [p.id, k] as const));
  const avoid = new Map<string, Set<number>>();
  const addAvoid = (uscc: string, k: number | undefined): void => {
    if (k === undefined) return;
    let set = avoid.get(uscc);
    if (set === undefined) {
      set = new Set();
      avoid.set(uscc, set);
    }
    set.add(k);
  };
  for (const [uscc, ids] of options.lastInspectors ?? []) for (const id of ids) addAvoid(uscc, indexOf.get(id));
  for (const [id, codes] of options.interests ?? []) for (const uscc of codes) addAvoid(uscc, indexOf.get(id));
  const unitMembers = new Map<string, number[]>();
  inspectors.forEach((p, k) => {
    unitMembers.set(p.unit, [...(unitMembers.get(p.unit) ?? []), k]);
  });
  for (const [uscc, unit] of options.enterpriseUnits ?? []) for (const k of unitMembers.get(unit) ?? []) addAvoid(uscc, k);

  // Eligible by coverage, cached per (region, industry) pair of the population's dictionaries.
  const eligibleCache = new Map<number, Int32Array>();
  const eligibleFor = (i: number): Int32Array => {
    const region = population.region[i] ?? 0;
    const industry = population.industry[i] ?? 0;
    const key = region * population.industries.length + industry;
    let list = eligibleCache.get(key);
    if (list === undefined) {
      const r = population.regions[region] ?? "";
      const c = population.industries[industry] ?? "";
      list = Int32Array.from(inspectors.flatMap((p, k) => (p.available !== false && covers(p.regions, r) && covers(p.specialties, c) ? [k] : [])));
      eligibleCache.set(key, list);
    }
    return list;
  };

  const random = createRandom(seedWords(`inspectors\n${seed}`), 0);
  const order = Int32Array.from(selected.keys());
  for (let k = order.length - 1; k > 0; k--) {
    const j = random.int(k + 1);
    const t = order[k] ?? 0;
    order[k] = order[j] ?? 0;
    order[j] = t;
  }
  const unitOf = inspectors.map((p) => p.unit);
  const distinctUnits = options.distinctUnits === true;
  /** May inspector k join the team of the enterprise in this slot (avoidance set given)? */
  const allowed = (slot: number, k: number, avoiding: ReadonlySet<number> | undefined): boolean => {
    if (avoiding?.has(k) === true) return false;
    for (let m = slot * teamSize; m < slot * teamSize + teamSize; m++) {
      const member = teams[m] ?? -1;
      if (member === k || (distinctUnits && member >= 0 && unitOf[member] === unitOf[k])) return false;
    }
    return true;
  };
  // The `teamSize` best of an enterprise's candidates by (load, rank), kept sorted in one pass.
  const pickLoad = new Int32Array(teamSize);
  const pickRank = new Float64Array(teamSize);
  const pick = new Int32Array(teamSize);
  for (let o = 0; o < order.length; o++) {
    const slot = order[o] ?? 0;
    const i = selected[slot] ?? 0;
    const eligible = eligibleFor(i);
    const avoiding = avoid.get(population.uscc[i] ?? "");
    const base = slot * teamSize;
    // The least loaded allowed inspectors; among equals, the smallest of a seeded hash of
    // (draw, inspector): a fresh random order of the inspectors for every team. Without the
    // distinct-unit rule the members do not depend on each other, so one pass picks them all.
    if (!distinctUnits) {
      const salt = Math.floor(random.next() * 4294967296);
      let found = 0;
      for (let e = 0; e < eligible.length; e++) {
        const k = eligible[e] ?? 0;
        const load = loads[k] ?? 0;
        if (load >= (caps[k] ?? 0) || (found === teamSize && load > (pickLoad[teamSize - 1] ?? 0))) continue;
        if (avoiding?.has(k) === true) continue;
        const rank = mix32(k ^ salt);
        let at = found < teamSize ? found : teamSize - 1;
        if (found === teamSize && (load > (pickLoad[at] ?? 0) || (load === (pickLoad[at] ?? 0) && rank >= (pickRank[at] ?? 0)))) continue;
        while (at > 0 && (load < (pickLoad[at - 1] ?? 0) || (load === (pickLoad[at - 1] ?? 0) && rank < (pickRank[at - 1] ?? 0)))) {
          pickLoad[at] = pickLoad[at - 1] ?? 0;
          pickRank[at] = pickRank[at - 1] ?? 0;
          pick[at] = pick[at - 1] ?? 0;
          at--;
        }
        pickLoad[at] = load;
        pickRank[at] = rank;
        pick[at] = k;
        if (found < teamSize) found++;
      }
      if (found === teamSize) {
        for (let m = 0; m < teamSize; m++) {
          const k = pick[m] ?? 0;
          teams[base + m] = k;
          loads[k] = (loads[k] ?? 0) + 1;
        }
        continue;
      }
    }
    for (let m = 0; m < teamSize; m++) {
      const salt = Math.floor(random.next() * 4294967296);
      let best = -1;
      let bestLoad = 0;
      let bestRank = 0;
      for (let e = 0; e < eligible.length; e++) {
        const k = eligible[e] ?? 0;
        const load = loads[k] ?? 0;
        if (load >= (caps[k] ?? 0) || (best >= 0 && load > bestLoad) || !allowed(slot, k, avoiding)) continue;
        const rank = mix32(k ^ salt);
        if (best < 0 || load < bestLoad || rank < bestRank) {
          best = k;
          bestLoad = load;
          bestRank = rank;
        }
      }
      if (best < 0) best = exchange(slot, avoiding, eligible);
      if (best < 0) throw impossible(population, i, eligible, inspectors.length, { caps, loads, avoid, teamSize, member: m });
      teams[base + m] = best;
      loads[best] = (loads[best] ?? 0) + 1;
    }
  }
  return { teamSize, teams, loads };

  /** Frees a full inspector a for this enterprise by moving one of a's enterprises to an inspector b with room. Returns a, or -1. */
  function exchange(slot: number, avoiding: ReadonlySet<number> | undefined, eligible: Int32Array): number {
    for (const a of eligible) {
      if (!allowed(slot, a, avoiding) || (caps[a] ?? 0) === 0) continue;
      for (let other = 0; other < selected.length; other++) {
        const at = teams.subarray(other * teamSize, other * teamSize + teamSize).indexOf(a);
        if (at < 0) continue;
        const j = selected[other] ?? 0;
        const otherAvoiding = avoid.get(population.uscc[j] ?? "");
        for (const b of eligibleFor(j)) {
          if ((loads[b] ?? 0) >= (caps[b] ?? 0) || !allowed(other, b, otherAvoiding)) continue;
          teams[other * teamSize + at] = -1;
          if (!allowed(other, b, otherAvoiding)) {
            teams[other * teamSize + at] = a;
            continue;
          }
          teams[other * teamSize + at] = b;
          loads[b] = (loads[b] ?? 0) + 1;
          loads[a] = (loads[a] ?? 0) - 1;
          return a;
        }
      }
    }
    return -1;
  }
}

/** A 32-bit integer hash (lowbias32, C. Wellons): well mixed, so ranks of one salt are a random order. */
function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

function covers(prefixes: readonly string[] | undefined, code: string): boolean {
  return prefixes === undefined || prefixes.length === 0 || prefixes.some((p) => code.startsWith(p));
}

function impossible(
  population: SamplingPopulation,
  i: number,
  eligible: Int32Array,
  pool: number,
  state: { caps: Int32Array; loads: Int32Array; avoid: ReadonlyMap<string, Set<number>>; teamSize: number; member: number },
): ValidationError {
  const uscc = population.uscc[i] ?? "";
  const avoiding = [...eligible].filter((k) => state.avoid.get(uscc)?.has(k) === true).length;
  const full = [...eligible].filter((k) => state.avoid.get(uscc)?.has(k) !== true && (state.loads[k] ?? 0) >= (state.caps[k] ?? 0)).length;
  const other = eligible.length - avoiding - full;
  return new ValidationError([
    {
      code: "assignment_impossible",
      field: "inspectors",
      value: uscc,
      expected: `${state.teamSize} eligible inspectors with room`,
      message:
        `enterprise ${uscc} (region ${population.regions[population.region[i] ?? 0]}, industry ${population.industries[population.industry[i] ?? 0]}) has ${state.member} of ${state.teamSize} inspectors: ` +
        `${eligible.length} of the ${pool} in the pool cover its region and industry; ${avoiding} must avoid it, ${full} are at their workload cap, ${other} are already on its team or would repeat a unit`,
    },
  ]);
}
