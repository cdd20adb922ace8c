/**
 * Exact per-feature contributions of a gradient-boosted model by path-dependent TreeSHAP (Lundberg,
 * Erion & Lee, "Consistent individualized feature attribution for tree ensembles", 2018, Algorithm
 * 2). The value of a feature subset S is the tree's conditional expectation E[f(x) | x_S] taken
 * the tree's way: at a split on a feature in S follow the row; otherwise average both children
 * weighted by their covers (training rows). The algorithm keeps, along the path from the root, the
 * fraction of "zero" (feature unknown) and "one" (feature known) paths through each feature, and
 * the Shapley weights of every subset size, extending and unwinding them in O(depth²) per leaf, so
 * the Shapley values of all features come in O(leaves · depth²) per tree instead of 2^features.
 * The path lives in four typed arrays, each recursion level writing its copy after its parent's
 * (the layout of the reference implementation in the `shap` package), so explaining a row
 * allocates nothing.
 * @module
 */
import { awaitWorker, callWorkerSource, evalWorkers } from "@creditclass/core";
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
  const shap = compileShap(model);
  let score = model.baseScore;
  for (const tree of shap.trees) score += tree.value[leafOf(tree, x)] as number;
  contributions(shap, x, phi);
  return { features: names, contributions: phi, expectedValue: shap.expectedValue, score };
}

/**
 * The top reasons of many rows: for each row, the `count` features whose TreeSHAP contributions
 * (log-odds) raise its raw score most, largest first (ties keep the earlier feature; only positive
 * contributions count). Rows are explained in blocks, on `threads` threads when every tree is
 * tabled (see {@link LeafTables}) and there are enough rows; the result is the same either way.
 *
 * @param model - A gradient-boosted model document.
 * @param columns - One column per feature, in `model.features` order (NaN = missing).
 * @param count - Reasons per row.
 * @param threads - Threads to use, counting this one (default 1).
 * @returns Feature index (−1: none) and contribution of reason k of row r at `r · count + k`, and the expected value.
 * @example
 * const top = topContributions(model, columns, 3);
 * top.feature[0] //=> 4 (row 0's largest contribution is feature 4's)
 */
export function topContributions(
  model: GbmModelDocument,
  columns: readonly Float64Array[],
  count: number,
  threads = 1,
): { feature: Int32Array; value: Float64Array; expectedValue: number } {
  const shap = compileShap(model);
  const p = model.features.length;
  const n = columns[0]?.length ?? 0;
  const parts = shap.recursive.length > 0 ? 1 : Math.min(Math.max(1, Math.floor(threads)), Math.max(1, Math.floor(n / MIN_ROWS_PER_THREAD)));
  if (parts === 1) {
    const feature = new Int32Array(n * count);
    const value = new Float64Array(n * count);
    const x = new Float64Array(p);
    const recursive = (i: number, phi: Float64Array): void => {
      for (let f = 0; f < p; f++) x[f] = (columns[f] as Float64Array)[i] as number;
      for (const tree of shap.recursive) recurse(tree, x, phi, shap.path, 0, 0, 0, 1, 1, -1);
    };
    reasonRange(shap.tables, columns, 0, n, p, count, feature, value, shap.recursive.length > 0 ? recursive : undefined);
    return { feature, value, expectedValue: shap.expectedValue };
  }
  return { ...topContributionsThreaded(shap.tables, columns, n, p, count, parts), expectedValue: shap.expectedValue };
}

/** Below this many rows per thread a worker costs more than it saves. */
const MIN_ROWS_PER_THREAD = 4_096;

/**
 * The top reasons of rows [from, to) from the leaf tables, written to `outFeature` / `outValue` at
 * `(row − from) · count`. Self-contained (no module state, no imports), so worker threads run its
 * source: rows go in blocks, each leaf's table read from memory once per block — row by row, a
 * 200-tree model's 6,000 tables (19 MB) missed the cache on every leaf of every row. `extra` adds
 * the contributions of trees the tables do not hold (this thread only).
 */
