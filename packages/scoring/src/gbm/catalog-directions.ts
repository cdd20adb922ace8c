/**
 * The monotone direction of every catalog indicator for a boosted model: a `risk` indicator may
 * only raise the log-odds of an adverse outcome (+1), a `safety` one only lower it (−1) — so an
 * enterprise never gets a better score for more penalties.
 * @module
 */
import { INDICATOR_CATALOG } from "@creditclass/core";

const DIRECTIONS = new Map(INDICATOR_CATALOG.map((m) => [m.id, m.direction === "risk" ? 1 : -1] as const));

/**
 * The catalog's monotone direction of an indicator.
 *
 * @param indicator - A catalog indicator id.
 * @returns +1 (risk), −1 (safety), or undefined for a name outside the catalog.
 * @example
 * catalogDirection("penalties_12m") //=> 1
 */
export function catalogDirection(indicator: string): -1 | 1 | undefined {
  return DIRECTIONS.get(indicator);
}
