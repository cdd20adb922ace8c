/**
 * `@creditclass/generator`: a seeded synthetic province — register, relations and events skewed
 * like real data, planted anomalies, optional dirty records and the truth of later adverse
 * outcomes — for tests, the demo, examples and benchmarks.
 * @packageDocumentation
 */

export { bureauMapping } from "./bureau/bureau-mapping.js";
export type { BureauExportSummary } from "./bureau/write-bureau-export.js";
export { BUREAU_FILES, generateBureauExport } from "./bureau/write-bureau-export.js";
export type { DirtyKind, GenerateOptions, GenerateSummary } from "./generate-province.js";
export { generateProvince } from "./generate-province.js";
