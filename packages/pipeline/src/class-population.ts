/**
 * The sampling population of a classified month, straight from the store's class-table columns:
 * dictionary ids renumbered in order of first appearance and tags parsed once per distinct tags
 * text — the same population `populationFromRows` builds from the table's rows, without a
 * million row objects.
 * @module
 */
import { NEVER, parseTags } from "@creditclass/core";
import type { SamplingPopulation } from "@creditclass/sampling";
import { NEVER_INSPECTED } from "@creditclass/sampling";
import type { ClassTableColumns } from "@creditclass/store";

/**
 * Builds the population of a month's class table.
 *
 * @param t - From `classTableColumns`.
 * @returns The population, equal to `populationFromRows` of the same table as rows.
 * @example
 * const population = populationOfClassTable(await classTableColumns(db, p("2026-10")));
 * population.count //=> 999_013
 * @category Monthly job
 */
export function populationOfClassTable(t: ClassTableColumns): SamplingPopulation {
  const n = t.count;
  const region = inFirstSeenOrder(t.region, t.regions);
  const industry = inFirstSeenOrder(t.industry, t.industries);
  const entityType = inFirstSeenOrder(t.entityType, t.entityTypes);
  const lastInspected = new Int32Array(n);
  const inactive = new Uint8Array(n);
  const inactiveStatus = t.statuses.map((s) => s === "revoked" || s === "deregistered");
  const tagLists = t.tagSets.map((text) => parseTags(text));
  const tags = new Map<string, Uint8Array>();
  for (let i = 0; i < n; i++) {
    const day = t.lastInspected[i] as number;
    lastInspected[i] = day === NEVER ? NEVER_INSPECTED : day;
    inactive[i] = inactiveStatus[t.status[i] as number] === true ? 1 : 0;
    for (const tag of tagLists[t.tags[i] as number] ?? []) {
      let member = tags.get(tag);
      if (member === undefined) {
        member = new Uint8Array(n);
        tags.set(tag, member);
      }
      member[i] = 1;
    }
  }
  return {
    count: n,
    uscc: t.uscc,
    riskClass: t.riskClass,
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

/** Dictionary ids renumbered so that values are listed in the order rows first use them. */
function inFirstSeenOrder(ids: Int32Array, sorted: readonly string[]): { ids: Int32Array; values: string[] } {
  const remap = new Int32Array(sorted.length).fill(-1);
  const values: string[] = [];
  const out = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const k = ids[i] as number;
    if (remap[k] === -1) remap[k] = values.push(sorted[k] as string) - 1;
    out[i] = remap[k] as number;
  }
  return { ids: out, values };
}
