/**
 * The register as it stands: the latest recorded row of each enterprise (a re-registration adds a
 * row; readers want one per code).
 * @module
 */

/**
 * SQL for the latest register row of each enterprise, as a subquery to select from: by `recorded`,
 * then the later file and line. A filter on `uscc` may be given; it is applied before the choice,
 * which only compares rows of one code.
 *
 * @param where - An optional `WHERE` clause on the `enterprises` table (e.g. `WHERE uscc IN (…)`).
 * @returns `(SELECT * FROM enterprises … QUALIFY …)`.
 * @example
 * await db.all(`SELECT uscc, region FROM ${latestRegisterSql()} ORDER BY uscc`)
 * @category Register
 */
export function latestRegisterSql(where = ""): string {
  return `(SELECT * FROM enterprises ${where} QUALIFY row_number() OVER (PARTITION BY uscc ORDER BY recorded DESC NULLS LAST, source_file DESC, source_line DESC) = 1)`;
}
