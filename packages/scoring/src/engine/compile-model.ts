/**
 * Compiles a validated model into terms: one per indicator, each a loop that turns a column of
 * values into points for a block of rows, with its weight, its reference for reasons and its
 * missing-value points settled up front — so no NaN can reach a score.
 * @module
 */
import type { ColumnExpression, IndicatorFamily } from "@creditclass/core";
import { compileColumnExpression, ValidationError } from "@creditclass/core";
import type { GbmModelDocument } from "../gbm/gbm-schema.js";
import type { Bin, LogisticModelDocument, MissingPolicy, Model, Scorecard, Transform } from "../model/model-schema.js";

/**
 * Emits JavaScript source computing a term's raw points from the (non-missing) value held in
 * the variable named by its argument: only validated numbers reach the source.
 * @category Models
 */
export type PointsSource = (value: string) => string;

/**
 * One additive term of a model's linear part.
 * @category Models
 */
export interface CompiledTerm {
  readonly indicator: string;
  readonly family: IndicatorFamily | undefined;
  /** Effective multiplier of the raw points in the model's sum (both weight levels, normalised). */
  readonly weight: number;
  /** Raw points a reason is measured against. */
  readonly reference: number;
  /** +1 when more points mean more risk (logistic terms), −1 when they mean less (scorecard points). */
  readonly riskSign: 1 | -1;
  /** Attainable raw points (may be infinite). */
  readonly range: readonly [number, number];
  /** Raw points of a missing value. */
  readonly missingPoints: number;
  /** For expression transforms: the other columns the expression reads. */
  readonly expression: ColumnExpression | undefined;
  /** Source of the points of a non-missing value (see {@link PointsSource}). */
  readonly points: PointsSource;
}

/**
 * A compiled linear part: `base + Σ weight × points`.
 * @category Models
 */
export interface CompiledLinear {
  readonly base: number;
  readonly terms: readonly CompiledTerm[];
  /** Attainable range of the sum (may be infinite). */
  readonly range: readonly [number, number];
}

/**
 * A compiled model.
 * @category Models
 */
export interface CompiledModel {
  readonly model: Model;
  /** The scorecard part (scorecard, hybrid). */
  readonly scorecard: CompiledLinear | undefined;
  /** The logistic part: `intercept + Σ coefficient × preprocessed value` (logistic, hybrid). */
  readonly logistic: CompiledLinear | undefined;
  /** The trees of a gradient-boosted model (scored by its own flat loop). */
  readonly gbm: GbmModelDocument | undefined;
  /** The indicator a reason index names: the reasoning part's terms, or the boosted model's features. */
  readonly reasonIndicators: readonly string[];
  /** Every indicator column the model reads (terms, expressions, overrides). */
  readonly fields: readonly string[];
  readonly overrides: readonly ColumnExpression[];
}

/**
 * Compiles a model for a frame with the given columns.
 *
 * @param model - A validated model.
 * @param columns - Column names available (checked: a model never runs over a missing column).
 * @returns The compiled model.
 * @throws {ValidationError} `missing_column` for each indicator the frame lacks; `invalid_config` for a policy that needs a bound the transform lacks.
 * @example
 * compileModel(parseModel(doc).models[0], frame.columnNames).fields //=> ["penalties_12m", …]
 * @category Models
 */
