/**
 * Loading a model document: zod for the shape, then the checks zod cannot express — bins that
 * tile the number line, weights that sum to 1 per level, thresholds in order, expressions that
 * compile against the known indicators. Every problem is an issue with its path in the document.
 * @module
 */
import type { Issue, SafeResult } from "@creditclass/core";
import { collectIssues, compileColumnExpression, configIssues, contentHash, INDICATOR_CATALOG, unwrap } from "@creditclass/core";
import type { GbmModelDocument } from "../gbm/gbm-schema.js";
import type { Bin, ClassRule, LogisticModelDocument, Model, ModelSet, OverrideRule, Scorecard, Transform } from "./model-schema.js";
import { modelSchema, modelSetSchema } from "./model-schema.js";

type Path = (string | number)[];

/**
 * Options of {@link safeParseModel}.
 * @category Models
 */
export interface ParseModelOptions {
  /** Indicator columns a model may use besides the built-in catalog (custom indicators, attribute flags). */
  readonly indicators?: readonly string[];
}

/** Flags {@link classifyFrame} adds from the register, usable in conditions. */
export const ATTRIBUTE_FLAGS: readonly string[] = ["is_revoked", "is_deregistered"];

/**
 * Validates a model or a model set.
 *
 * @param document - Parsed JSON or a TS object.
 * @param options - Extra indicator names.
 * @returns The model set (a single model becomes a set of one) or every issue with its path.
 * @example
 * safeParseModel({ kind: "creditclass.scorecard", … bins: [{ max: 10, points: 0 }, { min: 5, points: 1 }] … })
 * //=> { success: false, issues: [{ path: ["families", "supervision", "indicators", 0, "transform", "bins", 1], message: "bin overlaps the previous one: …" }] }
 * @category Models
 */
export function safeParseModel(document: unknown, options: ParseModelOptions = {}): SafeResult<ModelSet> {
  const isSet = typeof document === "object" && document !== null && (document as { kind?: unknown }).kind === "creditclass.model-set";
  const parsed = isSet ? modelSetSchema.safeParse(document) : modelSchema.safeParse(document);
  if (!parsed.success) {
    return { success: false, issues: configIssues(parsed.error.issues) };
  }
  const set: ModelSet = isSet
    ? (parsed.data as ModelSet)
    : { kind: "creditclass.model-set", version: 1, id: (parsed.data as Model).id, name: (parsed.data as Model).name, models: [parsed.data as Model] };
  const known = [...INDICATOR_CATALOG.map((m) => m.id), ...ATTRIBUTE_FLAGS, ...(options.indicators ?? [])];
  const issues: Issue[] = [];
  const prefix: Path = isSet ? ["models"] : [];
  const ids = new Set<string>();
  set.models.forEach((model, m) => {
    const at: Path = isSet ? [...prefix, m] : [];
    if (ids.has(model.id)) issues.push(issue([...at, "id"], `model id ${model.id} is used twice`, "unique model ids"));
    ids.add(model.id);
    checkModel(model, at, known, issues);
  });
  const last = set.models[set.models.length - 1];
  if (isSet && last?.appliesTo !== undefined && hasCriteria(last.appliesTo)) {
    issues.push(
      issue(
        [...prefix, set.models.length - 1, "appliesTo"],
        "the last model must apply to every enterprise (no appliesTo), so none is left unscored",
        "a general model last",
      ),
    );
  }
  return issues.length > 0 ? { success: false, issues } : { success: true, data: set };
}

/**
 * Validates a model or a model set.
 *
 * @param document - Parsed JSON or a TS object.
 * @param options - Extra indicator names.
 * @returns The model set.
 * @throws {ValidationError} `invalid_config`, `invalid_expression` or `unknown_indicator` issues with their paths.
 * @example
 * parseModel(JSON.parse(readFileSync("model.json", "utf8"))).models[0].id //=> "national-general"
 * @category Models
 */
export function parseModel(document: unknown, options: ParseModelOptions = {}): ModelSet {
  return unwrap(safeParseModel(document, options));
}

/**
 * The content hash of a model set (canonical JSON, SHA-256), recorded with every monthly result.
 *
 * @param set - A validated model set.
 * @returns 64 hex digits.
 * @example
 * modelHash(parseModel(doc)) === modelHash(parseModel(JSON.parse(JSON.stringify(doc)))) //=> true
 * @category Models
 */
export function modelHash(set: ModelSet): string {
  return contentHash(set);
}

function issue(path: Path, message: string, expected: string): Issue {
  return { code: "invalid_config", path, message, expected };
}

