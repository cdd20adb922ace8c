/**
 * Register attributes of the rows of a frame — entity type and industry — from the register
 * columns, for model selectors.
 * @module
 */
import type { IndicatorFrame, ProvinceColumns } from "@creditclass/core";
import { ENTITY_TYPES } from "@creditclass/core";

/**
 * Entity type and industry of each frame row, from the register columns.
 *
 * @param province - Columns from `loadProvinceColumns`.
 * @param frame - A frame of those enterprises.
 * @returns Per-row entity types and industry codes.
 * @example
 * registerAttributes(province, frame).entityType[0] //=> "company"
 * @category Classes
 */
export function registerAttributes(province: ProvinceColumns, frame: IndicatorFrame): { entityType: string[]; industry: string[] } {
  const reg = province.register;
  const ids = frame.ids();
  // A frame of the indicator engine holds the register's rows in its order: no lookup needed.
  const aligned = ids.length === reg.count && ids.every((id, r) => id === reg.uscc[r]);
  let registerRow: Int32Array;
  if (aligned) registerRow = Int32Array.from({ length: ids.length }, (_, r) => r);
  else {
    const rowOf = new Map<string, number>();
    for (const [i, u] of reg.uscc.entries()) rowOf.set(u, i);
    registerRow = Int32Array.from(ids, (id) => rowOf.get(id) ?? 0);
  }
  return {
    entityType: Array.from(registerRow, (i) => ENTITY_TYPES[reg.entityType[i] as number] as string),
    industry: Array.from(registerRow, (i) => reg.industries[reg.industry[i] as number] as string),
  };
}
