/**
 * Fitting a monotone gradient-boosted model on a bureau's own labelled table (`fit --method
 * gbm`). Every candidate column is a feature except those with no spread in the training rows
 * (all missing, or one value), which are dropped with their reason like the scorecard's; trees need
 * no further selection — duplicates, rescaled copies and collinear columns cost nothing but a
 * split that either copy could take, and quantile bins make a 1e9 outlier just the top bin.
 * Monotone directions come from the indicator catalog (a `risk` indicator may only raise the
 * log-odds of an adverse outcome, a `safety` one only lower it: an enterprise never gets a better
 * score for more penalties), overridden or extended per column by `monotone`. Categorical columns
 * split on their codes (categories in sorted order) without a direction. Row weights weight the
 * gradients. The result is a `creditclass.gbm-model` document with an id, a name, PDO scaling and
 * the class rule, which `predictTable`, `classifyGbm` and `creditclass score` use.
 * @module
 */
import type { LabelledTable } from "@creditclass/core";
import { catalogDirection } from "../gbm/catalog-directions.js";
import type { GbmFit, GbmOptions } from "../gbm/fit-gbm.js";
import { fitGbm } from "../gbm/fit-gbm.js";
import type { GbmModelDocument } from "../gbm/gbm-schema.js";
import { gbmModelSchema } from "../gbm/gbm-schema.js";
import type { LogisticModelDocument } from "../model/model-schema.js";
import type { DroppedIndicator } from "./fit-table.js";
import { tableError } from "./fit-table.js";

/**
 * Options of {@link fitTableGbm}: the boosting options (trees, learning rate, depth, leaves, λ,
 * leaf minimums, bins, early stopping, seed) and the document's scaling and classes.
 * @category Tables
 */
export interface FitTableGbmOptions extends Omit<GbmOptions, "weights"> {
  readonly method: "gbm";
  /** Points scaling (default 600 points at odds 50 : 1, 20 points to double the odds, as the scorecard's). */
  readonly pdo?: { readonly basePoints: number; readonly baseOdds: number; readonly pdo: number };
  readonly classes?: LogisticModelDocument["classes"];
  readonly id?: string;
  readonly name?: { readonly zh: string; readonly en: string };
}

/**
 * A fitted table GBM.
 * @category Tables
 */
export interface TableGbmFit {
  /** The model document (validated). */
  readonly model: GbmModelDocument;
  /** Trees grown and kept, and the losses per iteration. */
  readonly report: GbmFit["report"];
  /** Feature columns, in table order. */
  readonly kept: readonly string[];
  readonly dropped: readonly DroppedIndicator[];
  /** The direction each constrained feature got, and from where. */
  readonly monotone: Readonly<Record<string, { readonly direction: -1 | 1; readonly from: "catalog" | "option" }>>;
}

/**
 * Fits a gradient-boosted model on (some rows of) a labelled table.
 *
 * @param table - From `loadTableFile`, `tableFromObjects` or `tableFromDataFrame`, with a label.
 * @param options - Boosting options, monotone directions beyond the catalog's, scaling, classes.
 * @param rows - Training rows (default all).
 * @returns The document, the boosting report, the features kept and dropped, the directions.
 * @throws {ValidationError} When the table has no label, the rows lack one of the outcomes, no column has spread, or a monotone direction names no column.
 * @example
 * const { model, report } = fitTableGbm(table, { method: "gbm", iterations: 200, seed: "42" });
 * [model.kind, report.bestIteration] //=> ["creditclass.gbm-model", 143]
 * @category Tables
 */
export function fitTableGbm(table: LabelledTable, options: FitTableGbmOptions = { method: "gbm" }, rows?: Int32Array): TableGbmFit {
  if (table.label === undefined) throw tableError("the table has no label column");
  const index = rows ?? Int32Array.from({ length: table.rows }, (_, i) => i);
  const label = Uint8Array.from(index, (r) => table.label?.[r] as number);
  let positives = 0;
  for (const v of label) positives += v;
  if (positives === 0 || positives === label.length) throw tableError(`the training rows hold one outcome only (${positives} adverse of ${label.length})`);
  const categorical = new Set(Object.keys(table.categories));
  const given = options.monotone ?? {};
  for (const name of Object.keys(given)) if (!table.frame.has(name)) throw tableError(`a monotone direction names ${name}, which is not a column`, name);

  const columns: Record<string, Float64Array> = {};
  const dropped: DroppedIndicator[] = [];
  const monotone: Record<string, -1 | 0 | 1> = {};
  const directions: Record<string, { direction: -1 | 1; from: "catalog" | "option" }> = {};
  for (const name of table.frame.columnNames) {
    const all = table.frame.column(name);
    const x = new Float64Array(index.length);
    let first = Number.NaN;
    let present = 0;
    let spread = false;
    for (let i = 0; i < index.length; i++) {
      const v = all[index[i] as number] as number;
      x[i] = v;
      if (Number.isNaN(v)) continue;
      if (present++ === 0) first = v;
      else if (v !== first) spread = true;
    }
    if (!spread) {
      dropped.push({
        indicator: name,
        reason: "constant",
        detail: present === 0 ? "all missing in the training rows" : `one value (${first}) in every non-missing training row`,
      });
      continue;
    }
    columns[name] = x;
    const option = given[name];
    const catalog = categorical.has(name) ? undefined : catalogDirection(table.frame.meta(name)?.id ?? name);
    const direction = option ?? catalog ?? 0;
    monotone[name] = direction;
    if (direction !== 0) directions[name] = { direction, from: option === undefined ? "catalog" : "option" };
  }
  const kept = Object.keys(columns);
  if (kept.length === 0) throw tableError(`no column has spread in the training rows (${dropped.length} constant)`);
  const { pdo, classes, id, name, method: _method, ...boosting } = options;
  const weights = table.weights === undefined ? undefined : Float64Array.from(index, (r) => table.weights?.[r] as number);
  const fit = fitGbm(columns, label, { ...boosting, monotone, ...(weights === undefined ? {} : { weights }) });
  const model = gbmModelSchema.parse({
    ...fit.model,
    id: id ?? "table-gbm",
    name: name ?? { zh: "单调梯度提升树", en: "Monotone gradient-boosted trees" },
    classes: classes ?? { method: "proportions", A: 0.65, B: 0.25, C: 0.08, D: 0.02 },
    scale: { kind: "pdo", ...(pdo ?? { basePoints: 600, baseOdds: 50, pdo: 20 }) },
    training: {
      ...fit.model.training,
      source: table.source,
      method: "gbm",
      positives,
      kept,
      dropped,
      monotone: directions,
      // Code k of a categorical column is categories[k]; scoring a table maps its values through these.
      categories: table.categories,
    },
  });
  return { model, report: fit.report, kept, dropped, monotone: directions };
}
