/**
 * `creditclass score`'s work: classify a table with any model document creditclass writes or
 * ships — a scorecard, a logistic model, a hybrid, a gradient-boosted model (`creditclass.gbm-model`,
 * reasons from its exact TreeSHAP contributions), a model set with overrides and selectors. The
 * columns loaded are the ones the model reads (every indicator of every part, override condition
 * and selector); a missing one is named with the file and the parts that need it. Entity type,
 * industry and tags are text columns (`entity_type`, `industry`, `tags` `;`-separated) passed to
 * the classification as attributes; `is_revoked` / `is_deregistered` are ordinary 1/0 columns.
 *
 * The class needs no history: overrides read this month's columns only, and the previous class
 * only feeds `classify`'s `previous_class` / `change` columns, which `score` does not write.
 * @module
 */
import { availableParallelism } from "node:os";
import type { Issue } from "@creditclass/core";
import { configIssues, contentHash, formatPath, parseTags, ValidationError } from "@creditclass/core";
import { loadTableFile, writeCsvFile } from "@creditclass/ingest";
import type { EnterpriseAttributes, GbmModelDocument, ModelField, ModelSet } from "@creditclass/scoring";
import {
  classificationRows,
  classifyFrame,
  classifyGbm,
  gbmClassificationRows,
  gbmModelSchema,
  modelFields,
  modelHash,
  safeParseModel,
} from "@creditclass/scoring";
import { readJsonFile } from "./json-file.js";
import { ATTRIBUTE_COLUMNS } from "./register-columns.js";
import { tableColumnNames } from "./table-header.js";

/**
 * What to score.
 */
export interface ScoreTableOptions {
  readonly table: string;
  readonly id: string;
  readonly model: string;
  readonly out: string;
}

/**
 * Scores a table file with a model document and writes id, score, probability, class, reasons.
 *
 * @param options - Table, id column, model document, output file.
 * @returns The number of rows, the model set's (or boosted model's) id, its content hash and the count per class.
 * @throws {ValidationError} `missing_column` naming the file, the column and the model parts that read it; the model document's own issues.
 * @example
 * await scoreTableFile({ table: "ind.csv", id: "uscc", model: "m.json", out: "scores.csv" })
 * //=> { rows: 2000, model: "national-default", counts: { A: 1321, B: 512, C: 140, D: 27 } }
 */
export async function scoreTableFile(options: ScoreTableOptions): Promise<{ rows: number; model: string; hash: string; counts: Record<string, number> }> {
  const document = readJsonFile(options.model);
  const header = await tableColumnNames(options.table);
  if (typeof document === "object" && document !== null && (document as { kind?: unknown }).kind === "creditclass.gbm-model") {
    const parsed = gbmModelSchema.safeParse(document);
    if (!parsed.success) throw new ValidationError(configIssues(parsed.error.issues).map((i) => ({ ...i, file: options.model })));
    return scoreGbm(parsed.data, header, options);
  }
  const indicators = header.filter((n) => n !== options.id);
  const parsed = safeParseModel(document, { indicators });
  if (!parsed.success) throw new ValidationError(parsed.issues.map((i) => unknownAsMissing(i, document, options.table)));
  const set = parsed.data;
  const fields = modelFields(set, { indicators });
  const missing = fields.filter((f) => !header.includes(columnOf(f)));
  if (missing.length > 0) throw new ValidationError(missingColumns(missing, options.table));

  const numeric = [...new Set(fields.filter((f) => f.kind === "column").map((f) => f.name))];
  const text = Object.values(ATTRIBUTE_COLUMNS).filter((c) => c !== ATTRIBUTE_COLUMNS.region && c !== options.id && header.includes(c));
  const categories = Object.fromEntries(Object.entries(trainedCategories(set)).filter(([name]) => numeric.includes(name)));
  const table = await loadTableFile(options.table, {
    id: options.id,
    columns: [...new Set([...numeric, ...text])],
    categories,
    categorical: text.filter((c) => !(c in categories)),
  });
  const decode = (name: string): string[] => {
    const dictionary = table.categories[name] ?? [];
    return Array.from(table.frame.column(name), (code) => (Number.isNaN(code) ? "" : (dictionary[code] ?? "")));
  };
  const attributes: EnterpriseAttributes = {
    ...(text.includes(ATTRIBUTE_COLUMNS.entityType) ? { entityType: decode(ATTRIBUTE_COLUMNS.entityType) } : {}),
    ...(text.includes(ATTRIBUTE_COLUMNS.industry) ? { industry: decode(ATTRIBUTE_COLUMNS.industry) } : {}),
    ...(text.includes(ATTRIBUTE_COLUMNS.tags) ? { tags: tagColumns(decode(ATTRIBUTE_COLUMNS.tags)) } : {}),
  };
  const frame = table.frame.selectColumns(numeric);
  const classified = classifyFrame(set, frame, { attributes, threads: availableParallelism() });
  const rows = classificationRows(classified, frame);
  await writeCsvFile(
    options.out,
    [options.id, "score", "probability", "class", "reasons"],
    rows.map((r) => [r.uscc, r.score, r.probability, r.class, r.reasons]),
  );
  return { rows: table.rows, model: set.id, hash: modelHash(set), counts: classCounts(rows) };
}

