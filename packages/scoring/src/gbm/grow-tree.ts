/**
 * Growing one regression tree on gradient histograms, the way LightGBM does (Ke et al., 2017):
 * per leaf, a histogram of gradient and hessian sums per feature bin; the best split of a leaf is a
 * scan over its bins; a child's histogram is its parent's minus its sibling's, so only the smaller
 * child is summed over rows. Leaves are split best-first (largest gain first) up to `maxLeaves`,
 * never below `maxDepth`. The leaf value minimises the second-order loss with an L2 penalty λ:
 * w = −G / (H + λ), and a split's gain is the loss it removes with those values.
 *
 * Missing values have no bin of their own in a split: each split tries them on the left and on the
 * right and keeps the better gain (XGBoost's "sparsity-aware" default direction). A node whose rows
 * have no missing value sends future missing values to its larger child.
 *
 * Monotone constraints follow LightGBM's basic method: every node carries bounds [lo, hi] that its
 * leaf values are clamped to; a split on a +1 feature is rejected unless its left value ≤ its right
 * value, and then bounds the left subtree above and the right subtree below by their midpoint (−1
 * the reverse). Any two rows that differ only by a rise in that feature part at such a split, so
 * every leaf one can reach is ≤ (≥) every leaf the other can reach: the tree is monotone.
 * @module
 */
import { awaitWorker, callWorkerSource, evalWorkers } from "@creditclass/core";

/** Settings of {@link growTree}. */
export interface GrowSettings {
  readonly maxDepth: number;
  readonly maxLeaves: number;
  readonly lambda: number;
  readonly minSamplesLeaf: number;
  readonly minHessianLeaf: number;
  readonly minGain: number;
  readonly learningRate: number;
}

/** The binned data a tree grows on; gradients and hessians are indexed by row. */
export interface GrowData {
  /** Per feature, a bin code per row (missing = bins). */
  readonly codes: readonly Uint8Array[];
  /** The same codes row-major: row r's code of feature f at r × features + f. */
  readonly rowCodes: Uint8Array;
  /** Per feature, the number of non-missing bins. */
  readonly bins: Int32Array;
  /** Per feature, +1 / −1 / 0. */
  readonly monotone: Int8Array;
  readonly gradient: Float64Array;
  readonly hessian: Float64Array;
}

/** A grown tree as parallel node arrays; `bin` is the split's last bin going left. */
export interface GrownTree {
  readonly feature: number[];
  readonly bin: number[];
  readonly missingLeft: boolean[];
  readonly left: number[];
  readonly right: number[];
  readonly value: number[];
  readonly cover: number[];
}

interface Split {
  feature: number;
  bin: number;
  missingLeft: boolean;
  gain: number;
  leftValue: number;
  rightValue: number;
}

interface Leaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  lo: number;
  hi: number;
  g: number;
  h: number;
  value: number;
  hist: Float64Array | undefined;
  split: Split | undefined;
}

/**
 * Grows one tree on the rows `rows[0 … count)` and adds its (learning-rate scaled) leaf values to
 * those rows' `scores`. `rows` is reordered (grouped by leaf).
 *
 * @param data - Bin codes, bin counts, monotone directions, gradients and hessians.
 * @param rows - The training rows (reordered in place).
 * @param scores - Raw scores per row, updated in place for the training rows.
 * @param settings - Depth, leaves, λ, minimum rows and hessian per leaf, minimum gain, learning rate.
 * @param threads - Threads for the histograms (default 1; more help only when `data`'s arrays and `rows` are in shared memory; the tree is the same).
 * @returns The tree.
 * @example
 * const tree = growTree(data, rows, scores, settings); tree.feature[0] //=> 2 (the root splits feature 2)
 */
