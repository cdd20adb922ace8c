/**
 * `@creditclass/store`: the one owner of the creditclass DuckDB database — schema version and
 * migrations of every table, transactions, the province loaded as columns, the register's
 * status and tags, and every package's results (classes and runs, alerts and disposals, plans), the chained seals of stored months, and the
 * service's API tokens and access log.
 * @packageDocumentation
 */
export type { AccessEntry, AccessLogFilter } from "./access/access-log.js";
export { appendAccessLog, readAccessLog } from "./access/access-log.js";
export type { ApiRole, ApiToken } from "./access/api-tokens.js";
export { API_ROLES, createApiToken, listApiTokens, revokeApiToken, tokenDigest } from "./access/api-tokens.js";
export { columnsCachePath, removeColumnsCache } from "./columns/columns-cache.js";
export type { LoadProvinceOptions } from "./columns/load-province-columns.js";
export { loadProvinceColumns } from "./columns/load-province-columns.js";
export { markIngestFinished, markIngestStarted, unfinishedIngest } from "./database/ingest-marker.js";
export type { CreditDatabase, OpenDatabaseOptions } from "./database/open-database.js";
export { ENGINE_DUCKDB_SHARE, engineMemoryLimit, inTransaction, openDatabase, SCHEMA_VERSION } from "./database/open-database.js";
export type { SealedPart } from "./history/part-digests.js";
export type { Seal } from "./history/seal-month.js";
export { historySeals, sealMonth } from "./history/seal-month.js";
export type { HistoryVerdict } from "./history/verify-history.js";
export { verifyHistory } from "./history/verify-history.js";
export { latestRegisterSql } from "./register/latest-register.js";
export type { RegisterAttributes } from "./register/read-register-attributes.js";
export { readRegisterAttributes } from "./register/read-register-attributes.js";
export type { AlertFilter, AlertRow, DisposalRow, StoredAlert } from "./results/alerts.js";
export { lastAlertDays, readAlerts, readDisposals, recordDisposal, replaceMonthAlerts } from "./results/alerts.js";
export type { ClassDistributionRow, ClassificationRun, ClassTableColumns, CrossTabCell, MonthScores, StoredClassRow } from "./results/classes.js";
export {
  classCounts,
  classCrossTab,
  classDistribution,
  classHistory,
  classTableColumns,
  migrationMatrix,
  monthRun,
  monthScores,
  replaceMonth,
  storedClasses,
} from "./results/classes.js";
export type { PlanSelectionRow, StoredPlan } from "./results/plans.js";
export { readPlan, replacePlan } from "./results/plans.js";
export { inputFingerprint } from "./runs/input-fingerprint.js";
