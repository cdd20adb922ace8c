/**
 * `@creditclass/ingest`: validated ingestion of registers and regulatory events (readers,
 * validation, quarantine, deduplication) written through `@creditclass/store`, point-in-time
 * indicators, the data-quality report, DataFrames in and out, and labelled tables.
 * @packageDocumentation
 */
export type { CsvRecord, CsvTokenizerOptions } from "./csv-tokenizer.js";
export { CSV_RECORD_LIMITS, tokenizeCsv } from "./csv-tokenizer.js";
export type { WriteFrameCsvOptions } from "./csv-writer.js";
export { csvField, writeCsvFile, writeFrameCsv } from "./csv-writer.js";
export { fromDataFrame, ingestDataFrame, toDataFrame } from "./dataframe.js";
export type { CustomIndicator, IndicatorOptions } from "./indicators/compute-indicators.js";
export { computeIndicators, DEFAULT_VALIDITY_MONTHS, THREADED_ENTERPRISES } from "./indicators/compute-indicators.js";
export type { FileSummary, IngestMappedOptions, IngestOptions, IngestSummary } from "./ingest.js";
export { ingestDirectory, ingestFile, ingestMapped, ingestObjects } from "./ingest.js";
export type { TableOptions } from "./load-table.js";
export { loadTableFile, MISSING_MARKERS, tableFromDataFrame, tableFromObjects } from "./load-table.js";
export type { MappingCheck, MappingProblem } from "./mapping/check-mapping.js";
export { checkMapping } from "./mapping/check-mapping.js";
export type { DraftFile, MappingDraft } from "./mapping/draft-mapping.js";
export { draftMapping } from "./mapping/draft-mapping.js";
export type { DateFormat, FieldRule, MappingSource, SourceMapping, SourceMappingInput } from "./mapping/mapping-document.js";
export { DATE_FORMATS, mappingHash, parseMapping, safeParseMapping, sourceMappingSchema, TARGET_FIELDS } from "./mapping/mapping-document.js";
export { PRESET_CODE_TABLES } from "./mapping/preset-code-tables.js";
export type { PresetField, PresetRecord, TablePreset } from "./mapping/preset-tables.js";
export { TABLE_PRESETS } from "./mapping/preset-tables.js";
export type { QualityDimension, QualityDimensionId, QualityOptions, QualityReport } from "./quality-report.js";
export { qualityReport } from "./quality-report.js";
export type { RecordTypes, RecordValidation } from "./record-validation.js";
export { validateRecord } from "./record-validation.js";
export type { Enterprise, RecordKind, RegulatoryEvent, Relation } from "./schemas.js";
export {
  AMOUNT_LIMITS,
  DATE_RANGE,
  dateSchema,
  enterpriseSchema,
  eventSchema,
  RECORD_SCHEMAS,
  REQUIRED_COLUMNS,
  relationSchema,
  usccSchema,
} from "./schemas.js";
export type { TextEncodingName, TextSource } from "./text-source.js";
export { readTextFile } from "./text-source.js";