function reasonRange(
  tables: LeafTables,
  columns: readonly Float64Array[],
  from: number,
  to: number,
  p: number,
  count: number,
  outFeature: Int32Array,
  outValue: Float64Array,
  extra: ((row: number, phi: Float64Array) => void) | undefined,
): void {
  const BLOCK = 256;
  const { start, pathFeature, lo, hi, missingOk, tableStart, table } = tables;
  const leaves = start.length - 1;
  const block = new Float64Array(BLOCK * p);
  const followed = new Int32Array(BLOCK);
  outFeature.fill(-1);
  for (let b0 = from; b0 < to; b0 += BLOCK) {
    const rows = Math.min(to, b0 + BLOCK) - b0;
    block.fill(0);
    for (let l = 0; l < leaves; l++) {
      const s = start[l] as number;
      const k = (start[l + 1] as number) - s;
      followed.fill(0);
      for (let j = 0; j < k; j++) {
        const column = columns[pathFeature[s + j] as number] as Float64Array;
        const low = lo[s + j] as number;
        const high = hi[s + j] as number;
        const missing = missingOk[s + j] === 1;
        const bit = 1 << j;
        for (let i = 0; i < rows; i++) {
          const v = column[b0 + i] as number;
          // A NaN lower bound means none (`!(v ≤ NaN)` holds for every v, −∞ too).
          if (Number.isNaN(v) ? missing : !(v <= low) && v <= high) followed[i] = (followed[i] as number) | bit;
        }
      }
      const base = tableStart[l] as number;
      for (let i = 0; i < rows; i++) {
        const at = base + (followed[i] as number) * k;
        const row = i * p;
        for (let j = 0; j < k; j++) {
          const f = row + (pathFeature[s + j] as number);
          block[f] = (block[f] as number) + (table[at + j] as number);
        }
      }
    }
    for (let i = 0; i < rows; i++) {
      const phi = block.subarray(i * p, (i + 1) * p);
      if (extra !== undefined) extra(b0 + i, phi);
      // Insertion into the row's slots, largest first; ties keep the earlier feature.
      const at = (b0 - from + i) * count;
      for (let f = 0; f < p; f++) {
        const v = phi[f] as number;
        if (!(v > 0)) continue;
        let slot = count;
        while (slot > 0 && ((outFeature[at + slot - 1] as number) < 0 || (outValue[at + slot - 1] as number) < v)) slot--;
        if (slot === count) continue;
        for (let q = count - 1; q > slot; q--) {
          outFeature[at + q] = outFeature[at + q - 1] as number;
          outValue[at + q] = outValue[at + q - 1] as number;
        }
        outFeature[at + slot] = f;
        outValue[at + slot] = v;
      }
    }
  }
}

const WORKER_SOURCE = callWorkerSource(reasonRange);

/** Ranges a worker thread explained (their results used), since the process started: for tests. */
export const workerRanges = { answered: 0 };

/**
 * Rows split into `parts` ranges: workers get copies of their range's columns (transferred, not
 * cloned) and the shared leaf tables, and write their reasons into their own shared buffers, which
 * this thread copies only from a worker that answered — a late worker can never write into the
 * result. This thread takes the first range, then waits on an `Atomics` flag per range, so the call
 * stays synchronous; a range whose worker fails or never answers is computed here.
 */
function topContributionsThreaded(
  tables: LeafTables,
  columns: readonly Float64Array[],
  n: number,
  p: number,
  count: number,
  parts: number,
): { feature: Int32Array; value: Float64Array } {
  const feature = new Int32Array(n * count);
  const value = new Float64Array(n * count);
  const bounds = Array.from({ length: parts + 1 }, (_, k) => Math.round((k * n) / parts));
  const pending = evalWorkers(WORKER_SOURCE, parts - 1).map((worker, w) => {
    const [from, to] = [bounds[w + 1] as number, bounds[w + 2] as number];
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const slices = columns.map((c) => c.slice(from, to));
    const own = {
      feature: new Int32Array(new SharedArrayBuffer(4 * (to - from) * count)),
      value: new Float64Array(new SharedArrayBuffer(8 * (to - from) * count)),
    };
    worker.postMessage(
      { args: [tables, slices, 0, to - from, p, count, own.feature, own.value, undefined], flag },
      slices.map((c) => c.buffer),
    );
    return { worker, flag, from, to, own };
  });
  const first = bounds[1] as number;
  reasonRange(tables, columns, 0, first, p, count, feature.subarray(0, first * count), value.subarray(0, first * count), undefined);
  for (const { worker, flag, from, to, own } of pending) {
    // A worker still starting up answers within seconds; one that failed or never answers is replaced by this thread.
    if (awaitWorker(worker, flag, 600_000)) {
      feature.set(own.feature, from * count);
      value.set(own.value, from * count);
      workerRanges.answered++;
    } else reasonRange(tables, columns, from, to, p, count, feature.subarray(from * count, to * count), value.subarray(from * count, to * count), undefined);
  }
  return { feature, value };
}