export function compileModel(model: Model, columns: readonly string[]): CompiledModel {
  const scorecard =
    model.kind === "creditclass.scorecard"
      ? compileScorecard(model, columns)
      : model.kind === "creditclass.hybrid"
        ? compileScorecard(model.scorecard, columns)
        : undefined;
  const logistic =
    model.kind === "creditclass.logistic-model" ? compileLogistic(model) : model.kind === "creditclass.hybrid" ? compileLogistic(model.logistic) : undefined;
  if (model.kind === "creditclass.hybrid" && scorecard !== undefined && !(Number.isFinite(scorecard.range[0]) && Number.isFinite(scorecard.range[1]))) {
    throw new ValidationError([
      {
        code: "invalid_config",
        path: ["scorecard"],
        message: "a hybrid needs a scorecard with bounded points to normalise it",
        expected: "bounded transforms (bins, piecewise, capped numeric)",
      },
    ]);
  }
  if (
    model.kind === "creditclass.scorecard" &&
    model.scale !== undefined &&
    scorecard !== undefined &&
    !(Number.isFinite(scorecard.range[0]) && Number.isFinite(scorecard.range[1]))
  ) {
    throw new ValidationError([
      {
        code: "invalid_config",
        path: ["scale"],
        message: "a linear scale needs bounded points: some transform is unbounded",
        expected: "bounded transforms (bins, piecewise, capped numeric), or no scale",
      },
    ]);
  }
  const known = [...columns];
  const overrides = model.overrides.map((o, k) => compileColumnExpression(o.when, known, ["overrides", k, "when"]));
  const fields = new Set<string>();
  for (const part of [scorecard, logistic]) {
    for (const t of part?.terms ?? []) {
      fields.add(t.indicator);
      for (const f of t.expression?.fields ?? []) if (f !== "x") fields.add(f);
    }
  }
  const gbm = model.kind === "creditclass.gbm-model" ? model : undefined;
  for (const f of gbm?.features ?? []) fields.add(f.name);
  for (const o of overrides) for (const f of o.fields) fields.add(f);
  const missing = [...fields].filter((f) => !columns.includes(f));
  if (missing.length > 0) {
    throw new ValidationError(
      missing.map((f) => ({
        code: "missing_column",
        field: f,
        message: `model ${model.id} reads ${f}, which the frame lacks`,
        expected: "a frame with every indicator the model uses",
      })),
    );
  }
  const reasonIndicators = gbm?.features.map((f) => f.name) ?? (scorecard ?? logistic)?.terms.map((t) => t.indicator) ?? [];
  return { model, scorecard, logistic, gbm, reasonIndicators, fields: [...fields], overrides };
}

function compileScorecard(card: Scorecard, columns: readonly string[]): CompiledLinear {
  const families = Object.entries(card.families).filter(([, f]) => f !== undefined) as [IndicatorFamily, NonNullable<Scorecard["families"]["basic"]>][];
  const familyTotal = families.reduce((s, [, f]) => s + f.weight, 0);
  const terms: CompiledTerm[] = [];
  for (const [family, spec] of families) {
    const indicatorTotal = spec.indicators.reduce((s, i) => s + i.weight, 0);
    for (const [k, ind] of spec.indicators.entries()) {
      const path = ["families", family, "indicators", k];
      const weight =
        card.combine === "additive"
          ? ind.weight
          : card.normalise
            ? (spec.weight / (familyTotal || 1)) * (ind.weight / (indicatorTotal || 1))
            : spec.weight * ind.weight;
      const { points, range, value, expression } = transformSource(ind.transform, path, columns);
      const missingPoints = missingPointsOf(ind.missing, range, value, [...path, "missing"]);
      const reference = ind.reference ?? (Number.isFinite(range[1]) ? range[1] : 0);
      terms.push({ indicator: ind.indicator, family, weight, reference, riskSign: -1, range, missingPoints, expression, points });
    }
  }
  return linear(card.basePoints, terms);
}

