/**
 * The classification of one month's frame: pick a model per enterprise, score, cut into classes,
 * apply overrides, attach the previous month's class. Pure: columns in, columns out.
 * @module
 */
import type { IndicatorFrame, Period, RiskClass } from "@creditclass/core";
import { RISK_CLASSES, ValidationError } from "@creditclass/core";
import type { CompiledModel } from "../engine/compile-model.js";
import { compileModel } from "../engine/compile-model.js";
import type { ScoreColumns } from "../engine/score-model.js";
import { emptyScoreColumns, scoreModel } from "../engine/score-model.js";
import type { AppliesTo, ModelSet } from "../model/model-schema.js";
import { modelHash } from "../model/parse-model.js";
import { applyOverrides } from "./apply-overrides.js";
import type { RiskCutoffs } from "./assign-classes.js";
import { assignClasses, classCutoffs } from "./assign-classes.js";

/**
 * Register attributes that choose a model, one entry per frame row.
 * @category Classification
 */
export interface EnterpriseAttributes {
  readonly entityType?: readonly string[];
  /** GB/T 4754 codes. */
  readonly industry?: readonly string[];
  /** Tag → membership (1 = has it), each as long as the frame. */
  readonly tags?: ReadonlyMap<string, Uint8Array>;
}

/**
 * Options of {@link classifyFrame}.
 * @category Classification
 */
export interface ClassifyOptions {
  readonly attributes?: EnterpriseAttributes;
  /** Top reasons kept per enterprise (default 3). */
  readonly reasonCount?: number;
  /** Each enterprise's class in the previous month. */
  readonly previous?: ReadonlyMap<string, RiskClass>;
  /**
   * Threads for scoring (default 1). More help a boosted part's reasons on any frame, and the
   * other parts only for a frame whose columns are in `SharedArrayBuffer`s (results are then
   * allocated there too); otherwise scoring runs here. Results are the same on any number.
   */
  readonly threads?: number;
}

/**
 * A month's classification, as columns over the frame's rows.
 * @category Classification
 */
export interface Classification {
  readonly period: Period | undefined;
  readonly models: ModelSet;
  readonly modelHash: string;
  readonly ids: readonly string[];
  readonly count: number;
  /** Index into `models.models` of the model that scored the row. */
  readonly model: Uint8Array;
  /** Class from the score alone (0–3). */
  readonly scoredClass: Uint8Array;
  /** Final class after overrides (0–3). */
  readonly riskClass: Uint8Array;
  /** Last override rule (index in its model) that changed the class; −1 none. */
  readonly override: Int16Array;
  /** Bit mask of the override rules that matched. */
  readonly overrideMatched: Uint32Array;
  /** Previous month's class (0–3), 255 when none. */
  readonly previousClass: Uint8Array;
  readonly scores: ScoreColumns;
  /** The cut-offs each model used (derived ones for proportions). */
  readonly cutoffs: readonly RiskCutoffs[];
  readonly compiled: readonly CompiledModel[];
}

/** Marks "no previous class". */
export const NO_CLASS = 255;

/**
 * Classifies every row of a frame.
 *
 * @param set - A validated model set ({@link parseModel}).
 * @param frame - The month's indicators (plus `is_revoked` / `is_deregistered` flags if overrides use them).
 * @param options - Attributes for model choice, reasons per row, previous classes.
 * @returns The classification columns.
 * @throws {ValidationError} When the frame lacks a column a model uses, or a model chooses by an attribute not given.
 * @example
 * const c = classifyFrame(DEFAULT_MODEL_SET, frame);
 * RISK_CLASSES[c.riskClass[0]] //=> "B"
 * @category Classification
 */