/** One tree as typed arrays, with its depth. */
interface ShapTree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly missingLeft: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  readonly cover: Float64Array;
}

/** The path buffer: element k's feature, zero and one fractions, and subset-size weight. */
interface PathBuffer {
  readonly feature: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly weight: Float64Array;
}

/**
 * Leaf tables of the trees whose paths split on at most {@link MAX_TABLE_FEATURES} distinct
 * features. For leaf l with distinct path features F (k of them), z_j the product of the cover
 * ratios along the path at splits on j, and O ⊆ F the features whose every split on the path the
 * row follows, path-dependent TreeSHAP gives feature i ∈ F
 * φ_i += v_l · (1[i ∈ O] − z_i) · Σ_{S ⊆ O∖{i}} |S|! (k − |S| − 1)! / k! · Π_{j ∈ F∖S∖{i}} z_j
 * (the leaf's value function Π_{j∈S} o_j Π_{j∉S} z_j is a game on F alone). The table holds that
 * product for all 2^k sets O, so explaining a row costs, per leaf, k interval tests and k additions
 * instead of the O(depth²) unwinding — the precomputation of Yang's Fast TreeSHAP v2 (2021).
 */
interface LeafTables {
  /** Leaves of the tabled trees, in order; leaf l's path features are `pathFeature[start[l] … start[l + 1])`. */
  readonly start: Int32Array;
  readonly pathFeature: Int32Array;
  /** A row follows the path at feature j when lo < x ≤ hi (lo NaN: no lower bound), or, missing, when `missingOk`. */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly missingOk: Uint8Array;
  /** Leaf l's table at `tableStart[l]`: 2^k rows of k contributions. */
  readonly tableStart: Int32Array;
  readonly table: Float64Array;
}

/** Beyond this many distinct features on a leaf's path, a tree is explained by the recursion (its table would hold 2^k · k numbers per leaf). */
const MAX_TABLE_FEATURES = 8;

/** Numbers all leaf tables of a model may hold together (2^24: 128 MiB); trees past it are explained by the recursion. */
const TABLE_BUDGET = 1 << 24;

interface CompiledShap {
  readonly trees: readonly ShapTree[];
  /** The trees the recursion explains (paths through more than {@link MAX_TABLE_FEATURES} distinct features, or past {@link TABLE_BUDGET}). */
  readonly recursive: readonly ShapTree[];
  readonly tables: LeafTables;
  readonly expectedValue: number;
  readonly path: PathBuffer;
}

const compiledShap = new WeakMap<GbmModelDocument, CompiledShap>();

/** The trees as typed arrays, the expected value and a path buffer for the deepest tree (cached per document). */
function compileShap(model: GbmModelDocument): CompiledShap {
  const cached = compiledShap.get(model);
  if (cached !== undefined) return cached;
  let depth = 0;
  let expectedValue = model.baseScore;
  const trees = model.trees.map((t) => {
    const tree: ShapTree = {
      feature: Int32Array.from(t.feature),
      threshold: Float64Array.from(t.threshold),
      missingLeft: Uint8Array.from(t.missingLeft, (b) => (b ? 1 : 0)),
      left: Int32Array.from(t.left),
      right: Int32Array.from(t.right),
      value: Float64Array.from(t.value),
      cover: Float64Array.from(t.cover),
    };
    depth = Math.max(depth, treeDepth(tree, 0));
    expectedValue += expectation(tree, 0);
    return tree;
  });
  // Level d writes d + 2 elements after its parent's: (depth + 2)(depth + 3) / 2 in all, doubled for slack.
  const size = (depth + 3) * (depth + 4);
  const path: PathBuffer = { feature: new Int32Array(size), zero: new Float64Array(size), one: new Float64Array(size), weight: new Float64Array(size) };
  const recursive: ShapTree[] = [];
  const leaves: LeafPath[] = [];
  let tabled = 0;
  for (const tree of trees) {
    const paths = leafPaths(tree);
    const size = paths.reduce((sum, l) => sum + (1 << l.features.length) * l.features.length, 0);
    if (paths.every((l) => l.features.length <= MAX_TABLE_FEATURES) && tabled + size <= TABLE_BUDGET) {
      leaves.push(...paths);
      tabled += size;
    } else recursive.push(tree);
  }
  const out = { trees, recursive, tables: leafTables(leaves), expectedValue, path };
  compiledShap.set(model, out);
  return out;
}