function compileLogistic(model: LogisticModelDocument): CompiledLinear {
  const terms = model.features.map((f): CompiledTerm => {
    const pre = f.preprocess;
    const common = { indicator: f.indicator, family: undefined, weight: f.coefficient, reference: 0, riskSign: 1, expression: undefined } as const;
    if (pre.kind === "woe") {
      const bins = pre.bins.map((b) => ({ ...b, points: b.woe }));
      const range = span([...bins.map((b) => b.points), ...pre.specials.map((s) => s.woe), pre.missingWoe]);
      return { ...common, range, missingPoints: pre.missingWoe, points: withSpecials(binsSource(bins).points, pre.specials) };
    }
    const t: Transform = {
      kind: "numeric",
      log: pre.log,
      standardise: { mean: pre.mean, sd: pre.sd },
      multiply: 1,
      add: 0,
      ...(pre.cap ? { cap: pre.cap } : {}),
    };
    const k = transformSource(t, [], []);
    return { ...common, range: k.range, missingPoints: f.impute === undefined ? 0 : k.value(f.impute), points: k.points };
  });
  return linear(model.intercept, terms);
}

function linear(base: number, terms: CompiledTerm[]): CompiledLinear {
  let lo = base;
  let hi = base;
  for (const t of terms) {
    const a = t.weight * t.range[0];
    const b = t.weight * t.range[1];
    lo += Math.min(a, b);
    hi += Math.max(a, b);
  }
  return { base, terms, range: [lo, hi] };
}

const span = (values: readonly number[]): [number, number] => [Math.min(...values), Math.max(...values)];

/** Special values take their own points before the bins are searched. */
function withSpecials(points: PointsSource, specials: readonly { value: number; woe: number }[]): PointsSource {
  return (v) => specials.reduceRight((rest, sp) => `(${v} === ${lit(sp.value)} ? ${lit(sp.woe)} : ${rest})`, points(v));
}

/** A number as JavaScript source (exact: `String` of a double reads back to the same double). */
export function lit(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Number.POSITIVE_INFINITY) return "Infinity";
  if (x === Number.NEGATIVE_INFINITY) return "-Infinity";
  return Object.is(x, -0) ? "-0" : `(${String(x)})`;
}

function missingPointsOf(policy: MissingPolicy, range: readonly [number, number], value: (x: number) => number, path: (string | number)[]): number {
  if (policy.policy === "impute") {
    const points = value(policy.value);
    if (Number.isFinite(points)) return points;
    throw new ValidationError([
      {
        code: "invalid_config",
        path,
        message: `imputing ${policy.value} gives no finite points (expression transforms cannot impute)`,
        expected: "neutral with points, or worst",
      },
    ]);
  }
  if (policy.policy === "neutral" && policy.points !== undefined) return policy.points;
  const bounded = Number.isFinite(range[0]) && Number.isFinite(range[1]);
  if (!bounded) {
    throw new ValidationError([
      {
        code: "invalid_config",
        path,
        message: `policy ${policy.policy} needs the transform's points to be bounded, and they are not`,
        expected: "neutral with points, impute, or a capped transform",
      },
    ]);
  }
  return policy.policy === "worst" ? range[0] : (range[0] + range[1]) / 2;
}

interface TransformSource {
  readonly points: PointsSource;
  /** Attainable points. */
  readonly range: readonly [number, number];
  /** The points of one value (for imputation). */
  readonly value: (x: number) => number;
  readonly expression: ColumnExpression | undefined;
}

function transformSource(t: Transform, path: (string | number)[], columns: readonly string[]): TransformSource {
  switch (t.kind) {
    case "bins":
      return { ...binsSource(t.bins), expression: undefined };
    case "piecewise":
      return { ...piecewiseSource(t.knots), expression: undefined };
    case "numeric":
      return { ...numericSource(t), expression: undefined };
    case "expression":
      return expressionSource(t.expression, path, columns);
  }
}