export function growTree(data: GrowData, rows: Int32Array, scores: Float64Array, settings: GrowSettings, threads = 1): GrownTree {
  const p = data.codes.length;
  const offsets = new Int32Array(p + 1);
  for (let f = 0; f < p; f++) offsets[f + 1] = (offsets[f] as number) + (data.bins[f] as number) + 1;
  const width = (offsets[p] as number) * 3;
  const scratch = new Int32Array(rows.length);
  const tree: GrownTree = { feature: [], bin: [], missingLeft: [], left: [], right: [], value: [], cover: [] };
  const addNode = (cover: number): number => {
    tree.feature.push(-1);
    tree.bin.push(0);
    tree.missingLeft.push(false);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(0);
    tree.cover.push(cover);
    return tree.feature.length - 1;
  };
  const { lambda } = settings;
  const leafValue = (g: number, h: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, -g / (h + lambda)));
  const canSplit = (leaf: Leaf): boolean => leaf.depth < settings.maxDepth && leaf.end - leaf.start >= 2 * settings.minSamplesLeaf;

  let g = 0;
  let h = 0;
  for (const r of rows) {
    g += data.gradient[r] as number;
    h += data.hessian[r] as number;
  }
  const root: Leaf = {
    node: addNode(rows.length),
    start: 0,
    end: rows.length,
    depth: 0,
    lo: -Infinity,
    hi: Infinity,
    g,
    h,
    value: 0,
    hist: undefined,
    split: undefined,
  };
  root.value = leafValue(g, h, root.lo, root.hi);
  if (canSplit(root)) {
    root.hist = histogramMemory(width, threads);
    buildHistogram(root.hist, data, offsets, rows, root.start, root.end, threads);
    root.split = bestSplit(root, data, offsets, settings);
  }
  const leaves: Leaf[] = [root];
  while (leaves.length < settings.maxLeaves) {
    let pick = -1;
    for (let i = 0; i < leaves.length; i++) {
      const s = leaves[i]?.split;
      if (s !== undefined && (pick < 0 || s.gain > (leaves[pick]?.split?.gain ?? 0))) pick = i;
    }
    if (pick < 0) break;
    const leaf = leaves[pick] as Leaf;
    const split = leaf.split as Split;
    const missing = (data.bins[split.feature] as number) + 0;
    const codes = data.codes[split.feature] as Uint8Array;
    // Stable partition: left rows first, then right, both in their previous order.
    let l = leaf.start;
    let r = 0;
    for (let i = leaf.start; i < leaf.end; i++) {
      const row = rows[i] as number;
      const c = codes[row] as number;
      if (c === missing ? split.missingLeft : c <= split.bin) rows[l++] = row;
      else scratch[r++] = row;
    }
    rows.set(scratch.subarray(0, r), l);
    let lg = 0;
    let lh = 0;
    for (let i = leaf.start; i < l; i++) {
      const row = rows[i] as number;
      lg += data.gradient[row] as number;
      lh += data.hessian[row] as number;
    }
    let { lo: leftLo, hi: leftHi } = leaf;
    let { lo: rightLo, hi: rightHi } = leaf;
    const direction = data.monotone[split.feature] as number;
    if (direction !== 0) {
      const mid = (split.leftValue + split.rightValue) / 2;
      if (direction > 0) {
        leftHi = Math.min(leftHi, mid);
        rightLo = Math.max(rightLo, mid);
      } else {
        leftLo = Math.max(leftLo, mid);
        rightHi = Math.min(rightHi, mid);
      }
    }
    const depth = leaf.depth + 1;
    const left: Leaf = {
      node: addNode(l - leaf.start),
      start: leaf.start,
      end: l,
      depth,
      lo: leftLo,
      hi: leftHi,
      g: lg,
      h: lh,
      value: 0,
      hist: undefined,
      split: undefined,
    };
    const right: Leaf = {
      node: addNode(leaf.end - l),
      start: l,
      end: leaf.end,
      depth,
      lo: rightLo,
      hi: rightHi,
      g: leaf.g - lg,
      h: leaf.h - lh,
      value: 0,
      hist: undefined,
      split: undefined,
    };
    left.value = leafValue(left.g, left.h, left.lo, left.hi);
    right.value = leafValue(right.g, right.h, right.lo, right.hi);
    tree.feature[leaf.node] = split.feature;
    tree.bin[leaf.node] = split.bin;
    tree.missingLeft[leaf.node] = split.missingLeft;
    tree.left[leaf.node] = left.node;
    tree.right[leaf.node] = right.node;
    if (canSplit(left) || canSplit(right)) {
      // Sum the smaller child over its rows; the larger is the parent minus it (reusing its memory).
      const parent = leaf.hist as Float64Array;
      const [small, large] = left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
      small.hist = histogramMemory(width, threads);
      buildHistogram(small.hist, data, offsets, rows, small.start, small.end, threads);
      for (let k = 0; k < width; k++) parent[k] = (parent[k] as number) - (small.hist[k] as number);
      large.hist = parent;
      for (const child of [left, right]) if (canSplit(child)) child.split = bestSplit(child, data, offsets, settings);
    }
    leaf.hist = undefined;
    leaves.splice(pick, 1, left, right);
  }
  for (const leaf of leaves) {
    const v = settings.learningRate * leaf.value;
    tree.value[leaf.node] = v;
    for (let i = leaf.start; i < leaf.end; i++) {
      const row = rows[i] as number;
      scores[row] = (scores[row] as number) + v;
    }
  }
  return tree;
}