/** One leaf's path, per distinct feature: the interval, whether missing follows it, the cover ratio. */
interface LeafPath {
  readonly value: number;
  readonly features: number[];
  readonly lo: number[];
  readonly hi: number[];
  readonly missingOk: boolean[];
  readonly zero: number[];
}

function leafPaths(tree: ShapTree): LeafPath[] {
  const out: LeafPath[] = [];
  const walk = (node: number, path: LeafPath): void => {
    const f = tree.feature[node] as number;
    if (f < 0) {
      out.push({ ...path, value: tree.value[node] as number });
      return;
    }
    const cover = tree.cover[node] as number;
    for (const left of [true, false]) {
      const child = (left ? tree.left[node] : tree.right[node]) as number;
      const next: LeafPath = {
        value: 0,
        features: [...path.features],
        lo: [...path.lo],
        hi: [...path.hi],
        missingOk: [...path.missingOk],
        zero: [...path.zero],
      };
      let j = next.features.indexOf(f);
      if (j < 0) {
        j = next.features.push(f) - 1;
        next.lo.push(Number.NEGATIVE_INFINITY);
        next.hi.push(Number.POSITIVE_INFINITY);
        next.missingOk.push(true);
        next.zero.push(1);
      }
      const t = tree.threshold[node] as number;
      if (left) next.hi[j] = Math.min(next.hi[j] as number, t);
      else next.lo[j] = Math.max(next.lo[j] as number, t);
      next.missingOk[j] = (next.missingOk[j] as boolean) && (tree.missingLeft[node] === 1) === left;
      next.zero[j] = ((next.zero[j] as number) * (tree.cover[child] as number)) / cover;
      walk(child, next);
    }
  };
  walk(0, { value: 0, features: [], lo: [], hi: [], missingOk: [], zero: [] });
  return out;
}

