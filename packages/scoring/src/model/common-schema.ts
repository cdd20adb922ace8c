/**
 * The parts every model document shares, as zod schemas: finite numbers, class rules (on a score
 * or on a probability), override rules, the `appliesTo` selector, and the fields common to every
 * model kind (id, bilingual name, version label, selector, overrides). Kept apart from the model
 * kinds so each kind's schema module can use them.
 * @module
 */
import { bilingualSchema } from "@creditclass/core";
import { z } from "zod";

/** A finite number. */
export const finite = z.number().refine(Number.isFinite, "a finite number");

const bound = z.union([z.strictObject({ above: finite }), z.strictObject({ atLeast: finite })]);
const upper = z.union([z.strictObject({ below: finite }), z.strictObject({ atMost: finite })]);
const proportions = z.strictObject({
  method: z.literal("proportions"),
  A: z.number().min(0).max(1),
  B: z.number().min(0).max(1),
  C: z.number().min(0).max(1),
  D: z.number().min(0).max(1),
});

/** Classes from a score where higher is safer: A needs the highest score. */
export const scoreClassesSchema = z.union([z.strictObject({ method: z.literal("thresholds"), A: bound, B: bound, C: bound }), proportions]);
/** Classes from a probability of an adverse outcome: A needs the lowest. */
export const probabilityClassesSchema = z.union([z.strictObject({ method: z.literal("thresholds"), A: upper, B: upper, C: upper }), proportions]);

const riskClass = z.enum(["A", "B", "C", "D"]);
/** Override rules applied after scoring, in document order; each acts on the class the previous ones left. */
export const overrideSchema = z.strictObject({
  id: z.string().min(1),
  name: bilingualSchema,
  /** mathjs condition over indicator columns (true where non-zero). */
  when: z.string().min(1),
  action: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("set"), class: riskClass }),
    z.strictObject({ kind: z.literal("floor"), class: riskClass }),
    z.strictObject({ kind: z.literal("escalate"), steps: z.number().int().min(1).max(3) }),
    z.strictObject({ kind: z.literal("observation"), class: riskClass }),
  ]),
  source: z.string().optional(),
  rationale: z.string().optional(),
});

/** Which enterprises a model is for: every non-empty list must match (any of its entries); absent: everyone. */
export const appliesToSchema = z.strictObject({
  entityTypes: z.array(z.string().min(1)).default([]),
  /** GB/T 4754 code prefixes, e.g. `H` or `C13`. */
  industries: z.array(z.string().regex(/^[A-T]\d{0,4}$/, "an industry code prefix like H or C13")).default([]),
  tags: z.array(z.string().min(1)).default([]),
});

/** The fields of every model kind. */
export const modelCommon = {
  id: z.string().min(1),
  name: bilingualSchema,
  description: z.string().optional(),
  /** The model's own version label (changes with its weights). */
  modelVersion: z.string().default("1"),
  appliesTo: appliesToSchema.optional(),
  overrides: z.array(overrideSchema).default([]),
};
