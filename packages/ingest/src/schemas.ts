/**
 * The record kinds creditclass ingests, as zod schemas with their derived types: the enterprise
 * register, relations between enterprises and persons, and regulatory events (one discriminated
 * union on `kind`). Dates are calendar dates `YYYY-MM-DD`; codes are validated to their standards.
 * @module
 */
import type { CalendarDate, Uscc } from "@creditclass/core";
import {
  CHANGE_FIELDS,
  ENTERPRISE_STATUSES,
  ENTITY_TYPES,
  INSPECTION_RESULTS,
  isIndustryCode,
  isRegionCode,
  PENALTY_SEVERITIES,
  parseDayNumber,
  RELATION_ROLES,
  REPORT_FLAGS,
  usccIssue,
  usccProblem,
} from "@creditclass/core";
import { z } from "zod";

/** A unified social credit code; lower case is normalised, anything invalid says exactly why. */
export const usccSchema = z.string().transform((value, ctx) => {
  const problem = usccProblem(value);
  if (problem !== undefined) {
    ctx.addIssue({ code: "custom", message: usccIssue(value, problem).message, params: { code: problem.code } });
    return z.NEVER;
  }
  return value.toUpperCase() as Uscc;
});

/**
 * The dates a record may carry: 1900-01-01 to 2100-12-31. A year 9999 or 0001 is a typing
 * error or a placeholder, not an enterprise's history.
 */
export const DATE_RANGE = { first: "1900-01-01", last: "2100-12-31" } as const;

/**
 * The largest amounts accepted: registered capital in 10,000 yuan (万元; the largest registered
 * capitals in China are below 10⁸ 万元), penalty and pledge amounts (the largest fines are
 * about 2 × 10¹⁰ yuan). Anything larger is a unit or typing error (e.g. `1e308`).
 */
export const AMOUNT_LIMITS = { registeredCapital: 1e9, amount: 1e12 } as const;

const FIRST_DAY = parseDayNumber(DATE_RANGE.first);
const LAST_DAY = parseDayNumber(DATE_RANGE.last);

/** A calendar date `YYYY-MM-DD` within {@link DATE_RANGE}. */
export const dateSchema = z
  .string()
  .refine((s) => !Number.isNaN(parseDayNumber(s)), { message: "is not a calendar date YYYY-MM-DD", params: { code: "invalid_date" } })
  .refine(
    (s) => {
      const day = parseDayNumber(s);
      return Number.isNaN(day) || (day >= FIRST_DAY && day <= LAST_DAY);
    },
    { message: `is outside ${DATE_RANGE.first} … ${DATE_RANGE.last}`, params: { code: "impossible_date" } },
  ) as unknown as z.ZodType<CalendarDate, string>;

/** Whether a text holds a control character (U+0000–U+001F, U+007F): never part of a name, an address or a code. */
function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
const text = z
  .string()
  .min(1)
  .refine((s) => !hasControlCharacter(s), { message: "has a control character (U+0000–U+001F or U+007F)", params: { code: "control_character" } });
/** A non-negative decimal amount (digits, optionally an exponent as spreadsheets write `1e3`; no hexadecimal), up to a limit. */
const amountUpTo = (max: number) =>
  z
    .union([z.number(), z.string().regex(/^-?[0-9]+([.][0-9]+)?([eE][+-]?[0-9]+)?$/, "is not a decimal number")])
    .transform(Number)
    .refine(Number.isFinite, { message: "is not a finite number" })
    .refine((n) => n >= 0, { message: "is negative" })
    .refine((n) => n <= max, { message: `is larger than ${max.toExponential()}: check the unit`, params: { code: "invalid_number" } });
const amount = amountUpTo(AMOUNT_LIMITS.amount);