function leafTables(leaves: readonly LeafPath[]): LeafTables {
  // In shared memory: worker threads read the tables without a copy.
  const shared = (bytes: number): SharedArrayBuffer => new SharedArrayBuffer(bytes);
  const start = new Int32Array(shared(4 * (leaves.length + 1)));
  const tableStart = new Int32Array(shared(4 * (leaves.length + 1)));
  leaves.forEach((l, i) => {
    const k = l.features.length;
    start[i + 1] = (start[i] as number) + k;
    tableStart[i + 1] = (tableStart[i] as number) + (1 << k) * k;
  });
  const m = start[leaves.length] as number;
  const pathFeature = new Int32Array(shared(4 * m));
  const lo = new Float64Array(shared(8 * m));
  const hi = new Float64Array(shared(8 * m));
  const missingOk = new Uint8Array(shared(m));
  const table = new Float64Array(shared(8 * (tableStart[leaves.length] as number)));
  leaves.forEach((l, i) => {
    const k = l.features.length;
    const s = start[i] as number;
    for (let j = 0; j < k; j++) {
      pathFeature[s + j] = l.features[j] as number;
      lo[s + j] = l.lo[j] === Number.NEGATIVE_INFINITY ? Number.NaN : (l.lo[j] as number);
      hi[s + j] = l.hi[j] as number;
      missingOk[s + j] = l.missingOk[j] ? 1 : 0;
    }
    // Shapley weights |S|! (k − |S| − 1)! / k! by |S|, and Π z over every subset of F.
    const weight = Array.from({ length: k }, (_, size) => (factorial(size) * factorial(k - size - 1)) / factorial(k));
    const full = (1 << k) - 1;
    const product = new Float64Array(1 << k);
    for (let mask = 0; mask <= full; mask++) {
      let p = 1;
      for (let j = 0; j < k; j++) if (mask & (1 << j)) p *= l.zero[j] as number;
      product[mask] = p;
    }
    const base = tableStart[i] as number;
    for (let followed = 0; followed <= full; followed++) {
      for (let j = 0; j < k; j++) {
        const others = followed & ~(1 << j);
        let sum = 0;
        // Every subset S of the followed features other than j (submask enumeration, S = others … 0).
        for (let subset = others; ; subset = (subset - 1) & others) {
          sum += (weight[bits(subset)] as number) * (product[full & ~subset & ~(1 << j)] as number);
          if (subset === 0) break;
        }
        table[base + followed * k + j] = l.value * (((followed >> j) & 1) - (l.zero[j] as number)) * sum;
      }
    }
  });
  return { start, pathFeature, lo, hi, missingOk, tableStart, table };
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

function bits(mask: number): number {
  let c = 0;
  for (let m = mask; m !== 0; m &= m - 1) c++;
  return c;
}

/** Adds every tree's contributions for row x to phi: table lookups for the tabled trees, the recursion for the rest. */
function contributions(shap: CompiledShap, x: Float64Array, phi: Float64Array): void {
  const { start, pathFeature, lo, hi, missingOk, tableStart, table } = shap.tables;
  const leaves = start.length - 1;
  for (let l = 0; l < leaves; l++) {
    const s = start[l] as number;
    const k = (start[l + 1] as number) - s;
    let followed = 0;
    for (let j = 0; j < k; j++) {
      const v = x[pathFeature[s + j] as number] as number;
      const low = lo[s + j] as number;
      if (Number.isNaN(v) ? missingOk[s + j] === 1 : !(v <= low) && v <= (hi[s + j] as number)) followed |= 1 << j;
    }
    const at = (tableStart[l] as number) + followed * k;
    for (let j = 0; j < k; j++) {
      const f = pathFeature[s + j] as number;
      phi[f] = (phi[f] as number) + (table[at + j] as number);
    }
  }
  for (const tree of shap.recursive) recurse(tree, x, phi, shap.path, 0, 0, 0, 1, 1, -1);
}

function treeDepth(tree: ShapTree, node: number): number {
  if ((tree.feature[node] as number) < 0) return 0;
  return 1 + Math.max(treeDepth(tree, tree.left[node] as number), treeDepth(tree, tree.right[node] as number));
}

function rowValues(names: readonly string[], row: ArrayLike<number> | Readonly<Record<string, number>>): Float64Array {
  const isArray = Array.isArray(row) || ArrayBuffer.isView(row);
  return Float64Array.from(names, (name, f) => {
    const v = isArray ? (row as ArrayLike<number>)[f] : (row as Readonly<Record<string, number>>)[name];
    if (v === undefined) throw new RangeError(`the value of feature ${name} is missing`);
    return v;
  });
}

function goesLeft(tree: ShapTree, node: number, x: Float64Array): boolean {
  const v = x[tree.feature[node] as number] as number;
  return v <= (tree.threshold[node] as number) || (Number.isNaN(v) && tree.missingLeft[node] === 1);
}

function leafOf(tree: ShapTree, x: Float64Array): number {
  let node = 0;
  while ((tree.feature[node] as number) >= 0) node = (goesLeft(tree, node, x) ? tree.left[node] : tree.right[node]) as number;
  return node;
}

/** The cover-weighted mean leaf value under a node. */
function expectation(tree: ShapTree, node: number): number {
  if ((tree.feature[node] as number) < 0) return tree.value[node] as number;
  const l = tree.left[node] as number;
  const r = tree.right[node] as number;
  const cl = tree.cover[l] as number;
  const cr = tree.cover[r] as number;
  return (cl * expectation(tree, l) + cr * expectation(tree, r)) / (cl + cr);
}

/**
 * Algorithm 2's RECURSE. The parent's path is `depth` elements at `parentAt`; this node copies it
 * to `at = parentAt + depth + 1`, extends it by the parent's split, and hands its own copy on, so
 * a sibling finds the parent's path untouched.
 */
function recurse(
  tree: ShapTree,
  x: Float64Array,
  phi: Float64Array,
  p: PathBuffer,
  node: number,
  depth: number,
  parentAt: number,
  zero: number,
  one: number,
  feature: number,
): void {
  const at = parentAt + depth + 1;
  // A plain loop: copyWithin's call overhead dominates copies of a few elements.
  for (let i = 0; i < depth; i++) {
    p.feature[at + i] = p.feature[parentAt + i] as number;
    p.zero[at + i] = p.zero[parentAt + i] as number;
    p.one[at + i] = p.one[parentAt + i] as number;
    p.weight[at + i] = p.weight[parentAt + i] as number;
  }
  extend(p, at, depth, zero, one, feature);
  const f = tree.feature[node] as number;
  if (f < 0) {
    const v = tree.value[node] as number;
    for (let i = 1; i <= depth; i++) {
      const k = p.feature[at + i] as number;
      phi[k] = (phi[k] as number) + unwoundSum(p, at, depth, i) * ((p.one[at + i] as number) - (p.zero[at + i] as number)) * v;
    }
    return;
  }
  const left = tree.left[node] as number;
  const right = tree.right[node] as number;
  const hotLeft = goesLeft(tree, node, x);
  const hot = hotLeft ? left : right;
  const cold = hotLeft ? right : left;
  let inZero = 1;
  let inOne = 1;
  let d = depth;
  // A feature met again on the path: undo its earlier step and carry its fractions on.
  for (let i = 1; i <= d; i++) {
    if (p.feature[at + i] !== f) continue;
    inZero = p.zero[at + i] as number;
    inOne = p.one[at + i] as number;
    unwind(p, at, d, i);
    d--;
    break;
  }
  const cover = tree.cover[node] as number;
  recurse(tree, x, phi, p, hot, d + 1, at, (inZero * (tree.cover[hot] as number)) / cover, inOne, f);
  recurse(tree, x, phi, p, cold, d + 1, at, (inZero * (tree.cover[cold] as number)) / cover, 0, f);
}

/** EXTEND: element `depth` becomes the new feature, the subset-size weights updated in place. */
function extend(p: PathBuffer, at: number, depth: number, zero: number, one: number, feature: number): void {
  p.feature[at + depth] = feature;
  p.zero[at + depth] = zero;
  p.one[at + depth] = one;
  p.weight[at + depth] = depth === 0 ? 1 : 0;
  const w = p.weight;
  for (let i = depth - 1; i >= 0; i--) {
    w[at + i + 1] = (w[at + i + 1] as number) + (one * (w[at + i] as number) * (i + 1)) / (depth + 1);
    w[at + i] = (zero * (w[at + i] as number) * (depth - i)) / (depth + 1);
  }
}

/** UNWIND: element i removed in place (its weights taken out, the later elements moved down). */
function unwind(p: PathBuffer, at: number, depth: number, i: number): void {
  const zero = p.zero[at + i] as number;
  const one = p.one[at + i] as number;
  const w = p.weight;
  let n = w[at + depth] as number;
  for (let j = depth - 1; j >= 0; j--) {
    if (one !== 0) {
      const t = w[at + j] as number;
      w[at + j] = (n * (depth + 1)) / ((j + 1) * one);
      n = t - ((w[at + j] as number) * zero * (depth - j)) / (depth + 1);
    } else {
      w[at + j] = ((w[at + j] as number) * (depth + 1)) / (zero * (depth - j));
    }
  }
  for (let j = i; j < depth; j++) {
    p.feature[at + j] = p.feature[at + j + 1] as number;
    p.zero[at + j] = p.zero[at + j + 1] as number;
    p.one[at + j] = p.one[at + j + 1] as number;
  }
}

/** The total weight of the path with element i unwound (without changing it). */
function unwoundSum(p: PathBuffer, at: number, depth: number, i: number): number {
  const zero = p.zero[at + i] as number;
  const one = p.one[at + i] as number;
  const w = p.weight;
  let total = 0;
  if (one !== 0) {
    let n = w[at + depth] as number;
    for (let j = depth - 1; j >= 0; j--) {
      const t = (n * (depth + 1)) / ((j + 1) * one);
      total += t;
      n = (w[at + j] as number) - (t * zero * (depth - j)) / (depth + 1);
    }
  } else {
    for (let j = depth - 1; j >= 0; j--) total += ((w[at + j] as number) * (depth + 1)) / (zero * (depth - j));
  }
  return total;
}