/** An `unknown_indicator` issue unless the name is known. */
function checkKnown(name: string, path: Path, known: readonly string[], issues: Issue[]): void {
  if (known.includes(name)) return;
  issues.push({
    code: "unknown_indicator",
    path,
    value: name,
    message: `unknown indicator ${name}`,
    expected: "an indicator of the catalog or a declared custom indicator",
  });
}

function hasCriteria(a: { entityTypes: readonly string[]; industries: readonly string[]; tags: readonly string[] }): boolean {
  return a.entityTypes.length + a.industries.length + a.tags.length > 0;
}

function checkModel(model: Model, at: Path, known: readonly string[], issues: Issue[]): void {
  if (model.kind === "creditclass.scorecard") checkScorecard(model, at, known, issues);
  else if (model.kind === "creditclass.logistic-model") checkLogistic(model, at, known, issues);
  else if (model.kind === "creditclass.gbm-model") checkGbm(model, at, known, issues);
  else {
    checkScorecard(model.scorecard, [...at, "scorecard"], known, issues);
    checkLogistic(model.logistic, [...at, "logistic"], known, issues);
  }
  checkClasses(model.classes, model.kind === "creditclass.scorecard" ? "score" : "probability", [...at, "classes"], issues);
  checkOverrides(model.overrides, [...at, "overrides"], known, issues);
}

function checkScorecard(card: Scorecard, at: Path, known: readonly string[], issues: Issue[]): void {
  const seen = new Set<string>();
  let familyTotal = 0;
  for (const [family, spec] of Object.entries(card.families)) {
    if (spec === undefined) continue;
    familyTotal += spec.weight;
    let total = 0;
    spec.indicators.forEach((ind, i) => {
      const path: Path = [...at, "families", family, "indicators", i];
      checkKnown(ind.indicator, [...path, "indicator"], known, issues);
      if (seen.has(ind.indicator)) issues.push(issue([...path, "indicator"], `indicator ${ind.indicator} appears twice in the model`, "each indicator once"));
      seen.add(ind.indicator);
      total += ind.weight;
      checkTransform(ind.transform, [...path, "transform"], known, issues);
    });
    if (card.combine === "weighted" && !card.normalise && Math.abs(total - 1) > 1e-9) {
      issues.push(
        issue([...at, "families", family, "indicators"], `indicator weights sum to ${round(total)}, not 1`, "weights summing to 1, or normalise: true"),
      );
    }
  }
  if (seen.size === 0) issues.push(issue([...at, "families"], "the scorecard has no indicators", "at least one family with indicators"));
  if (card.combine === "weighted" && !card.normalise && seen.size > 0 && Math.abs(familyTotal - 1) > 1e-9) {
    issues.push(issue([...at, "families"], `family weights sum to ${round(familyTotal)}, not 1`, "weights summing to 1, or normalise: true"));
  }
  if (card.scale !== undefined && !(card.scale.max > card.scale.min))
    issues.push(issue([...at, "scale"], `scale max ${card.scale.max} is not above min ${card.scale.min}`, "max > min"));
}

function checkLogistic(model: LogisticModelDocument, at: Path, known: readonly string[], issues: Issue[]): void {
  model.features.forEach((f, i) => {
    const path: Path = [...at, "features", i];
    checkKnown(f.indicator, [...path, "indicator"], known, issues);
    if (f.preprocess.kind === "woe") checkBins(f.preprocess.bins, [...path, "preprocess", "bins"], issues);
  });
}

/** A boosted model's features must be known indicators, and its bin thresholds rise. */
function checkGbm(model: GbmModelDocument, at: Path, known: readonly string[], issues: Issue[]): void {
  model.features.forEach((f, i) => {
    const path: Path = [...at, "features", i];
    checkKnown(f.name, [...path, "name"], known, issues);
    for (let k = 1; k < f.thresholds.length; k++) {
      if (!((f.thresholds[k] as number) > (f.thresholds[k - 1] as number))) {
        issues.push(issue([...path, "thresholds", k], `threshold ${f.thresholds[k]} is not above the previous one`, "strictly rising thresholds"));
        break;
      }
    }
  });
}

function checkTransform(t: Transform, at: Path, known: readonly string[], issues: Issue[]): void {
  if (t.kind === "bins") checkBins(t.bins, [...at, "bins"], issues);
  else if (t.kind === "piecewise") {
    for (let k = 1; k < t.knots.length; k++) {
      const [x0] = t.knots[k - 1] as [number, number];
      const [x1] = t.knots[k] as [number, number];
      if (!(x1 > x0)) issues.push(issue([...at, "knots", k], `knot at ${x1} is not after the previous one at ${x0}`, "knots with rising x"));
    }
  } else if (t.kind === "numeric") {
    const { min, max } = t.cap ?? {};
    if (min !== undefined && max !== undefined && max < min) issues.push(issue([...at, "cap"], `cap max ${max} is below cap min ${min}`, "min ≤ max"));
  } else {
    collectIssues(issues, () => compileColumnExpression(t.expression, ["x", ...known], [...at, "expression"]));
  }
}

