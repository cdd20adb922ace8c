/**
 * Request and response schemas shared by the routes (the OpenAPI document is generated from them).
 * @module
 */
import { RISK_CLASSES } from "@creditclass/core";
import { z } from "zod";

/** A month, `YYYY-MM`. */
export const periodParam = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month YYYY-MM")
  .meta({ description: "Month, YYYY-MM", example: "2026-10" });

/** A unified social credit code (统一社会信用代码). */
export const usccSchema = z
  .string()
  .regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, "an 18-character unified social credit code")
  .meta({ description: "Unified social credit code (统一社会信用代码)", example: "91330100716105852F" });

/** Chinese and English text. */
export const bilingualSchema = z.object({ zh: z.string(), en: z.string() }).meta({ id: "Bilingual" });

/** A risk class. */
export const riskClassSchema = z.enum(RISK_CLASSES).meta({ description: "A (low risk) … D (high risk)" });

/** One month of an enterprise's history. */
export const enterpriseMonthSchema = z.object({ period: z.string(), class: riskClassSchema, score: z.number(), override: z.string().nullable() });

/** An enterprise's current class, reasons and history. */
export const enterpriseResultSchema = z
  .object({
    uscc: z.string(),
    name: z.string(),
    region: z.string().meta({ description: "GB/T 2260 region code" }),
    industry: z.string().meta({ description: "GB/T 4754 industry code" }),
    entityType: z.string(),
    period: z.string().meta({ description: "The latest month it was classified" }),
    class: riskClassSchema,
    score: z.number(),
    probability: z.number().nullable(),
    model: z.string(),
    override: z.object({ id: z.string(), name: bilingualSchema }).nullable(),
    reasons: z.array(z.object({ indicator: z.string(), name: bilingualSchema, value: z.number(), points: z.number() })),
    history: z.array(enterpriseMonthSchema),
  })
  .meta({ id: "EnterpriseResult" });

/** A class distribution row. */
export const distributionRowSchema = z.object({
  group: z.string(),
  A: z.number().int(),
  B: z.number().int(),
  C: z.number().int(),
  D: z.number().int(),
  total: z.number().int(),
});

/** A month run job. */
export const monthJobSchema = z
  .object({
    id: z.string(),
    period: z.string(),
    state: z.enum(["running", "done", "failed"]),
    progress: z.object({ stage: z.string(), done: z.number(), total: z.number() }).nullable(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    summary: z
      .object({
        enterprises: z.number(),
        counts: z.array(z.number()),
        alerts: z.number(),
        planned: z.number(),
        modelHash: z.string(),
        inputFingerprint: z.string(),
        head: z.string().meta({ description: "The history's head after the run: publish or countersign it" }),
        seconds: z.number(),
      })
      .nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: "MonthJob" });

/** A seal of the history. */
export const sealSchema = z
  .object({
    seq: z.number().int(),
    period: z.string(),
    parts: z.array(z.string()).meta({ description: "The parts of the month it covers: run, classes, alerts, plan, selections" }),
    rowsRoot: z.string(),
    modelHash: z.string(),
    inputFingerprint: z.string(),
    prevHead: z.string(),
    head: z.string(),
    sealedAt: z.string(),
  })
  .meta({ id: "Seal" });

/** A stored alert with its state. */
export const alertSchema = z
  .object({
    id: z.string(),
    rule: z.string(),
    uscc: z.string(),
    period: z.string(),
    day: z.string(),
    severity: z.number(),
    ruleMeasure: z.string(),
    measure: z.string().meta({ description: "The measure after escalation (repeats, time open)" }),
    open: z.boolean(),
    closedOn: z.string().nullable(),
    disposals: z.array(z.object({ day: z.string(), by: z.string(), action: z.string(), resolved: z.boolean() })),
    evidence: z.record(z.string(), z.union([z.number(), z.string()])),
  })
  .meta({ id: "Alert" });
