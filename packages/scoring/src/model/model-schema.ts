/**
 * The model documents, as zod schemas: a weighted (or additive) scorecard, a logistic-regression
 * model, a hybrid of the two, a gradient-boosted model (`gbm-schema.ts`), and a model set choosing
 * a model per enterprise. Types derive from
 * the schemas; semantic checks (bin order, weight sums, expressions) are in `parse-model.ts`.
 * @module
 */
import { bilingualSchema, INDICATOR_FAMILIES } from "@creditclass/core";
import { z } from "zod";
import { gbmModelSchema } from "../gbm/gbm-schema.js";
import type { appliesToSchema, overrideSchema } from "./common-schema.js";
import { finite, modelCommon, probabilityClassesSchema, scoreClassesSchema } from "./common-schema.js";

/** One bin: `[min, max)` by default; an absent bound is infinite. */
export const binSchema = z.strictObject({
  min: finite.optional(),
  max: finite.optional(),
  /** Whether `min` itself falls in the bin (default true). */
  minClosed: z.boolean().default(true),
  /** Whether `max` itself falls in the bin (default false). */
  maxClosed: z.boolean().default(false),
  points: finite,
  label: z.string().optional(),
});

/** Transforms from an indicator value to points (a sub-score). */
export const transformSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("bins"), bins: z.array(binSchema).min(1) }),
  z.strictObject({ kind: z.literal("piecewise"), knots: z.array(z.tuple([finite, finite])).min(2) }),
  z.strictObject({
    kind: z.literal("numeric"),
    /** `log1p` first (values below 0 are clamped to 0). */
    log: z.boolean().default(false),
    cap: z.strictObject({ min: finite.optional(), max: finite.optional() }).optional(),
    standardise: z.strictObject({ mean: finite, sd: finite.refine((v) => v > 0, "a positive number") }).optional(),
    /** points = add + multiply × value (after log, cap, standardise). */
    multiply: finite.default(1),
    add: finite.default(0),
  }),
  /** mathjs over `x` (this indicator) and any indicator column. */
  z.strictObject({ kind: z.literal("expression"), expression: z.string().min(1) }),
]);

/** What a missing value (NaN) scores. */
export const missingSchema = z.discriminatedUnion("policy", [
  /** The points of the stated neutral value (default: the transform's midpoint of points). */
  z.strictObject({ policy: z.literal("neutral"), points: finite.optional() }),
  /** The worst points the transform can give. */
  z.strictObject({ policy: z.literal("worst") }),
  /** Score as if the indicator had this value. */
  z.strictObject({ policy: z.literal("impute"), value: finite }),
]);

/** One scorecard indicator: transform, weight, missing-value policy, reference for reasons. */
export const indicatorSchema = z.strictObject({
  indicator: z.string().min(1),
  weight: finite.refine((w) => w >= 0, "a weight ≥ 0").default(1),
  transform: transformSchema,
  missing: missingSchema,
  /** Points a reason is measured against (default: the best points the transform can give). */
  reference: finite.optional(),
  /** Why this transform and weight (rendered in the model's documentation). */
  rationale: z.string().optional(),
});

const familySchema = z.strictObject({
  weight: finite.refine((w) => w >= 0, "a weight ≥ 0").default(1),
  indicators: z.array(indicatorSchema).min(1),
  rationale: z.string().optional(),
});

const familyKeys = Object.fromEntries(INDICATOR_FAMILIES.map((f) => [f, familySchema.optional()])) as Record<
  (typeof INDICATOR_FAMILIES)[number],
  z.ZodOptional<typeof familySchema>
>;

/** The zod schema of a scorecard document (`kind: "creditclass.scorecard"`). */
export const scorecardSchema = z.strictObject({
  kind: z.literal("creditclass.scorecard"),
  version: z.literal(1),
  ...modelCommon,
  /** `weighted`: Σ family weight × Σ indicator weight × points; `additive`: base + Σ weight × points. */
  combine: z.enum(["weighted", "additive"]).default("weighted"),
  basePoints: finite.default(0),
  /** Rescale weights that do not sum to 1 instead of rejecting them (weighted only). */
  normalise: z.boolean().default(false),
  families: z.strictObject(familyKeys),
  /** Publish the score on another scale: the attainable range maps linearly onto [min, max]. */
  scale: z.strictObject({ kind: z.literal("linear"), min: finite, max: finite }).optional(),
  classes: scoreClassesSchema,
});

