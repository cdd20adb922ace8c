/**
 * The register attributes a month's classification reads besides the indicators — the
 * `is_revoked` / `is_deregistered` flags that overrides read, and the entity type, industry and
 * tags that model sets select on (plus the region, for the reader) — as columns of an indicator
 * table, so `creditclass score --model` on that table classifies exactly as `classify` does.
 * The same values as the pipeline's monthly run: entity type and industry by `registerAttributes`,
 * status and tags as stored now (register snapshots without history).
 * @module
 */
import type { IndicatorFrame, ProvinceColumns } from "@creditclass/core";
import { withRegisterAttributes } from "@creditclass/pipeline";
import type { RegisterAttributes } from "@creditclass/store";

/** Names of the text attribute columns in an indicator table. */
export const ATTRIBUTE_COLUMNS = { entityType: "entity_type", region: "region", industry: "industry", tags: "tags" } as const;

/**
 * Adds the status flags to a frame and collects the text attributes of its rows.
 *
 * @param province - Columns from `loadProvinceColumns`.
 * @param frame - Indicators of those enterprises (`computeIndicators`).
 * @param register - Status and tags from `readRegisterAttributes`.
 * @returns The frame with `is_revoked` and `is_deregistered` (1/0), and the text columns
 *   `entity_type`, `region`, `industry` and `tags` (`;`-separated, as the register stores them).
 * @example
 * const { frame: withFlags, text } = registerColumns(province, frame, await readRegisterAttributes(db));
 * await writeFrameCsv("ind.csv", withFlags, "uscc", { text });
 */
export function registerColumns(
  province: ProvinceColumns,
  frame: IndicatorFrame,
  register: RegisterAttributes,
): { frame: IndicatorFrame; text: Map<string, string[]> } {
  // The flags, entity type and industry exactly as the monthly run computes them.
  const { frame: withFlags, attributes } = withRegisterAttributes(province, frame, register);
  const ids = frame.ids();
  const reg = province.register;
  const registerRow = new Map<string, number>();
  for (const [i, u] of reg.uscc.entries()) registerRow.set(u, i);
  const region = ids.map((id) => {
    const i = registerRow.get(id);
    return i === undefined ? "" : (reg.regions[reg.region[i] as number] ?? "");
  });
  const tags = ids.map((id) => register.tags.get(id)?.join(";") ?? "");
  const { entityType, industry } = attributes;
  const text = new Map<string, string[]>([
    [ATTRIBUTE_COLUMNS.entityType, entityType],
    [ATTRIBUTE_COLUMNS.region, region],
    [ATTRIBUTE_COLUMNS.industry, industry],
    [ATTRIBUTE_COLUMNS.tags, tags],
  ]);
  return { frame: withFlags, text };
}
