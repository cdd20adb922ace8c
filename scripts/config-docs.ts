/**
 * Renders docs/config-reference.md — every field of the configuration documents (model set and
 * models, warning rules, escalation policy, inspection task) with its type, whether it is
 * required, its default and its constraints — from the zod schemas themselves, through zod's
 * JSON Schema export, so the reference never drifts from what the loaders accept. The JSON
 * Schemas are written next to it (docs/schemas/*.json) for editors that validate as you type.
 * `pnpm docs:config` writes them; a test fails when they are stale.
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";

import { sourceMappingSchema } from "@creditclass/ingest";
import { inspectionTaskSchema } from "@creditclass/sampling";
import { gbmModelSchema, modelSetSchema } from "@creditclass/scoring";
import { serverConfigSchema } from "@creditclass/server";
import { escalationPolicySchema, ruleSetSchema } from "@creditclass/warning";
import type { ZodType } from "zod";
import { z } from "zod";

/** A JSON Schema node, as far as the renderer reads it. */
interface Node {
  readonly type?: string | string[];
  readonly properties?: Record<string, Node>;
  readonly required?: readonly string[];
  readonly items?: Node;
  readonly anyOf?: readonly Node[];
  readonly oneOf?: readonly Node[];
  readonly $ref?: string;
  readonly $defs?: Record<string, Node>;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly minItems?: number;
  readonly pattern?: string;
  readonly additionalProperties?: Node | boolean;
}

/** The documents: file name, title, what it is, its schema. */
export const CONFIG_DOCUMENTS: readonly { readonly file: string; readonly title: string; readonly about: string; readonly schema: ZodType }[] = [
  {
    file: "model-set",
    title: "Model set (`creditclass.model-set`)",
    about:
      "`creditclass classify --model`, `parseModel` (a single scorecard, logistic or hybrid document is also accepted: each is one of the `models[]` forms)",
    schema: modelSetSchema,
  },
  {
    file: "gbm-model",
    title: "Gradient-boosted model (`creditclass.gbm-model`)",
    about:
      "`creditclass fit --method gbm` and `creditclass train --method gbm` (write it), `creditclass score --model`, a part of a model set (`classify`, `run`, `backtest`, `serve`), `gbmModelSchema`, `predictGbm`, `classifyGbm`, `trainGbmModel` (trees as flat parallel arrays; see [tables.md](tables.md#gradient-boosted-trees---method-gbm) and [scoring.md](scoring.md))",
    schema: gbmModelSchema,
  },
  {
    file: "warning-rules",
    title: "Warning rules (`creditclass.warning-rules`)",
    about: "`creditclass warn|watch --rules`, `parseRules`",
    schema: ruleSetSchema,
  },
  {
    file: "escalation-policy",
    title: "Escalation policy",
    about: "`creditclass alerts list|sample --policy`, `parseEscalationPolicy`",
    schema: escalationPolicySchema,
  },
  {
    file: "inspection-task",
    title: "Inspection task (`creditclass.inspection-task`)",
    about: "`creditclass sample --task`, `parseTask`",
    schema: inspectionTaskSchema,
  },
  {
    file: "source-mapping",
    title: "Source mapping (`creditclass.source-mapping`)",
    about: "`creditclass ingest --mapping`, `mapping check`, `parseMapping` (see [mapping.md](mapping.md))",
    schema: sourceMappingSchema,
  },
  {
    file: "server-config",
    title: "Server configuration",
    about: "`creditclass serve --config`, `parseServerConfig` (see [service.md](service.md))",
    schema: serverConfigSchema,
  },
];

/**
 * The JSON Schema of a document (the input form: defaults may be omitted).
 *
 * @param schema - A zod schema.
 * @returns The JSON Schema.
 * @example
 * jsonSchema(ruleSetSchema).properties.kind //=> { type: "string", const: "creditclass.warning-rules" }
 */
export function jsonSchema(schema: ZodType): Node {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Node;
}

/**
 * The Markdown reference.
 *
 * @returns The document.
 * @example
 * renderConfigDocs().startsWith("# Configuration reference") //=> true
 */
