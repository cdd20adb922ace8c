/**
 * Fitting a monotone gradient-boosted tree model (logistic loss) on feature columns, from scratch:
 * quantile bins per feature learned on the training fold (`bin-columns.ts`), one histogram tree
 * per iteration on the loss's gradients and hessians (`grow-tree.ts`; Friedman's gradient boosting
 * with XGBoost's second-order leaf values), shrunk by the learning rate. A seeded, label-stratified
 * share of the rows is held out as a validation fold; boosting stops when its log-loss has not
 * improved for `patience` iterations, and the model keeps the trees up to the best iteration.
 * Everything is deterministic: the same columns, labels, options and seed give a byte-identical
 * document.
 * @module
 */
import { createRandom, seedWords } from "@creditclass/core";
import { binColumns } from "./bin-columns.js";
import type { GbmModelDocument } from "./gbm-schema.js";
import { gbmModelSchema } from "./gbm-schema.js";
import type { GrownTree } from "./grow-tree.js";
import { growTree } from "./grow-tree.js";

/**
 * Options of {@link fitGbm}; every one has a default.
 * @category Models
 */
export interface GbmOptions {
  /** Boosting iterations at most (default 200). */
  readonly iterations?: number;
  /** Shrinkage of every tree (default 0.1). */
  readonly learningRate?: number;
  /** Depth of a tree at most (default 6). */
  readonly maxDepth?: number;
  /** Leaves of a tree at most, grown best-first (default 31). */
  readonly maxLeaves?: number;
  /** L2 penalty λ on leaf values (default 1). */
  readonly lambda?: number;
  /** Training rows in a leaf at least (default 20). */
  readonly minSamplesLeaf?: number;
  /** Hessian sum in a leaf at least (default 1e-3). */
  readonly minHessianLeaf?: number;
  /** Loss reduction a split needs, more than (default 0). */
  readonly minGain?: number;
  /** Bins per feature at most, 2–255 (default 255). */
  readonly maxBins?: number;
  /** Monotone direction per feature name: +1 the score never falls as the value rises, −1 never rises (default 0). */
  readonly monotone?: Readonly<Record<string, -1 | 0 | 1>>;
  /** Share of rows held out for early stopping, stratified by label (default 0.2; 0: none, all iterations kept). */
  readonly validationShare?: number;
  /** Stop after this many iterations without a better validation log-loss (default 20). */
  readonly patience?: number;
  /** Seed of the validation split (default `"creditclass"`); recorded in the document. */
  readonly seed?: string;
  /** Positive weight per row (default 1): gradients, hessians, the base rate and the losses are weighted; leaf minimums count rows. */
  readonly weights?: ArrayLike<number>;
  /** Threads for the histograms (default 1); the document is byte-identical on any number, and the number is not recorded. */
  readonly threads?: number;
}

/**
 * A fitted gradient-boosted model and how the fit went.
 * @category Models
 */
export interface GbmFit {
  readonly model: GbmModelDocument;
  readonly report: {
    /** Trees grown, including those past the best iteration. */
    readonly iterations: number;
    /** Trees kept: the iteration with the lowest validation log-loss (all grown without validation). */
    readonly bestIteration: number;
    /** Mean log-loss per iteration on the training and validation folds. */
    readonly trainLoss: readonly number[];
    readonly validationLoss: readonly number[];
    readonly trainRows: number;
    readonly validationRows: number;
  };
}

/**
 * Fits a gradient-boosted tree model of P(label = 1).
 *
 * @param columns - One `Float64Array` per feature, by name (NaN = missing); the key order is the model's feature order.
 * @param label - 0 / 1 per row.
 * @param options - Trees, learning rate, depth and leaves, λ, leaf minimums, bins, monotone directions, early stopping, seed.
 * @returns The validated document and a report of the fit.
 * @throws {RangeError} When lengths differ, a label is not 0/1, the training rows hold one class, an option is out of range, or a monotone direction names no column.
 * @example
 * const { model, report } = fitGbm({ debt_ratio, overdue_days }, adverse, { monotone: { debt_ratio: 1 }, seed: "2024-06" });
 * report.bestIteration //=> 87
 * @category Models
 */