/** A gradient-boosted model: every feature column must be there; categorical ones are coded with the document's dictionaries. */
async function scoreGbm(
  model: GbmModelDocument,
  header: readonly string[],
  options: ScoreTableOptions,
): Promise<{ rows: number; model: string; hash: string; counts: Record<string, number> }> {
  const names = model.features.map((f) => f.name);
  const missing = names.filter((n) => !header.includes(n));
  if (missing.length > 0) throw new ValidationError(missing.map((n) => missingIssue(options.table, n, `model ${model.id} features`)));
  const trained = (model.training.categories ?? {}) as Record<string, unknown>;
  const categories = Object.fromEntries(
    Object.entries(trained)
      .filter(([name, list]) => names.includes(name) && Array.isArray(list))
      .map(([name, list]) => [name, (list as unknown[]).map((c) => String(c))]),
  );
  const table = await loadTableFile(options.table, { id: options.id, columns: names, categories });
  const frame = table.frame.selectColumns(names);
  const classified = classifyGbm(model, frame, { reasonCount: 3, threads: availableParallelism() });
  const rows = gbmClassificationRows(classified, model, frame);
  await writeCsvFile(
    options.out,
    [options.id, "score", "probability", "class", "reasons"],
    rows.map((r) => [r.uscc, r.score, r.probability, r.class, r.reasons]),
  );
  return { rows: table.rows, model: model.id, hash: contentHash(model), counts: classCounts(rows) };
}

function classCounts(rows: readonly Readonly<Record<string, unknown>>[]): Record<string, number> {
  const counts: Record<string, number> = { A: 0, B: 0, C: 0, D: 0 };
  for (const r of rows) counts[String(r.class)] = (counts[String(r.class)] ?? 0) + 1;
  return counts;
}

/** The table column holding a field. */
function columnOf(f: ModelField): string {
  if (f.kind === "column") return f.name;
  if (f.kind === "entityType") return ATTRIBUTE_COLUMNS.entityType;
  if (f.kind === "industry") return ATTRIBUTE_COLUMNS.industry;
  return ATTRIBUTE_COLUMNS.tags;
}

/** One issue per missing column, naming every model part that reads it. */
function missingColumns(missing: readonly ModelField[], table: string): Issue[] {
  const parts = new Map<string, string[]>();
  for (const f of missing) {
    const column = columnOf(f);
    const list = parts.get(column) ?? [];
    list.push(`model ${f.model} ${formatPath(f.path)}${f.kind === "tag" ? ` (tag ${f.name})` : ""}`);
    parts.set(column, list);
  }
  return [...parts].map(([column, list]) => missingIssue(table, column, [...new Set(list)].join(", ")));
}

function missingIssue(table: string, column: string, readers: string): Issue {
  return {
    code: "missing_column",
    file: table,
    field: column,
    message: `no such column in the table; read by ${readers}`,
    expected: `a column ${column}`,
  };
}

/**
 * A name the model reads that is neither a catalog indicator nor a column of the table is a
 * missing column: said so, with the file and the part, instead of "unknown indicator".
 */
function unknownAsMissing(issue: Issue, document: unknown, table: string): Issue {
  if (issue.code !== "unknown_indicator") return issue;
  const path = issue.path ?? [];
  const name = typeof issue.value === "string" && /^\w+$/.test(issue.value) ? issue.value : /unknown name (\w+)/.exec(issue.message)?.[1];
  if (name === undefined) return issue;
  const models = (document as { models?: { id?: unknown }[] }).models;
  const inSet = path[0] === "models" && typeof path[1] === "number";
  const id = inSet ? models?.[path[1] as number]?.id : (document as { id?: unknown }).id;
  const rest = inSet ? path.slice(2) : path;
  return missingIssue(table, name, `model ${String(id)} ${formatPath(rest)}`);
}

/** Category dictionaries the logistic and boosted parts were trained with (`training.categories`), by column. */
function trainedCategories(set: ModelSet): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of set.models) {
    const trained =
      m.kind === "creditclass.logistic-model" || m.kind === "creditclass.gbm-model" ? m : m.kind === "creditclass.hybrid" ? m.logistic : undefined;
    const given = trained?.training?.categories;
    if (typeof given !== "object" || given === null) continue;
    for (const [name, list] of Object.entries(given as Record<string, unknown>))
      if (Array.isArray(list) && !(name in out)) out[name] = list.map((c) => String(c));
  }
  return out;
}

/** Tag → membership columns from `;`-separated tag texts. */
function tagColumns(texts: readonly string[]): Map<string, Uint8Array> {
  const tags = new Map<string, Uint8Array>();
  texts.forEach((text, r) => {
    for (const t of parseTags(text)) {
      const column = tags.get(t) ?? new Uint8Array(texts.length);
      tags.set(t, column);
      column[r] = 1;
    }
  });
  return tags;
}
