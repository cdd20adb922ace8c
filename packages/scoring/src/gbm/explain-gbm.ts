/**
 * Exact per-feature contributions of a gradient-boosted model by path-dependent TreeSHAP (Lundberg,
 * Erion & Lee, "Consistent individualized feature attribution for tree ensembles", 2018, Algorithm
 * 2). The value of a feature subset S is the tree's conditional expectation E[f(x) | x_S] taken
 * the tree's way: at a split on a feature in S follow the row; otherwise average both children
 * weighted by their covers (training rows). The algorithm keeps, along the path from the root, the
 * fraction of "zero" (feature unknown) and "one" (feature known) paths through each feature, and
 * the Shapley weights of every subset size, extending and unwinding them in O(depth²) per leaf, so
 * the Shapley values of all features come in O(leaves · depth²) per tree instead of 2^features.
 * @module
 */
import type { GbmModelDocument } from "./gbm-schema.js";

/**
 * The explanation of one row: expected value + Σ contributions = score (to rounding).
 * @category Models
 */
export interface GbmExplanation {
  readonly features: readonly string[];
  /** Shapley value of each feature, in `features` order, on the raw-score (log-odds) scale. */
  readonly contributions: Float64Array;
  /** The cover-weighted mean raw score: the score with no feature known. */
  readonly expectedValue: number;
  /** The row's raw score. */
  readonly score: number;
}

type Tree = GbmModelDocument["trees"][number];

/** One step of the path: the feature, its zero and one fractions, and a subset-size weight. */
interface PathElement {
  feature: number;
  zero: number;
  one: number;
  weight: number;
}

/**
 * Explains one row's raw score by TreeSHAP.
 *
 * @param model - A gradient-boosted model document.
 * @param row - The row's values, by feature name or in `model.features` order (NaN = missing).
 * @returns Contributions per feature, the expected value and the score.
 * @throws {RangeError} When a feature's value is absent.
 * @example
 * const e = explainGbm(model, { debt_ratio: 0.9, overdue_days: 40 });
 * e.expectedValue + e.contributions.reduce((a, b) => a + b, 0) - e.score //=> 0 (within 1e-9)
 * @category Models
 */
export function explainGbm(model: GbmModelDocument, row: ArrayLike<number> | Readonly<Record<string, number>>): GbmExplanation {
  const names = model.features.map((f) => f.name);
  const x = rowValues(names, row);
  const phi = new Float64Array(names.length);
  let expectedValue = model.baseScore;
  let score = model.baseScore;
  for (const tree of model.trees) {
    expectedValue += expectation(tree, 0);
    score += tree.value[leafOf(tree, x)] as number;
    recurse(tree, x, phi, 0, [], 1, 1, -1);
  }
  return { features: names, contributions: phi, expectedValue, score };
}

function rowValues(names: readonly string[], row: ArrayLike<number> | Readonly<Record<string, number>>): Float64Array {
  const isArray = Array.isArray(row) || ArrayBuffer.isView(row);
  return Float64Array.from(names, (name, f) => {
    const v = isArray ? (row as ArrayLike<number>)[f] : (row as Readonly<Record<string, number>>)[name];
    if (v === undefined) throw new RangeError(`the value of feature ${name} is missing`);
    return v;
  });
}

function goesLeft(tree: Tree, node: number, x: Float64Array): boolean {
  const v = x[tree.feature[node] as number] as number;
  return v <= (tree.threshold[node] as number) || (Number.isNaN(v) && (tree.missingLeft[node] as boolean));
}

function leafOf(tree: Tree, x: Float64Array): number {
  let node = 0;
  while ((tree.feature[node] as number) >= 0) node = (goesLeft(tree, node, x) ? tree.left[node] : tree.right[node]) as number;
  return node;
}

/** The cover-weighted mean leaf value under a node. */
function expectation(tree: Tree, node: number): number {
  if ((tree.feature[node] as number) < 0) return tree.value[node] as number;
  const l = tree.left[node] as number;
  const r = tree.right[node] as number;
  const cl = tree.cover[l] as number;
  const cr = tree.cover[r] as number;
  return (cl * expectation(tree, l) + cr * expectation(tree, r)) / (cl + cr);
}