export function fitGbm(columns: Readonly<Record<string, Float64Array>>, label: ArrayLike<number>, options: GbmOptions = {}): GbmFit {
  const names = Object.keys(columns);
  const cols = names.map((name) => columns[name] as Float64Array);
  const n = label.length;
  if (names.length === 0) throw new RangeError("no feature columns");
  for (const [f, c] of cols.entries()) if (c.length !== n) throw new RangeError(`column ${names[f]} has ${c.length} rows, the labels ${n}`);
  for (let i = 0; i < n; i++) if (label[i] !== 0 && label[i] !== 1) throw new RangeError(`label ${label[i]} at row ${i} is not 0 or 1`);
  const weights = options.weights === undefined ? undefined : Float64Array.from(options.weights);
  if (weights !== undefined) {
    if (weights.length !== n) throw new RangeError(`${weights.length} weights for ${n} rows`);
    for (let i = 0; i < n; i++)
      if (!((weights[i] as number) > 0 && Number.isFinite(weights[i]))) throw new RangeError(`weight ${weights[i]} at row ${i} is not positive`);
  }
  const settings = {
    iterations: options.iterations ?? 200,
    learningRate: options.learningRate ?? 0.1,
    maxDepth: options.maxDepth ?? 6,
    maxLeaves: options.maxLeaves ?? 31,
    lambda: options.lambda ?? 1,
    minSamplesLeaf: options.minSamplesLeaf ?? 20,
    minHessianLeaf: options.minHessianLeaf ?? 1e-3,
    minGain: options.minGain ?? 0,
    maxBins: options.maxBins ?? 255,
    validationShare: options.validationShare ?? 0.2,
    patience: options.patience ?? 20,
  };
  const seed = options.seed ?? "creditclass";
  checkSettings(settings);
  const monotone = new Int8Array(names.length);
  for (const [name, direction] of Object.entries(options.monotone ?? {})) {
    const f = names.indexOf(name);
    if (f < 0) throw new RangeError(`monotone direction for ${name}, which is not a column`);
    monotone[f] = direction;
  }

  const { train, validation } = splitRows(label, settings.validationShare, seed);
  let positives = 0;
  let total = 0;
  let count = 0;
  for (const r of train) {
    const w = weights === undefined ? 1 : (weights[r] as number);
    positives += w * (label[r] as number);
    total += w;
    count += label[r] as number;
  }
  if (count === 0 || count === train.length) throw new RangeError("the training rows hold one class only");
  const baseScore = Math.log(positives / (total - positives));
  const { thresholds, codes } = binColumns(cols, train, settings.maxBins);
  const p = codes.length;
  const threads = Math.max(1, Math.floor(options.threads ?? 1));
  // In shared memory when a worker thread helps sum the histograms (it reads codes, gradients, hessians and rows in place).
  const memory = (bytes: number): ArrayBuffer | SharedArrayBuffer => (threads > 1 ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const rowCodes = new Uint8Array(memory(n * p));
  for (let f = 0; f < p; f++) {
    const c = codes[f] as Uint8Array;
    for (let i = 0; i < n; i++) rowCodes[i * p + f] = c[i] as number;
  }
  const data = {
    codes,
    rowCodes,
    bins: Int32Array.from(thresholds, (t) => t.length + 1),
    monotone,
    gradient: new Float64Array(memory(8 * n)),
    hessian: new Float64Array(memory(8 * n)),
  };
  const scores = new Float64Array(n).fill(baseScore);
  const rows = new Int32Array(memory(4 * train.length));
  rows.set(train);
  const trees: GrownTree[] = [];
  const trainLoss: number[] = [];
  const validationLoss: number[] = [];
  let best = Number.POSITIVE_INFINITY;
  let bestIteration = 0;
  for (let it = 0; it < settings.iterations; it++) {
    for (const r of train) {
      const p = sigmoid(scores[r] as number);
      const w = weights === undefined ? 1 : (weights[r] as number);
      data.gradient[r] = w * (p - (label[r] as number));
      data.hessian[r] = w * p * (1 - p);
    }
    // Ascending rows, kept ascending within every leaf by the stable partition: the histogram
    // loops then walk memory forwards.
    rows.set(train);
    const tree = growTree(data, rows, scores, settings, threads);
    trees.push(tree);
    trainLoss.push(logLoss(scores, label, train, weights));
    if (validation.length === 0) continue;
    for (const r of validation) scores[r] = (scores[r] as number) + (tree.value[leafOfCodes(tree, codes, data.bins, r)] as number);
    const loss = logLoss(scores, label, validation, weights);
    validationLoss.push(loss);
    if (loss < best) {
      best = loss;
      bestIteration = it + 1;
    } else if (it + 1 - bestIteration >= settings.patience) break;
  }
  if (validation.length === 0) bestIteration = trees.length;

  const document = {
    kind: "creditclass.gbm-model" as const,
    version: 1 as const,
    objective: "logistic" as const,
    features: names.map((name, f) => ({ name, monotone: monotone[f] as -1 | 0 | 1, thresholds: Array.from(thresholds[f] as Float64Array) })),
    baseScore,
    trees: trees.slice(0, bestIteration).map((t) => toDocumentTree(t, thresholds)),
    training: {
      trainer: "creditclass.gbm",
      seed,
      ...settings,
      rows: n,
      trainRows: train.length,
      validationRows: validation.length,
      bestIteration,
      iterations: trees.length,
      ...(weights === undefined ? {} : { weighted: true }),
      ...(validation.length > 0 ? { validationLoss: best } : {}),
    },
  };
  return {
    model: gbmModelSchema.parse(document),
    report: { iterations: trees.length, bestIteration, trainLoss, validationLoss, trainRows: train.length, validationRows: validation.length },
  };
}

function checkSettings(s: Record<string, number>): void {
  const positiveInt = ["iterations", "maxDepth", "maxLeaves", "minSamplesLeaf", "patience"];
  for (const key of positiveInt)
    if (!(Number.isInteger(s[key]) && (s[key] as number) >= 1)) throw new RangeError(`${key} must be an integer ≥ 1, not ${s[key]}`);
  if (!((s.maxLeaves as number) >= 2)) throw new RangeError(`maxLeaves must be ≥ 2, not ${s.maxLeaves}`);
  if (!(Number.isInteger(s.maxBins) && (s.maxBins as number) >= 2 && (s.maxBins as number) <= 255))
    throw new RangeError(`maxBins must be an integer in 2–255, not ${s.maxBins}`);
  if (!((s.learningRate as number) > 0)) throw new RangeError(`learningRate must be > 0, not ${s.learningRate}`);
  for (const key of ["lambda", "minHessianLeaf", "minGain"]) if (!((s[key] as number) >= 0)) throw new RangeError(`${key} must be ≥ 0, not ${s[key]}`);
  if (!((s.validationShare as number) >= 0 && (s.validationShare as number) < 1))
    throw new RangeError(`validationShare must be in [0, 1), not ${s.validationShare}`);
}

/** A label-stratified seeded split: per class, a Fisher–Yates shuffle, the first share held out. */
function splitRows(label: ArrayLike<number>, share: number, seed: string): { train: Int32Array; validation: Int32Array } {
  const n = label.length;
  if (share === 0) return { train: Int32Array.from({ length: n }, (_, i) => i), validation: new Int32Array(0) };
  const held = new Uint8Array(n);
  for (const cls of [0, 1]) {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (label[i] === cls) rows.push(i);
    const random = createRandom(seedWords(seed), cls);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      const t = rows[i] as number;
      rows[i] = rows[j] as number;
      rows[j] = t;
    }
    const take = Math.round(share * rows.length);
    for (let i = 0; i < take; i++) held[rows[i] as number] = 1;
  }
  const train: number[] = [];
  const validation: number[] = [];
  for (let i = 0; i < n; i++) (held[i] ? validation : train).push(i);
  return { train: Int32Array.from(train), validation: Int32Array.from(validation) };
}

