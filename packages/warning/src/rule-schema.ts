/**
 * Early-warning rules as zod schemas: id, bilingual names, severity, the graded measure
 * (提醒 reminder, 警示 warning, 约谈 interview, 检查 inspection), scope, cooldown and a condition
 * tree. Types derive from the schemas; semantic checks (expressions, unique ids) are in
 * `parse-rules.ts`.
 * @module
 */
import { bilingualSchema, EVENT_KINDS, MEASURES } from "@creditclass/core";
import { z } from "zod";

const positive = z.number().int().positive();
const riskClass = z.enum(["A", "B", "C", "D"]);

/** The zod schemas of the leaf conditions. */
export const leafSchemas = [
  /** An indicator compared with a value. */
  z.strictObject({ kind: z.literal("threshold"), indicator: z.string().min(1), op: z.enum([">", ">=", "<", "<=", "==", "!="]), value: z.number() }),
  /** A mathjs condition over indicators (true where non-zero). */
  z.strictObject({ kind: z.literal("expression"), expression: z.string().min(1) }),
  /** At least N events of the kinds (and details) dated within the last `days` days, recorded by the evaluation day. */
  z.strictObject({
    kind: z.literal("window"),
    events: z.array(z.enum(EVENT_KINDS as unknown as [string, ...string[]])).min(1),
    details: z.array(z.string().min(1)).default([]),
    days: positive,
    atLeast: positive,
  }),
  /** Events of the kinds this month ≥ factor × the mean of the trailing months, and ≥ a minimum. */
  z.strictObject({
    kind: z.literal("growth"),
    events: z.array(z.enum(EVENT_KINDS as unknown as [string, ...string[]])).min(1),
    factor: z.number().positive(),
    trailingMonths: positive.default(3),
    minimum: positive,
  }),
  /**
   * At least N enterprises registered within the last `days` days sharing an address, or linked to
   * one person (legal representative, shareholder or manager); each of them is flagged.
   */
  z.strictObject({ kind: z.literal("group"), by: z.enum(["address", "person"]), days: positive, atLeast: positive }),
  /** A class change from the previous month: from/to classes, or rising by at least `stepsUp` classes. */
  z.strictObject({
    kind: z.literal("transition"),
    from: z.array(riskClass).default([]),
    to: z.array(riskClass).default([]),
    stepsUp: z.number().int().min(1).max(3).optional(),
  }),
] as const;

/** A condition: a leaf or `all` / `any` / `not` of conditions. */
export type Condition =
  | z.output<(typeof leafSchemas)[number]>
  | { readonly kind: "all"; readonly conditions: readonly Condition[] }
  | { readonly kind: "any"; readonly conditions: readonly Condition[] }
  | { readonly kind: "not"; readonly condition: Condition };

/** The zod schema of a condition tree. */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion("kind", [
    ...leafSchemas,
    z.strictObject({ kind: z.literal("all"), conditions: z.array(conditionSchema).min(1) }),
    z.strictObject({ kind: z.literal("any"), conditions: z.array(conditionSchema).min(1) }),
    z.strictObject({ kind: z.literal("not"), condition: conditionSchema }),
  ]),
) as z.ZodType<Condition>;

/** The zod schema of one rule. */
export const ruleSchema = z.strictObject({
  id: z.string().min(1),
  name: bilingualSchema,
  /** 1 (low) to 4 (high). */
  severity: z.number().int().min(1).max(4),
  measure: z.enum(MEASURES),
  /** Who the rule watches (every non-empty list must match); absent = everyone. */
  scope: z
    .strictObject({
      regions: z.array(z.string().regex(/^\d{2,6}$/, "a region code prefix")).default([]),
      industries: z.array(z.string().regex(/^[A-T]\d{0,4}$/, "an industry code prefix")).default([]),
      entityTypes: z.array(z.string().min(1)).default([]),
      /** Register tags (e.g. a special-supervision list); an enterprise with any of them matches. */
      tags: z.array(z.string().min(1)).default([]),
    })
    .default({ regions: [], industries: [], entityTypes: [], tags: [] }),
  /** No repeat alert for the same enterprise and rule within this many days (at least 1: one alert per rule, enterprise and day). */
  cooldownDays: positive.default(30),
  condition: conditionSchema,
  /** Why the rule exists (rendered in the docs). */
  rationale: z.string().optional(),
  source: z.string().optional(),
});

/** The zod schema of a rule set document (`kind: "creditclass.warning-rules"`). */
export const ruleSetSchema = z.strictObject({
  kind: z.literal("creditclass.warning-rules"),
  version: z.literal(1),
  id: z.string().min(1),
  name: bilingualSchema,
  rules: z.array(ruleSchema).min(1),
});

/** A validated rule. */
export type Rule = z.output<typeof ruleSchema>;
/** A validated rule set. */
export type RuleSet = z.output<typeof ruleSetSchema>;
/** A rule set as written (defaults may be omitted). */
export type RuleSetInput = z.input<typeof ruleSetSchema>;
