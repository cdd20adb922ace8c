/**
 * `mapping draft`: a first mapping proposed from a folder's headers. Each file is matched to the
 * built-in table preset whose field names its header holds most (its file name breaking ties);
 * each field takes the file's own header text, so the draft reads the file as it is. What the
 * draft could not place — columns no preset field names, required fields no column names, files
 * no preset fits — is listed, for the engineer to finish by hand.
 * @module
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { TextEncodingName } from "../text-source.js";
import { findColumn } from "./compile-source.js";
import { normalizeHeader } from "./header-text.js";
import type { SourceMappingInput } from "./mapping-document.js";
import { PRESET_CODE_TABLES } from "./preset-code-tables.js";
import type { TablePreset } from "./preset-tables.js";
import { TABLE_PRESETS } from "./preset-tables.js";
import { readSourceFile } from "./read-source-rows.js";

/**
 * What the draft did with one file.
 * @category Mapping
 */
export interface DraftFile {
  readonly file: string;
  /** The preset chosen, or `undefined` when none fits. */
  readonly preset?: string;
  /** Column → target field, for each column placed. */
  readonly placed: readonly { readonly column: string; readonly field: string }[];
  /** Columns of the header no preset field names. */
  readonly unplaced: readonly string[];
  /** Required fields no column names (the draft names the preset's column; edit it). */
  readonly missing: readonly string[];
}

/**
 * A drafted mapping and what it could not place.
 * @category Mapping
 */
export interface MappingDraft {
  readonly mapping: SourceMappingInput;
  readonly files: readonly DraftFile[];
}

/**
 * Drafts a mapping for a folder of exports (CSV, NDJSON, `.xlsx`: the first worksheet's header).
 *
 * @param dir - The folder.
 * @param options - Encoding of text files; the mapping's name.
 * @returns The draft and, per file, what was placed and what was not.
 * @example
 * const { mapping, files } = await draftMapping("exports/");
 * files.flatMap((f) => f.unplaced) //=> ["备注"]
 * @category Mapping
 */
export async function draftMapping(dir: string, options: { readonly encoding?: TextEncodingName; readonly name?: string } = {}): Promise<MappingDraft> {
  const names = readdirSync(dir)
    .filter((n) => /\.(csv|ndjson|jsonl|xlsx)$/i.test(n) && statSync(join(dir, n)).isFile())
    .sort();
  const sources: SourceMappingInput["sources"] = [];
  const files: DraftFile[] = [];
  const tables = new Set<string>();
  const ids = new Set<string>();
  for (const file of names) {
    const header = await firstHeader(join(dir, file), options.encoding ?? "auto");
    const normalized = header.map(normalizeHeader);
    const preset = bestPreset(file, normalized);
    if (preset === undefined) {
      files.push({ file, placed: [], unplaced: header.filter((h) => h !== ""), missing: [] });
      continue;
    }
    const used = new Set<number>();
    const placed: { column: string; field: string }[] = [];
    const missing: string[] = [];
    const records = preset.records.map((record) => {
      const fields: Record<string, SourceMappingInput["sources"][number]["records"][number]["fields"][string]> = {};
      for (const [field, value] of Object.entries(record.constants ?? {})) fields[field] = { constant: value };
      for (const [field, spec] of Object.entries(record.fields)) {
        const i = findColumn(normalized, spec.names);
        if (i < 0 && spec.optional === true) continue;
        if (i < 0) missing.push(field);
        else {
          used.add(i);
          placed.push({ column: header[i] ?? "", field });
        }
        if (spec.codes !== undefined) tables.add(spec.codes);
        fields[field] = {
          column: i < 0 ? (spec.names[0] ?? field) : (header[i] ?? ""),
          ...(spec.codes === undefined ? {} : { codes: spec.codes }),
          ...(spec.unit === undefined ? {} : { unit: spec.unit }),
          ...(spec.optional === true ? { optional: true } : {}),
        };
      }
      let when: { filled: string } | undefined;
      if (record.when !== undefined) {
        const i = findColumn(normalized, record.when);
        when = { filled: i < 0 ? (record.when[0] ?? "") : (header[i] ?? "") };
        if (i >= 0) used.add(i);
      }
      return when === undefined ? { fields } : { when, fields };
    });
    let id = preset.id;
    for (let k = 2; ids.has(id); k++) id = `${preset.id}_${k}`;
    ids.add(id);
    sources.push({ id, name: preset.name, source: preset.source, files: [file], kind: preset.kind, records });
    files.push({ file, preset: preset.id, placed, unplaced: header.filter((h, i) => h !== "" && !used.has(i)), missing: [...new Set(missing)] });
  }
  const codeTables: NonNullable<SourceMappingInput["codeTables"]> = {};
  for (const name of [...tables].sort()) {
    const table = PRESET_CODE_TABLES[name];
    if (table !== undefined) codeTables[name] = table;
  }
  const mapping: SourceMappingInput = {
    kind: "creditclass.source-mapping",
    version: 1,
    name: { zh: options.name ?? "草拟的映射", en: options.name ?? "drafted mapping" },
    source: "drafted by creditclass mapping draft from the built-in presets (docs/mapping.md)",
    codeTables,
    sources,
  };
  return { mapping, files };
}

/** The preset whose field names the header holds most; a file-name hint adds one. */
function bestPreset(file: string, header: readonly string[]): TablePreset | undefined {
  let best: TablePreset | undefined;
  let bestScore = 0;
  const lower = file.toLowerCase();
  for (const preset of TABLE_PRESETS) {
    let score = 0;
    for (const record of preset.records) for (const spec of Object.values(record.fields)) if (findColumn(header, spec.names) >= 0) score += 2;
    if (preset.fileHints.some((h) => lower.includes(h.toLowerCase()))) score += 1;
    if (score > bestScore) {
      best = preset;
      bestScore = score;
    }
  }
  // A header with only a credit code and a date fits every preset: ask for more than that.
  return bestScore >= 6 ? best : undefined;
}

async function firstHeader(path: string, encoding: TextEncodingName): Promise<string[]> {
  const reader = readSourceFile(path, { encoding });
  for await (const table of reader.tables) {
    if (/\.(ndjson|jsonl)$/i.test(path)) {
      // NDJSON: the keys of the first batch of lines.
      for await (const _ of table.rows) break;
    }
    return table.header.map((h) => (h === undefined ? "" : String(h).trim()));
  }
  return [];
}