/** One row of the enterprise register. */
export const enterpriseSchema = z.object({
  uscc: usccSchema,
  name: text,
  entity_type: z.enum(ENTITY_TYPES),
  region: z.string().refine(isRegionCode, { message: "is not a GB/T 2260 division code", params: { code: "invalid_region_code" } }),
  industry: z.string().refine(isIndustryCode, { message: "is not a GB/T 4754 industry code", params: { code: "invalid_industry_code" } }),
  established: dateSchema,
  /** Registered capital in 10,000 yuan (万元); absent for individual businesses. */
  registered_capital: amountUpTo(AMOUNT_LIMITS.registeredCapital).optional(),
  status: z.enum(ENTERPRISE_STATUSES),
  /** Normalised registered address (or its key). */
  address: text,
  /** Tags separated by `;`, e.g. `food;new_business`. */
  tags: z
    .string()
    .refine((t) => !hasControlCharacter(t), { message: "has a control character", params: { code: "control_character" } })
    .optional(),
  recorded: dateSchema,
});
/** A register row after validation. */
export type Enterprise = z.output<typeof enterpriseSchema>;

/** A relation between an enterprise and a person (pseudonymous id) or another enterprise. */
export const relationSchema = z.object({
  source_id: text,
  uscc: usccSchema,
  party: text,
  party_type: z.enum(["person", "enterprise"]),
  role: z.enum(RELATION_ROLES),
  since: dateSchema,
  recorded: dateSchema,
});
/** A relation after validation. */
export type Relation = z.output<typeof relationSchema>;

const eventBase = { source_id: text, uscc: usccSchema, date: dateSchema, recorded: dateSchema };

const flags = z
  .string()
  .optional()
  .refine((s) => s === undefined || s.split(";").every((f) => f === "" || (REPORT_FLAGS as readonly string[]).includes(f)), {
    message: `has a flag other than ${REPORT_FLAGS.join(", ")}`,
  });

/** A regulatory event. `date` is when it happened (decision, filing, entry); `recorded` when the bureau knew it. */
export const eventSchema = z.discriminatedUnion("kind", [
  z.object({ ...eventBase, kind: z.literal("change"), field: z.enum(CHANGE_FIELDS) }),
  z.object({ ...eventBase, kind: z.literal("annual_report"), report_year: z.coerce.number<string | number>().int().min(1990).max(2100), flags }),
  z.object({
    ...eventBase,
    kind: z.literal("penalty"),
    severity: z.enum(PENALTY_SEVERITIES),
    amount,
    published: dateSchema,
    authority: text,
    case_id: text,
  }),
  z.object({ ...eventBase, kind: z.literal("abnormal_entry"), reason: text }),
  z.object({ ...eventBase, kind: z.literal("abnormal_removal"), reason: text }),
  z.object({ ...eventBase, kind: z.literal("serious_entry"), reason: text }),
  z.object({ ...eventBase, kind: z.literal("serious_removal"), reason: text }),
  z.object({ ...eventBase, kind: z.literal("inspection"), task_id: text, result: z.enum(INSPECTION_RESULTS) }),
  z.object({ ...eventBase, kind: z.literal("complaint"), channel: z.enum(["complaint", "report"]) }),
  z.object({ ...eventBase, kind: z.literal("credit_repair"), repairs: text }),
  z.object({ ...eventBase, kind: z.literal("pledge"), amount }),
]);
/** An event after validation. */
export type RegulatoryEvent = z.output<typeof eventSchema>;
/** The three record kinds and their files. */
export type RecordKind = "enterprises" | "relations" | "events";

/** The columns a file of each kind must have in its header (kind-specific event fields are checked per row). */
export const REQUIRED_COLUMNS: Readonly<Record<RecordKind, readonly string[]>> = {
  enterprises: ["uscc", "name", "entity_type", "region", "industry", "established", "status", "address", "recorded"],
  relations: ["source_id", "uscc", "party", "party_type", "role", "since", "recorded"],
  events: ["source_id", "kind", "uscc", "date", "recorded"],
};

/** The schema of each record kind. */
export const RECORD_SCHEMAS = { enterprises: enterpriseSchema, relations: relationSchema, events: eventSchema } as const;