/**
 * Sums gradient, hessian and count per (feature, bin) over `rows[start … end)`. It reads the
 * row-major codes: a row's codes of every feature sit in one cache line, where the per-feature
 * columns would cost a cache miss per feature for rows scattered over the table (3× faster on
 * 100k × 64). With `threads` > 1, shared memory and enough rows, a worker thread sums the second
 * half of the features while this one sums the first: every bin still adds its rows in the same
 * order, so the histogram — and the model — is bit-identical.
 */
function buildHistogram(hist: Float64Array, data: GrowData, offsets: Int32Array, rows: Int32Array, start: number, end: number, threads: number): void {
  const p = data.codes.length;
  const { rowCodes, gradient, hessian } = data;
  const shared = [hist, rowCodes, gradient, hessian, rows].every((a) => a.buffer instanceof SharedArrayBuffer);
  if (threads < 2 || !shared || end - start < MIN_PARALLEL_ROWS || p < 2) {
    histogramRange(hist, rowCodes, p, offsets, gradient, hessian, rows, start, end, 0, p);
    return;
  }
  const half = p >> 1;
  const [worker] = evalWorkers(HISTOGRAM_WORKER, 1);
  if (worker === undefined) {
    histogramRange(hist, rowCodes, p, offsets, gradient, hessian, rows, start, end, 0, p);
    return;
  }
  const flag = new Int32Array(new SharedArrayBuffer(4));
  worker.postMessage({ args: [hist, rowCodes, p, offsets, gradient, hessian, rows, start, end, half, p], flag });
  histogramRange(hist, rowCodes, p, offsets, gradient, hessian, rows, start, end, 0, half);
  if (awaitWorker(worker, flag, 120_000)) {
    workerHistograms.summed++;
    return;
  }
  // The worker's bins may hold part of its sums: start them again here.
  hist.fill(0, (offsets[half] as number) * 3, (offsets[p] as number) * 3);
  histogramRange(hist, rowCodes, p, offsets, gradient, hessian, rows, start, end, half, p);
}

/** Histograms a worker thread helped sum, since the process started: for tests. */
export const workerHistograms = { summed: 0 };

/** Below this many rows a leaf's histogram is summed here alone (a worker's round trip costs more). */
const MIN_PARALLEL_ROWS = 8_192;

/**
 * The sums of features [f0, f1) over `rows[start … end)` into `hist` (3 numbers per bin, a
 * feature's bins from `offsets[f]`). Self-contained (no module state), so a worker runs its source.
 */
