/**
 * The regulatory events creditclass knows (003 §五): their kinds, the codes each kind carries
 * in `detail`, and the roles of related parties. Index positions are the codes used in columns.
 * @module
 */

/**
 * Every event kind, in a fixed order (its index is the kind's code in columns).
 *
 * @example
 * EVENT_KINDS.indexOf("penalty") //=> 2
 * @category Vocabulary
 */
export const EVENT_KINDS = [
  "change",
  "annual_report",
  "penalty",
  "abnormal_entry",
  "abnormal_removal",
  "serious_entry",
  "serious_removal",
  "inspection",
  "complaint",
  "credit_repair",
  "pledge",
] as const;

/**
 * One of {@link EVENT_KINDS}.
 * @category Vocabulary
 */
export type EventKind = (typeof EVENT_KINDS)[number];

/**
 * Chinese and English labels of each event kind.
 *
 * @example
 * EVENT_KIND_LABELS.penalty.zh //=> "行政处罚"
 * @category Vocabulary
 */
export const EVENT_KIND_LABELS: Readonly<Record<EventKind, { readonly zh: string; readonly en: string }>> = {
  change: { zh: "变更登记", en: "registration change" },
  annual_report: { zh: "年度报告", en: "annual report" },
  penalty: { zh: "行政处罚", en: "administrative penalty" },
  abnormal_entry: { zh: "列入经营异常名录", en: "abnormal-operations list entry" },
  abnormal_removal: { zh: "移出经营异常名录", en: "abnormal-operations list removal" },
  serious_entry: { zh: "列入严重违法失信名单", en: "serious-violation list entry" },
  serious_removal: { zh: "移出严重违法失信名单", en: "serious-violation list removal" },
  inspection: { zh: "抽查检查结果", en: "inspection result" },
  complaint: { zh: "投诉举报", en: "complaint or report" },
  credit_repair: { zh: "信用修复", en: "credit repair" },
  pledge: { zh: "股权出质", en: "equity pledge" },
};

/**
 * Registration fields whose change is an event (变更登记).
 *
 * @example
 * CHANGE_FIELDS[0] //=> "legal_rep"
 * @category Vocabulary
 */
export const CHANGE_FIELDS = ["legal_rep", "address", "capital", "shareholder", "name", "scope"] as const;

/**
 * Penalty severities.
 *
 * @example
 * PENALTY_SEVERITIES.at(-1) //=> "serious"
 * @category Vocabulary
 */
export const PENALTY_SEVERITIES = ["minor", "general", "serious"] as const;

/**
 * Inspection results: compliant, problem found, not found at the registered address.
 *
 * @example
 * INSPECTION_RESULTS.includes("not_found") //=> true
 * @category Vocabulary
 */
export const INSPECTION_RESULTS = ["compliant", "problem", "not_found"] as const;

/**
 * Annual-report flags.
 *
 * @example
 * REPORT_FLAGS.length //=> 3
 * @category Vocabulary
 */
export const REPORT_FLAGS = ["zero_employees", "zero_revenue", "zero_assets"] as const;

/**
 * Bits of the annual-report `flags` column.
 *
 * @example
 * FLAG_BITS.zero_revenue //=> 2
 * @category Vocabulary
 */
export const FLAG_BITS = { zero_employees: 1, zero_revenue: 2, zero_assets: 4 } as const;

/**
 * Roles of a party in an enterprise (legal representative, shareholder, manager).
 *
 * @example
 * RELATION_ROLES.indexOf("shareholder") //=> 1
 * @category Vocabulary
 */
export const RELATION_ROLES = ["legal_rep", "shareholder", "manager"] as const;

/**
 * Every `detail` value with a code, across kinds (the lists do not overlap); its index is the
 * detail's code in columns.
 *
 * @example
 * DETAIL_CODES.indexOf("serious") //=> 8
 * @category Vocabulary
 */
export const DETAIL_CODES: readonly string[] = [...CHANGE_FIELDS, ...PENALTY_SEVERITIES, ...INSPECTION_RESULTS, "complaint", "report"];
