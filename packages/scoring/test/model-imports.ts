import { INDICATOR_CATALOG } from "@creditclass/core";

export { DEFAULT_MODEL_SET, modelHash, parseModel, safeParseModel } from "../src/index.js";
/** Every catalog indicator id. */
export const INDICATOR_CATALOG_IDS: readonly string[] = INDICATOR_CATALOG.map((m) => m.id);