export function classifyFrame(set: ModelSet, frame: IndicatorFrame, options: ClassifyOptions = {}): Classification {
  const base = frame.isView ? frame.materialize() : frame;
  const count = base.rowCount;
  const compiled = set.models.map((m) => compileModel(m, base.columnNames));
  const model = selectModels(set, count, options.attributes);
  const threads = options.threads ?? 1;
  const shared = threads > 1 && base.columnNames.every((name) => base.column(name).buffer instanceof SharedArrayBuffer);
  // Every row is scored by exactly one model, so no NaN fill; a set of scorecards has no probabilities.
  const scores = emptyScoreColumns(count, options.reasonCount ?? 3, {
    shared,
    fill: false,
    probability: set.models.some((m) => m.kind !== "creditclass.scorecard"),
  });
  const scoredClass = new Uint8Array(count);
  const override = new Int16Array(count).fill(-1);
  const overrideMatched = new Uint32Array(count);
  const cutoffs: RiskCutoffs[] = [];
  const single = set.models.length === 1;
  compiled.forEach((cm, m) => {
    const rows = single ? undefined : rowsOf(model, m);
    scoreModel(cm, base, scores, rows, threads);
    const cut = classCutoffs(cm.model.classes, scores.risk, rows);
    cutoffs.push(cut);
    assignClasses(scores.risk, cut, scoredClass, rows);
  });
  const riskClass = scoredClass.slice();
  compiled.forEach((cm, m) => {
    if (cm.overrides.length === 0) return;
    applyOverrides(cm.model.overrides, cm.overrides, base, riskClass, override, overrideMatched, single ? undefined : rowsOf(model, m));
  });
  const ids = base.ids();
  const previousClass = new Uint8Array(count).fill(NO_CLASS);
  if (options.previous !== undefined) {
    for (let r = 0; r < count; r++) {
      const p = options.previous.get(ids[r] as string);
      if (p !== undefined) previousClass[r] = RISK_CLASSES.indexOf(p);
    }
  }
  return {
    period: base.period,
    models: set,
    modelHash: modelHash(set),
    ids,
    count,
    model,
    scoredClass,
    riskClass,
    override,
    overrideMatched,
    previousClass,
    scores,
    cutoffs,
    compiled,
  };
}

function rowsOf(model: Uint8Array, m: number): Int32Array {
  let k = 0;
  for (let r = 0; r < model.length; r++) if (model[r] === m) k++;
  const rows = new Int32Array(k);
  k = 0;
  for (let r = 0; r < model.length; r++) if (model[r] === m) rows[k++] = r;
  return rows;
}

/** The first model whose `appliesTo` matches each row; every non-empty list must match (any of its entries). */
function selectModels(set: ModelSet, count: number, attributes: EnterpriseAttributes | undefined): Uint8Array {
  const chosen = new Uint8Array(count).fill(set.models.length - 1);
  const criteria = set.models
    .map((m) => m.appliesTo)
    .map((a, m) => [a, m] as const)
    .filter(([a]) => a !== undefined && a.entityTypes.length + a.industries.length + a.tags.length > 0) as [AppliesTo, number][];
  if (criteria.length === 0) return chosen;
  const need = (what: string, ok: boolean, m: number): void => {
    if (!ok)
      throw new ValidationError([
        {
          code: "missing_field",
          path: ["models", m, "appliesTo"],
          message: `model ${set.models[m]?.id} chooses enterprises by ${what}, which was not given`,
          expected: `attributes.${what}`,
        },
      ]);
  };
  for (const [a, m] of criteria) {
    need("entityType", a.entityTypes.length === 0 || attributes?.entityType !== undefined, m);
    need("industry", a.industries.length === 0 || attributes?.industry !== undefined, m);
    for (const t of a.tags) need(`tags (${t})`, attributes?.tags !== undefined, m);
  }
  const entity = attributes?.entityType;
  const industry = attributes?.industry;
  const tags = attributes?.tags;
  const decided = new Uint8Array(count);
  for (const [a, m] of criteria) {
    const tagColumns = a.tags.map((t) => tags?.get(t)).filter((c): c is Uint8Array => c !== undefined);
    for (let r = 0; r < count; r++) {
      if (decided[r] === 1) continue;
      if (a.entityTypes.length > 0 && !a.entityTypes.includes(entity?.[r] as string)) continue;
      if (a.industries.length > 0 && !a.industries.some((p) => (industry?.[r] ?? "").startsWith(p))) continue;
      if (a.tags.length > 0 && !tagColumns.some((c) => c[r] === 1)) continue;
      chosen[r] = m;
      decided[r] = 1;
    }
  }
  return chosen;
}
