/**
 * The register's attributes beside a month's indicators, as classification reads them.
 * @module
 */
import type { IndicatorFrame, ProvinceColumns } from "@creditclass/core";
import { registerAttributes } from "@creditclass/scoring";
import type { RegisterAttributes } from "@creditclass/store";

/**
 * What a month's classification reads of the register besides the indicators: the
 * `is_revoked` / `is_deregistered` flags (overrides read them) added to the frame, and the entity
 * type, industry and tags of each row (model sets select on them). Status and tags are register
 * snapshots without history, as stored now.
 *
 * @param province - Columns from `loadProvinceColumns`.
 * @param frame - Indicators of those enterprises.
 * @param register - Status and tags from `readRegisterAttributes`.
 * @returns The frame with the flags, and the attributes for `classifyFrame`.
 * @example
 * const { frame: withFlags, attributes } = withRegisterAttributes(province, frame, await readRegisterAttributes(db));
 * classifyFrame(DEFAULT_MODEL_SET, withFlags, { attributes });
 * @category Monthly job
 */
export function withRegisterAttributes(
  province: ProvinceColumns,
  frame: IndicatorFrame,
  register: RegisterAttributes,
): { frame: IndicatorFrame; attributes: { entityType: string[]; industry: string[]; tags: Map<string, Uint8Array> } } {
  const n = frame.rowCount;
  const ids = frame.ids();
  const rowOf = rowFinder(ids);
  const { entityType, industry } = registerAttributes(province, frame);
  // Status and tags are register snapshots (no history), read as stored now.
  const revoked = new Float64Array(n);
  const deregistered = new Float64Array(n);
  for (const [uscc, status] of register.status) {
    const r = rowOf.get(uscc);
    if (r === undefined) continue;
    if (status === "revoked") revoked[r] = 1;
    if (status === "deregistered") deregistered[r] = 1;
  }
  const tags = new Map<string, Uint8Array>();
  for (const [uscc, list] of register.tags) {
    const r = rowOf.get(uscc);
    if (r === undefined) continue;
    for (const t of list) {
      const column = tags.get(t) ?? new Uint8Array(n);
      tags.set(t, column);
      column[r] = 1;
    }
  }
  return { frame: frame.withColumn("is_revoked", revoked).withColumn("is_deregistered", deregistered), attributes: { entityType, industry, tags } };
}

/**
 * Finds a code's row. The indicator engine's frames hold the register in code order, so the few
 * enterprises with a status or tags are found by binary search instead of a million-entry map.
 */
function rowFinder(ids: readonly string[]): { get(uscc: string): number | undefined } {
  let sorted = true;
  for (let r = 1; r < ids.length && sorted; r++) sorted = (ids[r - 1] as string) < (ids[r] as string);
  if (!sorted) return new Map(ids.map((id, r) => [id, r] as const));
  return {
    get(uscc) {
      let lo = 0;
      let hi = ids.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const id = ids[mid] as string;
        if (id === uscc) return mid;
        if (id < uscc) lo = mid + 1;
        else hi = mid - 1;
      }
      return undefined;
    },
  };
}