function leafOfCodes(tree: GrownTree, codes: readonly Uint8Array[], bins: Int32Array, row: number): number {
  let node = 0;
  for (let f = tree.feature[0] as number; f >= 0; f = tree.feature[node] as number) {
    const c = (codes[f] as Uint8Array)[row] as number;
    node = (c === bins[f] ? tree.missingLeft[node] : c <= (tree.bin[node] as number)) ? (tree.left[node] as number) : (tree.right[node] as number);
  }
  return node;
}

/**
 * A grown tree in document form: bins become value thresholds. The split that sends every
 * non-missing value left (bin = the last bin) gets `Number.MAX_VALUE`, the largest finite bound.
 */
function toDocumentTree(tree: GrownTree, thresholds: readonly Float64Array[]): GbmModelDocument["trees"][number] {
  return {
    feature: [...tree.feature],
    threshold: tree.feature.map((f, i) => (f < 0 ? 0 : ((thresholds[f] as Float64Array)[tree.bin[i] as number] ?? Number.MAX_VALUE))),
    missingLeft: [...tree.missingLeft],
    left: [...tree.left],
    right: [...tree.right],
    value: [...tree.value],
    cover: [...tree.cover],
  };
}

function sigmoid(t: number): number {
  return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
}

/** (Weighted) mean logistic loss log(1 + eᵗ) − y·t over the given rows, computed without overflow. */
function logLoss(scores: Float64Array, label: ArrayLike<number>, rows: Int32Array, weights: Float64Array | undefined): number {
  let total = 0;
  let mass = 0;
  for (const r of rows) {
    const t = scores[r] as number;
    const w = weights === undefined ? 1 : (weights[r] as number);
    total += w * (Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t))) - (label[r] as number) * t);
    mass += w;
  }
  return total / mass;
}
