/**
 * Renders docs/scoring-model.md from the default national model set, with every weight's
 * reasoning, so the document never drifts from the model. `pnpm docs:model` writes it; a test
 * fails when the committed file is stale.
 * @module
 */
import { writeFileSync } from "node:fs";
import { FAMILY_LABELS, INDICATOR_CATALOG, INDICATOR_FAMILIES } from "@creditclass/core";
import type { MissingPolicy, Model, Transform } from "@creditclass/scoring";
import { DEFAULT_MODEL_SET, modelHash } from "@creditclass/scoring";

const names = new Map(INDICATOR_CATALOG.map((m) => [m.id, m.name] as const));

/**
 * The Markdown text of the default model set.
 *
 * @returns The document.
 * @example
 * renderModelDocs().startsWith("# The default national model") //=> true
 */
export function renderModelDocs(): string {
  const lines = [
    "# The default national model 全国默认模型",
    "",
    "Generated from `DEFAULT_MODEL_DOCUMENT` in `packages/scoring/src/default-model.ts` by `pnpm docs:model`; do not edit by hand.",
    `Model set \`${DEFAULT_MODEL_SET.id}\`, content hash \`${modelHash(DEFAULT_MODEL_SET)}\` (recorded with every monthly result that uses it).`,
    "",
    "The first model whose `appliesTo` matches an enterprise scores it; the last applies to everyone.",
    "Start your own from it: `JSON.stringify(DEFAULT_MODEL_DOCUMENT)` and change weights, bins and thresholds (see [scoring.md](scoring.md)).",
    "",
  ];
  for (const model of DEFAULT_MODEL_SET.models) lines.push(...renderModel(model));
  return `${lines.join("\n")}\n`;
}

function renderModel(model: Model): string[] {
  if (model.kind !== "creditclass.scorecard") return [`## ${model.name.zh} — ${model.name.en}`, "", `A ${model.kind} model.`, ""];
  const applies = model.appliesTo === undefined ? "every enterprise not chosen by an earlier model" : JSON.stringify(model.appliesTo);
  const lines = [
    `## ${model.name.zh} — ${model.name.en}`,
    "",
    `\`${model.id}\` version ${model.modelVersion}, for ${applies}. ${model.description ?? ""}`,
    "",
    model.combine === "weighted"
      ? `Score = Σ family weight × Σ indicator weight × points${model.scale === undefined ? "" : `, rescaled so the attainable range maps onto ${model.scale.min}–${model.scale.max}`}.`
      : `Score = ${model.basePoints} + Σ points (additive deductions).`,
    `Classes: ${classes(model)}.`,
    "",
  ];
  for (const family of INDICATOR_FAMILIES) {
    const spec = model.families[family];
    if (spec === undefined) continue;
    lines.push(`### ${FAMILY_LABELS[family].zh} — ${FAMILY_LABELS[family].en}${model.combine === "weighted" ? ` (weight ${spec.weight})` : ""}`, "");
    if (spec.rationale !== undefined) lines.push(spec.rationale, "");
    lines.push("| indicator | 名称 / name | weight | points | missing | why |", "| --- | --- | --- | --- | --- | --- |");
    for (const i of spec.indicators) {
      const name = names.get(i.indicator);
      lines.push(
        `| \`${i.indicator}\` | ${name?.zh ?? ""} / ${name?.en ?? ""} | ${i.weight} | ${transform(i.transform)} | ${missing(i.missing)} | ${i.rationale ?? ""} |`,
      );
    }
    lines.push("");
  }
  if (model.overrides.length > 0) {
    lines.push(
      "### Overrides (applied in this order; each acts on the class the previous left)",
      "",
      "| id | rule | when | action | source / why |",
      "| --- | --- | --- | --- | --- |",
    );
    for (const o of model.overrides) {
      const action = o.action.kind === "escalate" ? `escalate ${o.action.steps}` : `${o.action.kind} ${o.action.class}`;
      lines.push(`| \`${o.id}\` | ${o.name.zh} / ${o.name.en} | \`${o.when}\` | ${action} | ${[o.source, o.rationale].filter(Boolean).join("; ")} |`);
    }
    lines.push("");
  }
  return lines;
}

function classes(model: Model): string {
  const rule = model.classes;
  if (rule.method === "proportions") return `target proportions A ${rule.A}, B ${rule.B}, C ${rule.C}, D ${rule.D}`;
  const bound = (b: object): string => Object.entries(b).map(([k, v]) => `${{ above: ">", atLeast: "≥", below: "<", atMost: "≤" }[k] ?? k} ${v}`)[0] ?? "";
  return `A ${bound(rule.A)}, B ${bound(rule.B)}, C ${bound(rule.C)}, D otherwise`;
}

function transform(t: Transform): string {
  switch (t.kind) {
    case "bins":
      return t.bins
        .map(
          (b) =>
            `${b.min === undefined ? "" : `${b.minClosed ? "[" : "("}${b.min}`}${b.min === undefined && b.max !== undefined ? "≤" : "–"}${b.max === undefined ? "" : `${b.max}${b.maxClosed ? "]" : ")"}`} → ${b.points}`,
        )
        .join("; ");
    case "piecewise":
      return `linear through ${t.knots.map(([x, y]) => `(${x}, ${y})`).join(" ")}`;
    case "numeric":
      return `${t.add} + ${t.multiply} × value${t.cap === undefined ? "" : `, value capped to [${t.cap.min ?? "−∞"}, ${t.cap.max ?? "∞"}]`}`;
    case "expression":
      return `\`${t.expression}\``;
  }
}

function missing(m: MissingPolicy): string {
  if (m.policy === "impute") return `as ${m.value}`;
  if (m.policy === "worst") return "worst points";
  return m.points === undefined ? "neutral (midpoint)" : `neutral ${m.points}`;
}

if (process.argv[1]?.endsWith("model-docs.ts")) {
  writeFileSync(new URL("../docs/scoring-model.md", import.meta.url), renderModelDocs());
}
