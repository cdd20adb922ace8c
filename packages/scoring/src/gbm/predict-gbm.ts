/**
 * Scoring with a gradient-boosted model: the document's trees are compiled once (cached per
 * document object) into flat typed arrays — every tree's nodes concatenated, child indices made
 * absolute — and scored by one loop per tree over the rows, with no per-row objects.
 * @module
 */
import type { GbmModelDocument } from "./gbm-schema.js";

/** The trees of a document as flat typed arrays; `roots[t]` is tree t's first node. */
export interface CompiledGbm {
  readonly roots: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly missingLeft: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
}

const compiled = new WeakMap<GbmModelDocument, CompiledGbm>();

/**
 * The flat arrays of a document (compiled on first use, then cached).
 *
 * @param model - A validated document.
 * @returns Its trees as concatenated typed arrays.
 * @example
 * compileGbm(model).roots.length === model.trees.length //=> true
 */
export function compileGbm(model: GbmModelDocument): CompiledGbm {
  const cached = compiled.get(model);
  if (cached !== undefined) return cached;
  let size = 0;
  for (const t of model.trees) size += t.feature.length;
  const out: CompiledGbm = {
    roots: new Int32Array(model.trees.length),
    feature: new Int32Array(size),
    threshold: new Float64Array(size),
    missingLeft: new Uint8Array(size),
    left: new Int32Array(size),
    right: new Int32Array(size),
    value: new Float64Array(size),
  };
  let at = 0;
  model.trees.forEach((t, i) => {
    out.roots[i] = at;
    for (let k = 0; k < t.feature.length; k++) {
      const f = t.feature[k] as number;
      out.feature[at + k] = f;
      out.threshold[at + k] = t.threshold[k] as number;
      out.missingLeft[at + k] = t.missingLeft[k] ? 1 : 0;
      out.left[at + k] = f < 0 ? -1 : at + (t.left[k] as number);
      out.right[at + k] = f < 0 ? -1 : at + (t.right[k] as number);
      out.value[at + k] = t.value[k] as number;
    }
    at += t.feature.length;
  });
  compiled.set(model, out);
  return out;
}

/**
 * Raw scores (log-odds of the positive label) of a gradient-boosted model over feature columns:
 * the base score plus every tree's leaf value. A missing value (NaN) follows each split's learned
 * direction; the probability is 1 / (1 + e^(−score)).
 *
 * @param model - A document from {@link fitGbm} or `gbmModelSchema.parse`.
 * @param columns - One column per feature, by name or in `model.features` order (NaN = missing).
 * @returns One raw score per row.
 * @throws {RangeError} When a feature's column is absent or the columns differ in length.
 * @example
 * const { model } = fitGbm({ x }, y, { seed: "1" });
 * predictGbm(model, { x: new Float64Array([0, Number.NaN]) }) //=> Float64Array [-1.21, 0.37]
 * @category Models
 */
export function predictGbm(model: GbmModelDocument, columns: readonly Float64Array[] | Readonly<Record<string, Float64Array>>): Float64Array {
  const cols = featureColumns(model, columns);
  const n = cols[0]?.length ?? 0;
  for (const c of cols) if (c.length !== n) throw new RangeError(`a column has ${c.length} rows, another ${n}`);
  const { roots, feature, threshold, missingLeft, left, right, value } = compileGbm(model);
  const out = new Float64Array(n).fill(model.baseScore);
  for (let t = 0; t < roots.length; t++) {
    const root = roots[t] as number;
    for (let i = 0; i < n; i++) {
      let node = root;
      let f = feature[node] as number;
      while (f >= 0) {
        const v = (cols[f] as Float64Array)[i] as number;
        node = v <= (threshold[node] as number) || (missingLeft[node] === 1 && Number.isNaN(v)) ? (left[node] as number) : (right[node] as number);
        f = feature[node] as number;
      }
      out[i] = (out[i] as number) + (value[node] as number);
    }
  }
  return out;
}

/** The columns in feature order, from an array or a record by name. */
export function featureColumns(model: GbmModelDocument, columns: readonly Float64Array[] | Readonly<Record<string, Float64Array>>): Float64Array[] {
  if (Array.isArray(columns)) {
    if (columns.length !== model.features.length) throw new RangeError(`${columns.length} columns for ${model.features.length} features`);
    return [...columns] as Float64Array[];
  }
  const byName = columns as Readonly<Record<string, Float64Array>>;
  return model.features.map((f) => {
    const c = byName[f.name];
    if (c === undefined) throw new RangeError(`the column of feature ${f.name} is missing`);
    return c;
  });
}