function histogramRange(
  hist: Float64Array,
  rowCodes: Uint8Array,
  p: number,
  offsets: Int32Array,
  gradient: Float64Array,
  hessian: Float64Array,
  rows: Int32Array,
  start: number,
  end: number,
  f0: number,
  f1: number,
): void {
  const slot = new Int32Array(p);
  for (let f = 0; f < p; f++) slot[f] = (offsets[f] as number) * 3;
  for (let i = start; i < end; i++) {
    const row = rows[i] as number;
    const g = gradient[row] as number;
    const h = hessian[row] as number;
    const base = row * p;
    let f = f0;
    // Four features at a time: their bins lie in different feature blocks, so the updates are
    // independent and overlap in the CPU; each bin still sums its rows in the same order.
    for (; f + 3 < f1; f += 4) {
      const k0 = (slot[f] as number) + (rowCodes[base + f] as number) * 3;
      const k1 = (slot[f + 1] as number) + (rowCodes[base + f + 1] as number) * 3;
      const k2 = (slot[f + 2] as number) + (rowCodes[base + f + 2] as number) * 3;
      const k3 = (slot[f + 3] as number) + (rowCodes[base + f + 3] as number) * 3;
      hist[k0] = (hist[k0] as number) + g;
      hist[k1] = (hist[k1] as number) + g;
      hist[k2] = (hist[k2] as number) + g;
      hist[k3] = (hist[k3] as number) + g;
      hist[k0 + 1] = (hist[k0 + 1] as number) + h;
      hist[k1 + 1] = (hist[k1 + 1] as number) + h;
      hist[k2 + 1] = (hist[k2 + 1] as number) + h;
      hist[k3 + 1] = (hist[k3 + 1] as number) + h;
      hist[k0 + 2] = (hist[k0 + 2] as number) + 1;
      hist[k1 + 2] = (hist[k1 + 2] as number) + 1;
      hist[k2 + 2] = (hist[k2 + 2] as number) + 1;
      hist[k3 + 2] = (hist[k3 + 2] as number) + 1;
    }
    for (; f < f1; f++) {
      const k = (slot[f] as number) + (rowCodes[base + f] as number) * 3;
      hist[k] = (hist[k] as number) + g;
      hist[k + 1] = (hist[k + 1] as number) + h;
      hist[k + 2] = (hist[k + 2] as number) + 1;
    }
  }
}

const HISTOGRAM_WORKER = callWorkerSource(histogramRange);

/** A zeroed histogram, in shared memory when a worker may help sum it. */
function histogramMemory(width: number, threads: number): Float64Array {
  return threads > 1 ? new Float64Array(new SharedArrayBuffer(8 * width)) : new Float64Array(width);
}

/** The best admissible split of a leaf (ties: the first feature, then the first bin), or undefined. */
function bestSplit(leaf: Leaf, data: GrowData, offsets: Int32Array, settings: GrowSettings): Split | undefined {
  const hist = leaf.hist as Float64Array;
  const { lambda, minSamplesLeaf, minHessianLeaf } = settings;
  const { lo, hi } = leaf;
  const total = leaf.end - leaf.start;
  const objective = (g: number, h: number, w: number): number => g * w + 0.5 * (h + lambda) * w * w;
  const value = (g: number, h: number): number => Math.min(hi, Math.max(lo, -g / (h + lambda)));
  const parent = objective(leaf.g, leaf.h, leaf.value);
  let best: Split | undefined;
  let bestGain = settings.minGain;
  for (let f = 0; f < data.codes.length; f++) {
    const bins = data.bins[f] as number;
    const base = (offsets[f] as number) * 3;
    const direction = data.monotone[f] as number;
    const m = base + bins * 3;
    const mg = hist[m] as number;
    const mh = hist[m + 1] as number;
    const mc = hist[m + 2] as number;
    let gl = 0;
    let hl = 0;
    let cl = 0;
    // The last candidate sends every non-missing value left and only makes sense with missing values.
    const last = mc > 0 ? bins - 1 : bins - 2;
    for (let b = 0; b <= last; b++) {
      const k = base + b * 3;
      gl += hist[k] as number;
      hl += hist[k + 1] as number;
      cl += hist[k + 2] as number;
      for (let side = 0; side < (mc > 0 && b < bins - 1 ? 2 : 1); side++) {
        const missingLeft = side === 1;
        const lg = missingLeft ? gl + mg : gl;
        const lh = missingLeft ? hl + mh : hl;
        const lc = missingLeft ? cl + mc : cl;
        const rc = total - lc;
        if (lc < minSamplesLeaf || rc < minSamplesLeaf) continue;
        const rg = leaf.g - lg;
        const rh = leaf.h - lh;
        if (lh < minHessianLeaf || rh < minHessianLeaf) continue;
        const wl = value(lg, lh);
        const wr = value(rg, rh);
        if ((direction > 0 && wl > wr) || (direction < 0 && wl < wr)) continue;
        const gain = parent - objective(lg, lh, wl) - objective(rg, rh, wr);
        if (gain > bestGain) {
          bestGain = gain;
          // Without missing values here, future ones follow the majority.
          const ml = mc > 0 ? missingLeft : lc >= rc;
          best = { feature: f, bin: b, missingLeft: ml, gain, leftValue: wl, rightValue: wr };
        }
      }
    }
  }
  return best;
}
