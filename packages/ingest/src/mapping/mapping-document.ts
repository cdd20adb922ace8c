/**
 * The source-mapping document (`creditclass.source-mapping`, version 1): how a bureau's own
 * tables — Chinese headers, its own code values, mixed date formats, 元 or 万元 — become
 * creditclass records. A zod schema, validated with every problem reported at once with its path,
 * hashed, and recorded with every ingest run that applies it.
 * @module
 */
import type { SafeResult } from "@creditclass/core";
import { bilingualSchema, configIssues, contentHash, unwrap } from "@creditclass/core";
import { z } from "zod";
import type { RecordKind } from "../schemas.js";
import { REQUIRED_COLUMNS } from "../schemas.js";

/**
 * The date formats a mapping may try, in the order it lists them. `YYYY-MM-DD`, `YYYY/M/D`,
 * `YYYY.M.D` and `YYYY年M月D日` take one- or two-digit months and days and an optional time of day
 * after the date (`2024-03-16 09:30:00`, dropped); `YYYYMMDD` is eight digits; `excel` is a
 * spreadsheet serial day number (1900 date system, as Excel and WPS write it).
 *
 * @example
 * DATE_FORMATS.includes("YYYY年M月D日") //=> true
 * @category Mapping
 */
export const DATE_FORMATS = ["YYYY-MM-DD", "YYYY/M/D", "YYYYMMDD", "YYYY年M月D日", "YYYY.M.D", "excel"] as const;

/**
 * One of {@link DATE_FORMATS}.
 * @category Mapping
 */
export type DateFormat = (typeof DATE_FORMATS)[number];

/**
 * The fields each record kind has, the ones a mapping may fill. Date fields are parsed with the
 * mapping's date formats; `registered_capital` is stored in 万元 and `amount` in 元.
 *
 * @example
 * TARGET_FIELDS.relations //=> ["source_id", "uscc", "party", "party_type", "role", "since", "recorded"]
 * @category Mapping
 */
export const TARGET_FIELDS: Readonly<Record<RecordKind, readonly string[]>> = {
  enterprises: ["uscc", "name", "entity_type", "region", "industry", "established", "registered_capital", "status", "address", "tags", "recorded"],
  relations: ["source_id", "uscc", "party", "party_type", "role", "since", "recorded"],
  events: [
    "source_id",
    "kind",
    "uscc",
    "date",
    "recorded",
    "field",
    "report_year",
    "flags",
    "severity",
    "amount",
    "published",
    "authority",
    "case_id",
    "reason",
    "task_id",
    "result",
    "channel",
    "repairs",
  ],
};

/**
 * Target fields holding calendar dates.
 *
 * @example
 * DATE_FIELDS.has("published") //=> true
 */
export const DATE_FIELDS: ReadonlySet<string> = new Set(["established", "recorded", "since", "date", "published"]);
/**
 * Target fields holding amounts, with the unit creditclass stores them in.
 *
 * @example
 * AMOUNT_UNITS.registered_capital //=> "万元"
 */
export const AMOUNT_UNITS: Readonly<Record<string, "元" | "万元">> = { registered_capital: "万元", amount: "元" };

const columnRef = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** How one target field gets its value: from a column (header text, alternatives in order), a constant, or the file's extraction date. */
const fieldRuleSchema = z.union([
  z.strictObject({
    /** The header text, or alternatives tried in order (compared after NFKC, without spaces, case-insensitively). */
    column: columnRef,
    /** A code table (in `codeTables`) the column's values go through. */
    codes: z.string().min(1).optional(),
    /** The unit of an amount column (default: the unit creditclass stores the field in). */
    unit: z.enum(["元", "万元"]).optional(),
    /** A file may lack the column (its records then lack the field); default: a file without it is refused before anything is stored. */
    optional: z.boolean().optional(),
  }),
  z.strictObject({ constant: z.string().min(1) }),
  z.strictObject({ extracted: z.literal(true) }),
]);

const codeTableSchema = z.strictObject({
  name: bilingualSchema.optional(),
  /** Where the codes come from (a standard, a regulation, the publicity system). */
  source: z.string().optional(),
  /** Source value → creditclass value. Keys are compared after trimming and NFKC. */
  values: z.record(z.string(), z.string().min(1)),
  /** A value not in `values`: `quarantine` the record (default), `keep` it as written, or use a `default`. */
  unknown: z.union([z.literal("quarantine"), z.literal("keep"), z.strictObject({ default: z.string().min(1) })]).default("quarantine"),
});

const recordRuleSchema = z.strictObject({
  /** Yield this record only when one of these columns is filled (e.g. a removal date). */
  when: z.strictObject({ filled: columnRef }).optional(),
  fields: z.record(z.string(), fieldRuleSchema),
});

const sourceSchema = z.strictObject({
  id: z.string().min(1),
  name: bilingualSchema.optional(),
  /** Where the table's field names come from (a preset's citation, the bureau's data dictionary). */
  source: z.string().optional(),
  /** File name patterns (`*` any characters, `?` one), matched against the folder's file names. */
  files: z.array(z.string().min(1)).min(1),
  kind: z.enum(["enterprises", "relations", "events"]),
  /** The text encoding of this source's CSV and NDJSON files (default: the run's, `auto` unless given). */
  encoding: z.enum(["auto", "utf-8", "gb18030"]).optional(),
  /** Worksheets to read from `.xlsx` files (default all). */
  sheets: z.array(z.string().min(1)).min(1).optional(),
  /** The date the files were extracted: `YYYY-MM-DD`, or `file_name` for the first 8-digit date in the file name. */
  extracted: z.union([z.literal("file_name"), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "is not a date YYYY-MM-DD")]).optional(),
  /** Date formats for this source (default: the document's). */
  dateFormats: z.array(z.enum(DATE_FORMATS)).min(1).optional(),
  /** One or more records per row (e.g. a list entry and, where a removal date is filled, its removal). */
  records: z.array(recordRuleSchema).min(1),
});

