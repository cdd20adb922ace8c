/**
 * What a validated model set reads, part by part: the indicator columns of its scorecard
 * indicators, expression transforms, logistic features and override conditions, and the register
 * attributes its selectors (`appliesTo`) choose by — so a caller can load exactly those columns
 * and name, for a missing one, the part that needs it.
 * @module
 */
import { compileColumnExpression, INDICATOR_CATALOG } from "@creditclass/core";
import type { LogisticModelDocument, ModelSet, Scorecard } from "./model-schema.js";
import type { ParseModelOptions } from "./parse-model.js";
import { ATTRIBUTE_FLAGS } from "./parse-model.js";

/**
 * One thing a model part reads.
 * @category Models
 */
export interface ModelField {
  /** `column`: an indicator column (`name` is its name); otherwise a register attribute a selector chooses by (`name` is the tag for `tag`). */
  readonly kind: "column" | "entityType" | "industry" | "tag";
  readonly name: string;
  /** Id of the model of the set that reads it. */
  readonly model: string;
  /** Where in that model: `["families", "basic", "indicators", 0]`, `["overrides", 3, "when"]`, `["appliesTo", "entityTypes"]`. */
  readonly path: readonly (string | number)[];
}

/**
 * Lists every column and attribute a model set reads, in model order, one entry per reading part
 * (a column read by two parts appears twice). Expressions are read against the same names
 * {@link parseModel} accepted them with, so pass the same `indicators`.
 *
 * @param set - A validated model set.
 * @param options - The extra indicator names the set was parsed with.
 * @returns The fields with the model and the path of the part reading each.
 * @example
 * modelFields(DEFAULT_MODEL_SET).filter((f) => f.kind !== "column")
 * //=> [{ kind: "entityType", name: "entityType", model: "national-individual", path: ["appliesTo", "entityTypes"] }]
 * @category Models
 */
export function modelFields(set: ModelSet, options: ParseModelOptions = {}): ModelField[] {
  const known = [...INDICATOR_CATALOG.map((m) => m.id), ...ATTRIBUTE_FLAGS, ...(options.indicators ?? [])];
  const out: ModelField[] = [];
  for (const model of set.models) {
    const add = (kind: ModelField["kind"], name: string, path: readonly (string | number)[]): void => {
      out.push({ kind, name, model: model.id, path });
    };
    const a = model.appliesTo;
    if (a !== undefined) {
      if (a.entityTypes.length > 0) add("entityType", "entityType", ["appliesTo", "entityTypes"]);
      if (a.industries.length > 0) add("industry", "industry", ["appliesTo", "industries"]);
      for (const [k, t] of a.tags.entries()) add("tag", t, ["appliesTo", "tags", k]);
    }
    const scorecard = (card: Scorecard, at: readonly (string | number)[]): void => {
      for (const [family, spec] of Object.entries(card.families)) {
        for (const [i, ind] of (spec?.indicators ?? []).entries()) {
          const path = [...at, "families", family, "indicators", i];
          add("column", ind.indicator, path);
          if (ind.transform.kind === "expression")
            for (const f of compileColumnExpression(ind.transform.expression, ["x", ...known]).fields)
              if (f !== "x") add("column", f, [...path, "transform", "expression"]);
        }
      }
    };
    const logistic = (m: LogisticModelDocument, at: readonly (string | number)[]): void => {
      for (const [i, f] of m.features.entries()) add("column", f.indicator, [...at, "features", i]);
    };
    if (model.kind === "creditclass.scorecard") scorecard(model, []);
    else if (model.kind === "creditclass.logistic-model") logistic(model, []);
    else if (model.kind === "creditclass.gbm-model") for (const [i, f] of model.features.entries()) add("column", f.name, ["features", i]);
    else {
      scorecard(model.scorecard, ["scorecard"]);
      logistic(model.logistic, ["logistic"]);
    }
    for (const [k, o] of model.overrides.entries()) for (const f of compileColumnExpression(o.when, known).fields) add("column", f, ["overrides", k, "when"]);
  }
  return out;
}
