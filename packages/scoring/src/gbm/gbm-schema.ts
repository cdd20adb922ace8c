/**
 * The gradient-boosted model document (`kind: "creditclass.gbm-model"`, version 1), as a zod
 * schema: the fields every model kind has (id, bilingual name, selector, overrides — so it can be
 * a part of a model set), the class rule and optional PDO scale (as a logistic model's),
 * the features with their monotone directions and quantile bin thresholds, a base score
 * (log-odds), and the trees as flat parallel arrays, node 0 the root. A node with `feature` −1 is a
 * leaf. An internal node sends a row left when `value ≤ threshold`, and a missing value (NaN) left
 * when `missingLeft` is true. `value` holds the leaf output (already multiplied by the learning
 * rate; 0 on internal nodes); `cover` the number of training rows that reached the node, which
 * TreeSHAP uses for its conditional expectations.
 * @module
 */
import { bilingualSchema } from "@creditclass/core";
import { z } from "zod";
import { finite, modelCommon, probabilityClassesSchema } from "../model/common-schema.js";

const nodeIndex = z.number().int().min(-1);

const treeSchema = z
  .strictObject({
    feature: z.array(nodeIndex).min(1),
    threshold: z.array(finite),
    missingLeft: z.array(z.boolean()),
    left: z.array(nodeIndex),
    right: z.array(nodeIndex),
    value: z.array(finite),
    cover: z.array(z.number().min(0)),
  })
  .superRefine((tree, ctx) => {
    const n = tree.feature.length;
    for (const key of ["threshold", "missingLeft", "left", "right", "value", "cover"] as const) {
      if (tree[key].length !== n) ctx.addIssue({ code: "custom", path: [key], message: `${tree[key].length} entries for ${n} nodes` });
    }
    for (let i = 0; i < n; i++) {
      if ((tree.feature[i] ?? -1) < 0) continue;
      // Children come after their parent, so every tree is finite and acyclic.
      for (const key of ["left", "right"] as const) {
        const child = tree[key][i] ?? -1;
        if (!(child > i && child < n)) ctx.addIssue({ code: "custom", path: [key, i], message: `node ${i}'s ${key} child ${child} is not a later node` });
      }
    }
  });

/**
 * The zod schema of a gradient-boosted tree model document (`kind: "creditclass.gbm-model"`).
 * @example
 * gbmModelSchema.safeParse(JSON.parse(text)).success //=> true
 * @category Models
 */
export const gbmModelSchema = z
  .strictObject({
    kind: z.literal("creditclass.gbm-model"),
    version: z.literal(1),
    ...modelCommon,
    id: z.string().min(1).default("gbm"),
    name: bilingualSchema.default({ zh: "梯度提升树模型", en: "Gradient-boosted trees" }),
    /** Classes from the probability 1 / (1 + e^(−score)), as in a logistic model (default: proportions 65 / 25 / 8 / 2 %). */
    classes: probabilityClassesSchema.default({ method: "proportions", A: 0.65, B: 0.25, C: 0.08, D: 0.02 }),
    /** Points-to-double-the-odds scaling of the published score (absent: the score is the probability). */
    scale: z
      .strictObject({
        kind: z.literal("pdo"),
        basePoints: finite,
        baseOdds: finite.refine((v) => v > 0, "a positive number"),
        pdo: finite.refine((v) => v > 0, "a positive number"),
      })
      .optional(),
    /** What the raw score means: log-odds of the positive (adverse) label. */
    objective: z.literal("logistic"),
    features: z
      .array(
        z.strictObject({
          name: z.string().min(1),
          /** +1: the score never falls when the value rises; −1: never rises; 0: free. */
          monotone: z.union([z.literal(-1), z.literal(0), z.literal(1)]),
          /** Bin upper bounds (`value ≤ threshold`), strictly increasing. */
          thresholds: z.array(finite),
        }),
      )
      .min(1)
      // A reason names its feature by a 16-bit index (`ScoreColumns.reasonTerm`).
      .max(32_767),
    /** The raw score before any tree: log-odds of the training rows' positive rate. */
    baseScore: finite,
    trees: z.array(treeSchema),
    /** How the model was fitted: options, seed, rows, the best iteration. */
    training: z.record(z.string(), z.unknown()),
  })
  .superRefine((doc, ctx) => {
    doc.trees.forEach((tree, t) => {
      tree.feature.forEach((f, i) => {
        if (f >= doc.features.length) ctx.addIssue({ code: "custom", path: ["trees", t, "feature", i], message: `feature ${f} of ${doc.features.length}` });
      });
    });
  });

/**
 * A validated gradient-boosted tree model.
 * @category Models
 */
export type GbmModelDocument = z.output<typeof gbmModelSchema>;