/** Bins must tile the number line: first open below, last open above, each starting where the previous ends. */
function checkBins(bins: readonly Bin[], at: Path, issues: Issue[]): void {
  bins.forEach((bin, b) => {
    const path: Path = [...at, b];
    if (bin.min !== undefined && bin.max !== undefined) {
      if (bin.max < bin.min) issues.push(issue(path, `upper bound ${bin.max} is below lower bound ${bin.min}`, "min ≤ max"));
      else if (bin.max === bin.min && !(bin.minClosed && bin.maxClosed)) issues.push(issue(path, `bin [${bin.min}, ${bin.max}] is empty`, "a non-empty bin"));
    }
    if (b === 0 && bin.min !== undefined)
      issues.push(issue([...path, "min"], `the first bin starts at ${bin.min}, leaving lower values unscored`, "no min on the first bin (−∞)"));
    if (b === bins.length - 1 && bin.max !== undefined)
      issues.push(issue([...path, "max"], `the last bin ends at ${bin.max}, leaving higher values unscored`, "no max on the last bin (+∞)"));
    if (b === 0) return;
    const prev = bins[b - 1] as Bin;
    if (prev.max === undefined || bin.min === undefined) {
      if (prev.max === undefined) issues.push(issue([...at, b - 1, "max"], "a bin before the last has no upper bound", "an upper bound"));
      else if (bin.min === undefined) issues.push(issue([...path, "min"], "a bin after the first has no lower bound", "a lower bound"));
      return;
    }
    if (bin.min > prev.max) issues.push(issue([...path, "min"], `gap: values in (${prev.max}, ${bin.min}) fall in no bin`, `min ${prev.max}`));
    else if (bin.min < prev.max)
      issues.push(issue([...path, "min"], `bin overlaps the previous one: lower bound ${bin.min} is below its upper bound ${prev.max}`, `min ${prev.max}`));
    else if (prev.maxClosed === bin.minClosed) {
      issues.push(
        issue(
          [...path, "minClosed"],
          prev.maxClosed ? `${bin.min} falls in this bin and the previous one` : `${bin.min} falls in no bin`,
          `minClosed: ${!prev.maxClosed} (the previous bin has maxClosed: ${prev.maxClosed})`,
        ),
      );
    }
  });
}

function checkClasses(rule: ClassRule, orientation: "score" | "probability", at: Path, issues: Issue[]): void {
  if (rule.method === "proportions") {
    // Published shares are rounded (Dandong 2023: 65 + 25 + 8 + 1.5 = 99.5 %), so within 1 % they are rescaled.
    const sum = rule.A + rule.B + rule.C + rule.D;
    if (Math.abs(sum - 1) > 0.01) issues.push(issue(at, `class proportions sum to ${round(sum)}, not 1`, "A + B + C + D = 1 (within 0.01, then rescaled)"));
    return;
  }
  const value = (b: object): number => Object.values(b)[0] as number;
  const cuts = [value(rule.A), value(rule.B), value(rule.C)];
  for (let k = 1; k < 3; k++) {
    const [prev, cur] = [cuts[k - 1] as number, cuts[k] as number];
    const wrong = orientation === "score" ? cur > prev : cur < prev;
    if (wrong) {
      const cls = "ABC"[k] as string;
      issues.push(
        issue(
          [...at, cls],
          `${cls} threshold ${cur} is ${orientation === "score" ? "above" : "below"} the ${"ABC"[k - 1]} threshold ${prev}`,
          orientation === "score" ? "thresholds falling from A to C" : "probability thresholds rising from A to C",
        ),
      );
    }
  }
}

function checkOverrides(rules: readonly OverrideRule[], at: Path, known: readonly string[], issues: Issue[]): void {
  const ids = new Set<string>();
  rules.forEach((rule, r) => {
    if (ids.has(rule.id)) issues.push(issue([...at, r, "id"], `override id ${rule.id} is used twice`, "unique ids"));
    ids.add(rule.id);
    collectIssues(issues, () => compileColumnExpression(rule.when, known, [...at, r, "when"]));
  });
}

const round = (v: number): string => String(Math.round(v * 1e6) / 1e6);