/**
 * The zod schema of a source-mapping document. Besides each part's shape it checks that every
 * target field exists for the source's kind, every required field is mapped, every code table
 * named exists, every `extracted` rule has a source with `extracted`, and source ids are unique.
 *
 * @example
 * sourceMappingSchema.safeParse({ kind: "creditclass.source-mapping", version: 1 }).success //=> false
 * @category Mapping
 */
export const sourceMappingSchema = z
  .strictObject({
    kind: z.literal("creditclass.source-mapping"),
    version: z.literal(1),
    name: bilingualSchema,
    /** Where the mapping's field names and codes come from. */
    source: z.string().optional(),
    /** Date formats tried in order, for every source that does not list its own. */
    dateFormats: z
      .array(z.enum(DATE_FORMATS))
      .min(1)
      .default([...DATE_FORMATS]),
    codeTables: z.record(z.string(), codeTableSchema).default({}),
    sources: z.array(sourceSchema).min(1),
  })
  .superRefine((doc, ctx) => {
    const ids = new Set<string>();
    doc.sources.forEach((source, s) => {
      if (ids.has(source.id)) ctx.addIssue({ code: "custom", path: ["sources", s, "id"], message: `the source id ${source.id} is used twice` });
      ids.add(source.id);
      const allowed = TARGET_FIELDS[source.kind];
      source.records.forEach((record, r) => {
        const at = ["sources", s, "records", r, "fields"];
        for (const [field, rule] of Object.entries(record.fields)) {
          if (!allowed.includes(field))
            ctx.addIssue({ code: "custom", path: [...at, field], message: `${field} is not a field of ${source.kind} (fields: ${allowed.join(", ")})` });
          if ("codes" in rule && rule.codes !== undefined && !Object.hasOwn(doc.codeTables, rule.codes))
            ctx.addIssue({ code: "custom", path: [...at, field, "codes"], message: `no code table ${rule.codes} in codeTables` });
          if ("unit" in rule && rule.unit !== undefined && !Object.hasOwn(AMOUNT_UNITS, field))
            ctx.addIssue({
              code: "custom",
              path: [...at, field, "unit"],
              message: `${field} is not an amount (units apply to ${Object.keys(AMOUNT_UNITS).join(", ")})`,
            });
          if ("extracted" in rule && source.extracted === undefined)
            ctx.addIssue({ code: "custom", path: [...at, field], message: `the source ${source.id} has no extracted date (set sources[${s}].extracted)` });
          if ("extracted" in rule && !DATE_FIELDS.has(field))
            ctx.addIssue({ code: "custom", path: [...at, field], message: `${field} is not a date: only dates can take the extraction date` });
        }
        for (const field of REQUIRED_COLUMNS[source.kind]) {
          if (!Object.hasOwn(record.fields, field))
            ctx.addIssue({ code: "custom", path: [...at, field], message: `the required field ${field} of ${source.kind} is not mapped` });
        }
      });
    });
  });

/**
 * A validated source mapping.
 * @category Mapping
 */
export type SourceMapping = z.output<typeof sourceMappingSchema>;
/**
 * A source mapping as written (defaults may be omitted).
 * @category Mapping
 */
export type SourceMappingInput = z.input<typeof sourceMappingSchema>;
/**
 * One source of a mapping: a file pattern, the record kind, the rules of its records.
 * @category Mapping
 */
export type MappingSource = SourceMapping["sources"][number];
/**
 * How one target field gets its value.
 * @category Mapping
 */
export type FieldRule = z.output<typeof fieldRuleSchema>;

/**
 * Validates a source-mapping document.
 *
 * @param document - Parsed JSON or a TS object.
 * @returns The mapping with defaults filled in, or every issue with its path in the document.
 * @example
 * safeParseMapping({ kind: "creditclass.source-mapping", version: 1, name: { zh: "某局", en: "a bureau" },
 *   sources: [{ id: "reg", files: ["登记*.csv"], kind: "enterprises", records: [{ fields: { uscc: { column: "统一社会信用代码" } } }] }] })
 * //=> { success: false, issues: [{ code: "invalid_config", path: ["sources", 0, "records", 0, "fields", "name"], message: "the required field name of enterprises is not mapped" }, …] }
 * @category Mapping
 */
export function safeParseMapping(document: unknown): SafeResult<SourceMapping> {
  const result = sourceMappingSchema.safeParse(document);
  if (result.success) return { success: true, data: result.data };
  return { success: false, issues: configIssues(result.error.issues) };
}

/**
 * Validates a source-mapping document.
 *
 * @param document - Parsed JSON or a TS object.
 * @returns The mapping.
 * @throws {ValidationError} `invalid_config` issues with their paths, all of them.
 * @example
 * parseMapping(JSON.parse(readFileSync("mapping.json", "utf8"))).sources.length //=> 10
 * @category Mapping
 */
export function parseMapping(document: unknown): SourceMapping {
  return unwrap(safeParseMapping(document));
}

/**
 * The content hash of a mapping (canonical JSON of the validated document, SHA-256), recorded
 * with every ingest run that applies it.
 *
 * @param mapping - The mapping.
 * @returns 64 hex digits.
 * @example
 * mappingHash(mapping).length //=> 64
 * @category Mapping
 */
export function mappingHash(mapping: SourceMapping): string {
  return contentHash(mapping);
}