/** The points of the bin holding the value, with the bounds as constants. */
function binsSource(bins: readonly Bin[]): Omit<TransformSource, "expression"> {
  const last = bins.length - 1;
  const value = (v: number): number => {
    let k = 0;
    while (k < last && (v > ((bins[k] as Bin).max as number) || (v === (bins[k] as Bin).max && !(bins[k] as Bin).maxClosed))) k++;
    return (bins[k] as Bin).points;
  };
  // Branch-free: the first bin's points plus each step up for every upper bound the value passes.
  // (Comparison chains mispredict on mixed data; `+(v > bound)` compiles to a flag, not a jump.)
  const points: PointsSource = (v) => {
    let code = lit((bins[0] as Bin).points);
    for (let k = 0; k < last; k++) {
      const b = bins[k] as Bin;
      const step = (bins[k + 1] as Bin).points - b.points;
      if (step !== 0) code += ` + ${lit(step)} * +(${v} ${b.maxClosed ? ">" : ">="} ${lit(b.max as number)})`;
    }
    return `(${code})`;
  };
  return { points, range: span(bins.map((b) => b.points)), value };
}

/** Linear interpolation between knots, flat outside them. */
function piecewiseSource(knots: readonly (readonly [number, number])[]): Omit<TransformSource, "expression"> {
  const xs = knots.map((k) => k[0]);
  const ys = knots.map((k) => k[1]);
  const n = xs.length;
  const value = (v: number): number => {
    if (v <= (xs[0] as number)) return ys[0] as number;
    if (v >= (xs[n - 1] as number)) return ys[n - 1] as number;
    let k = 1;
    while (v > (xs[k] as number)) k++;
    const x0 = xs[k - 1] as number;
    const y0 = ys[k - 1] as number;
    return y0 + ((v - x0) / ((xs[k] as number) - x0)) * ((ys[k] as number) - y0);
  };
  const points: PointsSource = (v) => {
    let code = lit(ys[n - 1] as number);
    for (let k = n - 1; k >= 1; k--) {
      const x0 = xs[k - 1] as number;
      const y0 = ys[k - 1] as number;
      const slope = ((ys[k] as number) - y0) / ((xs[k] as number) - x0);
      code = `(${v} < ${lit(xs[k] as number)} ? ${lit(y0)} + (${v} - ${lit(x0)}) * ${lit(slope)} : ${code})`;
    }
    return `(${v} <= ${lit(xs[0] as number)} ? ${lit(ys[0] as number)} : ${code})`;
  };
  return { points, range: span(ys), value };
}

/** log1p, cap, standardise, then `add + multiply × value`, folded into one multiply-add. */
function numericSource(t: Extract<Transform, { kind: "numeric" }>): Omit<TransformSource, "expression"> {
  const lo = t.cap?.min ?? Number.NEGATIVE_INFINITY;
  const hi = t.cap?.max ?? Number.POSITIVE_INFINITY;
  const mean = t.standardise?.mean ?? 0;
  const sd = t.standardise?.sd ?? 1;
  const log = t.log;
  const mul = t.multiply / sd;
  const add = t.add - mean * mul;
  const value = (v: number): number => {
    let u = log ? Math.log1p(Math.max(v, 0)) : v;
    if (u < lo) u = lo;
    if (u > hi) u = hi;
    return add + mul * u;
  };
  const points: PointsSource = (v) => {
    let u = log ? `Math.log1p(${v} > 0 ? ${v} : 0)` : v;
    if (Number.isFinite(lo)) u = `Math.max(${u}, ${lit(lo)})`;
    if (Number.isFinite(hi)) u = `Math.min(${u}, ${lit(hi)})`;
    return `(${lit(add)} + ${lit(mul)} * ${u})`;
  };
  if (mul === 0) return { points, range: [add, add], value };
  const uLo = log ? Math.max(lo, 0) : lo;
  return { points, range: span([add + mul * uLo, add + mul * hi]), value };
}

/**
 * An expression transform reads `x` (its own indicator) and other columns; it is evaluated over
 * whole columns once per run (see `score-model.ts`), and its result is the term's input.
 */
function expressionSource(source: string, path: (string | number)[], columns: readonly string[]): TransformSource {
  const expression = compileColumnExpression(source, ["x", ...columns], [...path, "expression"]);
  return { points: (v) => v, range: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY], value: () => Number.NaN, expression };
}