/** Algorithm 2's RECURSE: `path` is not modified (each branch works on its own copy). */
function recurse(tree: Tree, x: Float64Array, phi: Float64Array, node: number, path: readonly PathElement[], zero: number, one: number, feature: number): void {
  const m = extend(path, zero, one, feature);
  const f = tree.feature[node] as number;
  if (f < 0) {
    const v = tree.value[node] as number;
    for (let i = 1; i < m.length; i++) {
      const e = m[i] as PathElement;
      phi[e.feature] = (phi[e.feature] as number) + unwoundSum(m, i) * (e.one - e.zero) * v;
    }
    return;
  }
  const left = tree.left[node] as number;
  const right = tree.right[node] as number;
  const [hot, cold] = goesLeft(tree, node, x) ? [left, right] : [right, left];
  let inZero = 1;
  let inOne = 1;
  let rest: readonly PathElement[] = m;
  // A feature met again on the path: undo its earlier step and carry its fractions on.
  const k = m.findIndex((e, i) => i > 0 && e.feature === f);
  if (k > 0) {
    const e = m[k] as PathElement;
    inZero = e.zero;
    inOne = e.one;
    rest = unwind(m, k);
  }
  const cover = tree.cover[node] as number;
  recurse(tree, x, phi, hot, rest, (inZero * (tree.cover[hot] as number)) / cover, inOne, f);
  recurse(tree, x, phi, cold, rest, (inZero * (tree.cover[cold] as number)) / cover, 0, f);
}

/** EXTEND: a copy of the path with one more feature, the subset-size weights updated. */
function extend(path: readonly PathElement[], zero: number, one: number, feature: number): PathElement[] {
  const l = path.length;
  const m = path.map((e) => ({ ...e }));
  m.push({ feature, zero, one, weight: l === 0 ? 1 : 0 });
  for (let i = l - 1; i >= 0; i--) {
    const a = m[i] as PathElement;
    const b = m[i + 1] as PathElement;
    b.weight += (one * a.weight * (i + 1)) / (l + 1);
    a.weight = (zero * a.weight * (l - i)) / (l + 1);
  }
  return m;
}

/** UNWIND: a copy of the path without element i (its weights removed). */
function unwind(path: readonly PathElement[], i: number): PathElement[] {
  const l = path.length - 1;
  const { zero, one } = path[i] as PathElement;
  const weights = path.map((e) => e.weight);
  let n = weights[l] as number;
  for (let j = l - 1; j >= 0; j--) {
    if (one !== 0) {
      const t = weights[j] as number;
      weights[j] = (n * (l + 1)) / ((j + 1) * one);
      n = t - ((weights[j] as number) * zero * (l - j)) / (l + 1);
    } else {
      weights[j] = ((weights[j] as number) * (l + 1)) / (zero * (l - j));
    }
  }
  const out: PathElement[] = [];
  for (let j = 0; j < l; j++) {
    const e = path[j < i ? j : j + 1] as PathElement;
    out.push({ feature: e.feature, zero: e.zero, one: e.one, weight: weights[j] as number });
  }
  return out;
}

/** The total weight of the path with element i unwound (without building it). */
function unwoundSum(path: readonly PathElement[], i: number): number {
  const l = path.length - 1;
  const { zero, one } = path[i] as PathElement;
  let total = 0;
  if (one !== 0) {
    let n = (path[l] as PathElement).weight;
    for (let j = l - 1; j >= 0; j--) {
      const t = (n * (l + 1)) / ((j + 1) * one);
      total += t;
      n = (path[j] as PathElement).weight - (t * zero * (l - j)) / (l + 1);
    }
  } else {
    for (let j = l - 1; j >= 0; j--) total += ((path[j] as PathElement).weight * (l + 1)) / (zero * (l - j));
  }
  return total;
}
