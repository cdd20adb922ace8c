/**
 * Who is on the register: the entity types creditclass classifies and the register statuses.
 * @module
 */

/**
 * Entity types: companies, partnerships, sole proprietorships, cooperatives, branches and
 * individual businesses (个体工商户). The index of a type is its code in columns.
 *
 * @example
 * ENTITY_TYPES.indexOf("individual") //=> 5
 * @category Vocabulary
 */
export const ENTITY_TYPES = ["company", "partnership", "sole_proprietorship", "cooperative", "branch", "individual"] as const;

/**
 * One of {@link ENTITY_TYPES}.
 * @category Vocabulary
 */
export type EntityType = (typeof ENTITY_TYPES)[number];

/**
 * Register statuses: in business (存续), licence revoked (吊销), deregistered (注销).
 *
 * @example
 * ENTERPRISE_STATUSES.includes("active") //=> true
 * @category Vocabulary
 */
export const ENTERPRISE_STATUSES = ["active", "revoked", "deregistered"] as const;

/**
 * One of {@link ENTERPRISE_STATUSES}.
 * @category Vocabulary
 */
export type EnterpriseStatus = (typeof ENTERPRISE_STATUSES)[number];
