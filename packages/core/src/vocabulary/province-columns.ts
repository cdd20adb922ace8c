/**
 * The province as columns: register, events and relations as typed arrays, the form the
 * indicator engine and everything downstream work on. Codes replace strings: event kinds and
 * details by their index in {@link EVENT_KINDS} and {@link DETAIL_CODES}, enterprises by their
 * row in the register (ordered by code), persons, addresses, regions and industries by
 * dictionary ids. The store fills them; engines only read them.
 * @module
 */

import type { ENTITY_TYPES } from "./entity-types.js";
import type { DETAIL_CODES, EVENT_KINDS } from "./event-kinds.js";

/**
 * "Never": the day number used where a date is absent (e.g. a record never repaired).
 *
 * @example
 * NEVER > daysFromCivil(2100, 1, 1) //=> true
 * @category Vocabulary
 */
export const NEVER = 2_147_483_647;

/**
 * The register as columns, one row per enterprise, ordered by code.
 * @category Indicators
 */
export interface RegisterColumns {
  readonly count: number;
  readonly uscc: readonly string[];
  /** Index into {@link ENTITY_TYPES}. */
  readonly entityType: Uint8Array;
  readonly established: Int32Array;
  readonly recorded: Int32Array;
  /** Registered capital in 10,000 yuan; NaN when absent. */
  readonly capital: Float64Array;
  /** Dictionary ids of region, industry and address. */
  readonly region: Int32Array;
  readonly industry: Int32Array;
  readonly address: Int32Array;
  readonly regions: readonly string[];
  readonly industries: readonly string[];
}

/**
 * Events as columns, only those of enterprises in the register, grouped by enterprise (for
 * memory locality; within an enterprise in no particular order: every computation over them is
 * order-independent).
 * @category Indicators
 */
export interface EventColumns {
  readonly count: number;
  /** Register row of the enterprise. */
  readonly ent: Int32Array;
  /** Index into {@link EVENT_KINDS}. */
  readonly kind: Uint8Array;
  /** Index into {@link DETAIL_CODES}, 255 when none. */
  readonly detail: Uint8Array;
  readonly day: Int32Array;
  readonly recorded: Int32Array;
  /** `year * 12 + month - 1` of `day`. */
  readonly month: Int32Array;
  readonly amount: Float64Array;
  readonly reportYear: Int16Array;
  readonly flags: Uint8Array;
  /** Recorded day of the first credit repair of this record, {@link NEVER} if none. */
  readonly repairedOn: Int32Array;
}

/**
 * Relations as columns, only those of enterprises in the register, in no particular order.
 * @category Indicators
 */
export interface RelationColumns {
  readonly count: number;
  readonly ent: Int32Array;
  /** Dictionary id of the person or enterprise. */
  readonly party: Int32Array;
  /** Index into `legal_rep, shareholder, manager`. */
  readonly role: Uint8Array;
  readonly since: Int32Array;
  readonly recorded: Int32Array;
}

/**
 * Everything the indicators need, in columns.
 * @category Indicators
 */
export interface ProvinceColumns {
  readonly register: RegisterColumns;
  readonly events: EventColumns;
  readonly relations: RelationColumns;
}
