/**
 * `@creditclass/ingest`: validated ingestion of registers and regulatory events, quarantine,
 * storage in DuckDB, point-in-time indicators, the data-quality report, and a province generator.
 * @packageDocumentation
 */
export type { CsvRecord } from "./csv-tokenizer.js";
export { tokenizeCsv } from "./csv-tokenizer.js";
export { csvField, writeCsvFile, writeFrameCsv } from "./csv-writer.js";
export type { CreditDatabase } from "./database.js";
export { inTransaction, openDatabase, SCHEMA_VERSION } from "./database.js";
export { fromDataFrame, ingestDataFrame, toDataFrame } from "./dataframe.js";
export type { DirtyKind, GenerateOptions, GenerateSummary } from "./generator/province.js";
export { generateProvince } from "./generator/province.js";
export { INDICATOR_CATALOG } from "./indicators/catalog.js";
export type { CustomIndicator, IndicatorOptions } from "./indicators/compute-indicators.js";
export { computeIndicators, DEFAULT_VALIDITY_MONTHS } from "./indicators/compute-indicators.js";
export type { FileSummary, IngestOptions, IngestSummary } from "./ingest.js";
export { ingestDirectory, ingestFile, ingestObjects } from "./ingest.js";
export type { ColumnSummary, LabelledTable, TableOptions } from "./load-table.js";
export { loadTableFile, MISSING_MARKERS, tableFromDataFrame, tableFromObjects } from "./load-table.js";
export type { EventColumns, ProvinceColumns, RegisterColumns, RelationColumns } from "./province-columns.js";
export { DETAIL_CODES, FLAG_BITS, loadProvinceColumns, NEVER } from "./province-columns.js";
export type { QualityDimension, QualityDimensionId, QualityOptions, QualityReport } from "./quality-report.js";
export { qualityReport } from "./quality-report.js";
export type { RecordTypes, RecordValidation } from "./record-validation.js";
export { validateRecord } from "./record-validation.js";
export type { Enterprise, EventKind, RecordKind, RegulatoryEvent, Relation } from "./schemas.js";
export {
  CHANGE_FIELDS,
  dateSchema,
  ENTERPRISE_STATUSES,
  ENTITY_TYPES,
  EVENT_KIND_LABELS,
  EVENT_KINDS,
  enterpriseSchema,
  eventSchema,
  INSPECTION_RESULTS,
  PENALTY_SEVERITIES,
  RECORD_SCHEMAS,
  RELATION_ROLES,
  REPORT_FLAGS,
  REQUIRED_COLUMNS,
  relationSchema,
  usccSchema,
} from "./schemas.js";
export type { TextEncodingName, TextSource } from "./text-source.js";
export { readTextFile } from "./text-source.js";