export function renderConfigDocs(): string {
  const lines = [
    "# Configuration reference 配置参考",
    "",
    "Generated from the zod schemas by `pnpm docs:config` (through zod's JSON Schema export); do not edit by hand. The same",
    "schemas as JSON Schema, for editors: [docs/schemas/](schemas/). Every loader reports each problem with its path in the",
    "document (e.g. `families.supervision.indicators[0].transform.bins[1]: upper bound 5 is below lower bound 10`); checks across",
    "fields (weights summing to 1, bins tiling the number line, known indicators, A ≤ B ≤ C ≤ D ratios) are described in",
    "[scoring.md](scoring.md), [warning-rules.md](warning-rules.md) and [sampling.md](sampling.md).",
    "",
  ];
  for (const doc of CONFIG_DOCUMENTS) {
    const root = jsonSchema(doc.schema);
    lines.push(`## ${doc.title}`, "", `Used by ${doc.about}. JSON Schema: [schemas/${doc.file}.json](schemas/${doc.file}.json).`, "");
    lines.push("| field | type | required | default | constraints |", "| --- | --- | --- | --- | --- |");
    const seen = new Set<string>();
    walk(root, "", true, root, seen, lines, 0);
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}

function walk(node: Node, path: string, required: boolean, root: Node, seen: Set<string>, lines: string[], depth: number): void {
  if (depth > 12) return;
  if (node.$ref !== undefined) {
    const name = node.$ref.replace("#/$defs/", "");
    const target = root.$defs?.[name];
    if (seen.has(name) || target === undefined) {
      lines.push(row(path, "(recursive: as above)", required, node));
      return;
    }
    seen.add(name);
    walk(target, path, required, root, seen, lines, depth + 1);
    return;
  }
  const variants = node.anyOf ?? node.oneOf;
  if (variants !== undefined) {
    lines.push(row(path, `one of ${variants.length} forms`, required, node));
    for (const v of variants) {
      const kind = Object.entries(v.properties ?? {}).find(([, p]) => p.const !== undefined);
      const label = kind === undefined ? (typeName(v) ?? "form") : `${kind[0]}: ${JSON.stringify(kind[1].const)}`;
      walk(v, `${path} ⟨${label}⟩`, true, root, seen, lines, depth + 1);
    }
    return;
  }
  if (path !== "") lines.push(row(path, typeName(node) ?? "any", required, node));
  if (node.properties !== undefined) {
    for (const [key, child] of Object.entries(node.properties))
      walk(child, path === "" ? key : `${path}.${key}`, (node.required ?? []).includes(key), root, seen, lines, depth + 1);
  }
  if (
    node.items !== undefined &&
    (node.items.properties !== undefined || node.items.anyOf !== undefined || node.items.$ref !== undefined || node.items.oneOf !== undefined)
  ) {
    walk(node.items, `${path}[]`, true, root, seen, lines, depth + 1);
  }
  if (typeof node.additionalProperties === "object" && node.additionalProperties.properties !== undefined) {
    walk(node.additionalProperties, `${path}.<key>`, false, root, seen, lines, depth + 1);
  }
}

function typeName(node: Node): string | undefined {
  if (node.const !== undefined) return `\`${JSON.stringify(node.const)}\``;
  if (node.enum !== undefined) return node.enum.map((e) => `\`${JSON.stringify(e)}\``).join(" \\| ");
  const type = Array.isArray(node.type) ? node.type.join(" \\| ") : node.type;
  if (type === "array") return `array of ${node.items === undefined ? "any" : (typeName(node.items) ?? "objects")}`;
  return type;
}

function row(path: string, type: string, required: boolean, node: Node): string {
  const constraints = [
    node.minimum === undefined ? "" : `≥ ${node.minimum}`,
    node.exclusiveMinimum === undefined ? "" : `> ${node.exclusiveMinimum}`,
    node.maximum === undefined || node.maximum > 1e15 ? "" : `≤ ${node.maximum}`,
    node.exclusiveMaximum === undefined ? "" : `< ${node.exclusiveMaximum}`,
    node.minLength === undefined ? "" : `length ≥ ${node.minLength}`,
    node.minItems === undefined ? "" : `items ≥ ${node.minItems}`,
    node.pattern === undefined ? "" : `pattern \`${node.pattern.replaceAll("|", "\\|")}\``,
  ].filter((c) => c !== "");
  const fallback = node.default === undefined ? "" : `\`${JSON.stringify(node.default).replaceAll("|", "\\|")}\``;
  return `| \`${path}\` | ${type} | ${required && node.default === undefined ? "yes" : ""} | ${fallback} | ${constraints.join(", ")} |`;
}

if (process.argv[1]?.endsWith("config-docs.ts")) {
  writeFileSync(new URL("../docs/config-reference.md", import.meta.url), renderConfigDocs());
  mkdirSync(new URL("../docs/schemas/", import.meta.url), { recursive: true });
  for (const doc of CONFIG_DOCUMENTS)
    writeFileSync(new URL(`../docs/schemas/${doc.file}.json`, import.meta.url), `${JSON.stringify(jsonSchema(doc.schema), null, 2)}\n`);
}