const woeBin = binSchema.extend({ points: finite.default(0), woe: finite });
/** The zod schema of a logistic-regression model document (`kind: "creditclass.logistic-model"`). */
export const logisticModelSchema = z.strictObject({
  kind: z.literal("creditclass.logistic-model"),
  version: z.literal(1),
  ...modelCommon,
  intercept: finite,
  features: z
    .array(
      z.strictObject({
        indicator: z.string().min(1),
        coefficient: finite,
        preprocess: z.discriminatedUnion("kind", [
          z.strictObject({
            kind: z.literal("standardise"),
            mean: finite,
            sd: finite.refine((v) => v > 0, "a positive number"),
            log: z.boolean().default(false),
            cap: z.strictObject({ min: finite.optional(), max: finite.optional() }).optional(),
          }),
          z.strictObject({
            kind: z.literal("woe"),
            bins: z.array(woeBin).min(1),
            /** Values with their own WoE, checked before the bins. */
            specials: z.array(z.strictObject({ value: finite, woe: finite })).default([]),
            missingWoe: finite,
          }),
        ]),
        /** Value used for a missing standardised input (default: the mean, i.e. 0 after standardising). */
        impute: finite.optional(),
      }),
    )
    .min(1),
  /** Points-to-double-the-odds scaling of the published score. */
  scale: z
    .strictObject({
      kind: z.literal("pdo"),
      basePoints: finite,
      baseOdds: finite.refine((v) => v > 0, "a positive number"),
      pdo: finite.refine((v) => v > 0, "a positive number"),
    })
    .optional(),
  classes: probabilityClassesSchema,
  /** How the model was trained, written by `trainLogisticModel`. */
  training: z.record(z.string(), z.unknown()).optional(),
});

/** The zod schema of a hybrid document: risk = weight × probability + (1 − weight) × (1 − normalised score). */
export const hybridModelSchema = z.strictObject({
  kind: z.literal("creditclass.hybrid"),
  version: z.literal(1),
  ...modelCommon,
  scorecard: scorecardSchema,
  logistic: logisticModelSchema,
  /** Weight of the model probability in the blend, 0–1. */
  weight: z.number().min(0).max(1),
  classes: probabilityClassesSchema,
});

/** Any single model (a gradient-boosted model is a part like the others). */
export const modelSchema = z.discriminatedUnion("kind", [scorecardSchema, logisticModelSchema, hybridModelSchema, gbmModelSchema]);

/** The zod schema of a model set: the first model whose `appliesTo` matches an enterprise scores it. */
export const modelSetSchema = z.strictObject({
  kind: z.literal("creditclass.model-set"),
  version: z.literal(1),
  id: z.string().min(1),
  name: bilingualSchema,
  models: z.array(modelSchema).min(1),
});

/** A validated scorecard. */
export type Scorecard = z.output<typeof scorecardSchema>;
/** A validated logistic-regression model. */
export type LogisticModelDocument = z.output<typeof logisticModelSchema>;
/** A validated hybrid model. */
export type HybridModel = z.output<typeof hybridModelSchema>;
/** Any validated model. */
export type Model = z.output<typeof modelSchema>;
/** A validated model set. */
export type ModelSet = z.output<typeof modelSetSchema>;
/** A scorecard as written (defaults may be omitted). */
export type ScorecardInput = z.input<typeof scorecardSchema>;
/** A model or a model set as written (defaults may be omitted). */
export type ModelInput = z.input<typeof modelSchema> | z.input<typeof modelSetSchema>;
/** One scorecard transform. */
export type Transform = z.output<typeof transformSchema>;
/** One bin of a `bins` transform. */
export type Bin = z.output<typeof binSchema>;
/** A missing-value policy. */
export type MissingPolicy = z.output<typeof missingSchema>;
/** One scorecard indicator. */
export type ScorecardIndicator = z.output<typeof indicatorSchema>;
/** One override rule. */
export type OverrideRule = z.output<typeof overrideSchema>;
/** The class rule of a model. */
export type ClassRule = z.output<typeof scoreClassesSchema> | z.output<typeof probabilityClassesSchema>;
/** Which enterprises a model is for. */
export type AppliesTo = z.output<typeof appliesToSchema>;
