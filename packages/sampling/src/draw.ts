/**
 * The draw: within each cell, a uniform random subset of the planned size, chosen by a partial
 * Fisher–Yates shuffle of the cell's members in manifest order driven by {@link hashStream}; plus
 * every mandatory enterprise. The manifest (every enterprise in the plan, by code, with its class
 * and cell) is hashed, and the draw writes an audit record from which {@link verifyDraw}
 * recomputes everything.
 * @module
 */
import { createHash } from "node:crypto";
import { RISK_CLASSES } from "@creditclass/core";
import { hashStream } from "./hash-random.js";
import { manifestHash, startManifestHash } from "./manifest-hash.js";
import type { InspectionPlan } from "./plan.js";
import { MANDATORY, NOT_SAMPLED, planInspections } from "./plan.js";
import type { SamplingPopulation } from "./population.js";
import type { InspectionTask } from "./task.js";

/**
 * The audit record of a draw: enough, with the published population and task, to redo it.
 * @category Draws
 */
export interface DrawAudit {
  readonly kind: "creditclass.draw-audit";
  readonly version: 1;
  readonly construction: string;
  readonly seed: string;
  readonly task: { readonly id: string; readonly hash: string };
  readonly period: string;
  readonly manifest: { readonly order: string; readonly rows: number; readonly sha256: string };
  readonly cells: readonly {
    readonly key: string;
    readonly population: number;
    readonly ratio: number;
    readonly drawn: number;
    readonly mandatory: number;
    readonly probability: number;
  }[];
  readonly mandatory: number;
  readonly selected: { readonly count: number; readonly sha256: string };
}

/**
 * What a draw selected.
 * @category Draws
 */
export interface DrawResult {
  readonly plan: InspectionPlan;
  /** Selected enterprises (population indices), in manifest order. */
  readonly selected: Int32Array;
  /** Inclusion probability of every enterprise: drawn / population of its cell, 1 if mandatory, 0 if not in the plan. */
  readonly probability: Float64Array;
  readonly audit: DrawAudit;
}

const CONSTRUCTION =
  "manifest: every planned enterprise as 'uscc,class,cell' lines in ascending code order, SHA-256; " +
  "per cell in ascending key order: partial Fisher–Yates over the cell's members in manifest order, " +
  "position i swapped with i + below(N − i), below(m) = first 53 bits of SHA-256('<seed>\\n<cell>\\n<counter>') read big-endian, " +
  "rejected at or above the largest multiple of m below 2^53; selected: mandatory and drawn codes in ascending order, one per line, SHA-256.";

/**
 * Draws the inspections of a plan.
 *
 * @param population - The population the plan was made for.
 * @param plan - From {@link planInspections}.
 * @param seed - The published seed (e.g. the date and a public lottery number).
 * @returns Selected enterprises, inclusion probabilities and the audit record.
 * @example
 * const { selected, audit } = drawInspections(population, plan, "2026-11-23/12345");
 * @category Draws
 */
export function drawInspections(population: SamplingPopulation, plan: InspectionPlan, seed: string): DrawResult {
  // Undefined when the codes are already ascending (registers read by code are): the identity, unallocated.
  const order = canonicalOrder(population.uscc);
  const n = population.count;
  const { cellOf } = plan;
  const classFields = RISK_CLASSES.map((c) => `,${c}`);
  const cellFields = [...plan.cells.map((c) => `,${c.key}\n`), ",mandatory\n"];
  const parts = { count: n, uscc: population.uscc, riskClass: population.riskClass, cellOf, order, classFields, cellFields, mandatoryCell: MANDATORY };
  // With the codes also as shared bytes, the manifest is hashed on a worker while this thread draws.
  const pending = usableCodeBytes(population) ? startManifestHash(parts, population.codeBytes as Uint8Array, USCC_WIDTH) : undefined;
  const counts = new Int32Array(plan.cells.length + 1);
  for (let i = 0; i < n; i++) {
    const cell = cellOf[i] as number;
    if (cell >= 0) counts[cell + 1] = (counts[cell + 1] as number) + 1;
  }
  for (let c = 0; c < plan.cells.length; c++) counts[c + 1] = (counts[c + 1] ?? 0) + (counts[c] ?? 0);
  const members = new Int32Array(counts[plan.cells.length] ?? 0);
  const fill = counts.slice(0, plan.cells.length);
  for (let k = 0; k < n; k++) {
    const i = order === undefined ? k : (order[k] as number);
    const cell = cellOf[i] ?? NOT_SAMPLED;
    if (cell < 0) continue;
    members[fill[cell] ?? 0] = i;
    fill[cell] = (fill[cell] ?? 0) + 1;
  }

  const chosen = new Uint8Array(population.count);
  const probability = new Float64Array(population.count);
  if (plan.mandatory.included > 0) {
    for (let i = 0; i < population.count; i++) {
      if (cellOf[i] === MANDATORY) {
        chosen[i] = 1;
        probability[i] = 1;
      }
    }
  }
  // Inclusion probability of each cell's members, filled in one sequential pass over the population.
  const cellProbability = Float64Array.from(plan.cells, (cell, c) => {
    const size = (counts[c + 1] ?? 0) - (counts[c] ?? 0);
    return size === 0 ? 0 : cell.drawn / size;
  });
  for (let i = 0; i < population.count; i++) {
    const cell = cellOf[i] ?? NOT_SAMPLED;
    if (cell >= 0) probability[i] = cellProbability[cell] ?? 0;
  }
  plan.cells.forEach((cell, c) => {
    const from = counts[c] ?? 0;
    const size = (counts[c + 1] ?? 0) - from;
    const stream = hashStream(seed, cell.key);
    for (let i = 0; i < cell.drawn; i++) {
      const j = i + stream.below(size - i);
      const a = members[from + i] ?? 0;
      members[from + i] = members[from + j] ?? 0;
      members[from + j] = a;
      chosen[members[from + i] ?? 0] = 1;
    }
  });
  let count = 0;
  for (let k = 0; k < n; k++) count += chosen[order === undefined ? k : (order[k] as number)] as number;
  const selected = new Int32Array(count);
  const selectedHash = createHash("sha256");
  let codes = "";
  for (let k = 0, s = 0; k < n; k++) {
    const i = order === undefined ? k : (order[k] as number);
    if (chosen[i] !== 1) continue;
    selected[s++] = i;
    codes += `${population.uscc[i] ?? ""}\n`;
    if (s % 16_384 === 0) {
      selectedHash.update(codes);
      codes = "";
    }
  }
  selectedHash.update(codes);
  const manifest = pending === undefined ? manifestHash(parts) : pending.wait();
  const audit: DrawAudit = {
    kind: "creditclass.draw-audit",
    version: 1,
    construction: CONSTRUCTION,
    seed,
    task: plan.task,
    period: plan.period,
    manifest: { order: "uscc ascending (UTF-16 code units)", rows: manifest.rows, sha256: manifest.sha256 },
    cells: plan.cells.map((c, k) => ({
      key: c.key,
      population: c.population,
      ratio: c.ratio,
      drawn: c.drawn,
      mandatory: c.mandatory,
      probability: c.population === 0 ? 0 : c.drawn / ((counts[k + 1] ?? 0) - (counts[k] ?? 0)),
    })),
    mandatory: plan.mandatory.included,
    selected: { count, sha256: selectedHash.digest("hex") },
  };
  return { plan, selected, probability, audit };
}

/**
 * One row of a published plan file, its cells as text as read (`uscc,class,stratum,probability,mandatory`).
 * A cell may carry the leading apostrophe that formula neutralisation adds to text starting with
 * `=`, `+`, `-`, `@`, a tab or a carriage return (the CSV writer's rule); it is compared accordingly.
 * @category Draws
 */
export interface PublishedPlanRow {
  /** The row's line in the file (1 is the header), for the messages. */
  readonly line: number;
  readonly uscc: string;
  readonly class: string;
  readonly stratum: string;
  readonly probability: string;
  readonly mandatory: string;
}

/**
 * A row of a published plan that disagrees with the recomputed draw.
 * @category Draws
 */
export interface PlanRowDifference {
  /** The published row's line; absent for an enterprise the draw selects and the plan lacks. */
  readonly line?: number;
  /** The enterprise's code (as published for an extra row). */
  readonly uscc: string;
  /** `uscc` for a missing, extra or repeated row; otherwise the field that differs. */
  readonly field: "uscc" | "class" | "stratum" | "probability" | "mandatory";
  /** The published cell (absent for a missing row). */
  readonly published?: string;
  /** What the draw gives (absent for an extra row). */
  readonly drawn?: string;
  /** One line without the file name, e.g. `class: published A, draw gives C`. */
  readonly message: string;
}

/**
 * Options of {@link verifyDraw}.
 * @category Draws
 */
export interface VerifyDrawOptions {
  /** The published plan's rows: each is checked against the recomputed draw. */
  readonly plan?: readonly PublishedPlanRow[];
}

/**
 * The outcome of a verification.
 * @category Draws
 */
export interface DrawVerification {
  /** No difference in the audit and, when a plan was given, none in its rows. */
  readonly ok: boolean;
  /** What differs between the audit record and the recomputation, one line each. */
  readonly differences: readonly string[];
  /** With a published plan: its rows that differ from the draw, missing or extra (empty when they all agree). */
  readonly plan?: readonly PlanRowDifference[];
}

/**
 * Recomputes a draw from the published population, task and the audit's seed, and compares; with
 * the published plan's rows, checks every row against the recomputed selection too: the same set
 * of codes, and per row the same class, stratum (`mandatory` for a mandatory one), inclusion
 * probability (as a number) and mandatory flag (`1` / `0`). The inspectors column is not checked:
 * it depends on the inspector pool, which is not part of the draw.
 *
 * @param population - The population as published.
 * @param task - The task as published.
 * @param audit - The audit record of the draw.
 * @param options - `plan`: the published plan's rows.
 * @returns `ok` when the task hash, manifest, every cell, the selection and every plan row match.
 * @example
 * verifyDraw(population, task, audit) //=> { ok: true, differences: [] }
 * verifyDraw(population, task, audit, { plan: rows }).plan
 * //=> [{ line: 5, uscc: "9133…", field: "class", published: "A", drawn: "C", message: "class: published A, draw gives C" }]
 * @category Draws
 */
export function verifyDraw(population: SamplingPopulation, task: InspectionTask, audit: DrawAudit, options: VerifyDrawOptions = {}): DrawVerification {
  const plan = planInspections(population, task);
  const draw = drawInspections(population, plan, audit.seed);
  const again = draw.audit;
  const differences: string[] = [];
  const compare = (what: string, expected: unknown, actual: unknown): void => {
    if (JSON.stringify(expected) !== JSON.stringify(actual))
      differences.push(`${what}: the audit says ${JSON.stringify(expected)}, recomputed ${JSON.stringify(actual)}`);
  };
  compare("task hash", audit.task.hash, again.task.hash);
  compare("manifest", audit.manifest, again.manifest);
  compare("cells", audit.cells, again.cells);
  compare("mandatory", audit.mandatory, again.mandatory);
  compare("selection", audit.selected, again.selected);
  if (options.plan === undefined) return { ok: differences.length === 0, differences };
  const rows = comparePlanRows(population, plan, draw, options.plan);
  return { ok: differences.length === 0 && rows.length === 0, differences, plan: rows };
}

/** The published plan's rows against the draw: per row its differing fields or that it is extra or repeated, in file order; then the selected enterprises it lacks, in draw order. */
function comparePlanRows(population: SamplingPopulation, plan: InspectionPlan, draw: DrawResult, rows: readonly PublishedPlanRow[]): PlanRowDifference[] {
  // Keyed by the code as the CSV writer publishes it, so a neutralised cell finds its enterprise.
  const selectedBy = new Map<string, number>();
  for (const i of draw.selected) selectedBy.set(asPublished(population.uscc[i] as string), i);
  const seenOn = new Map<string, number>();
  const out: PlanRowDifference[] = [];
  for (const row of rows) {
    const i = selectedBy.get(row.uscc);
    const first = seenOn.get(row.uscc);
    if (i === undefined || first !== undefined) {
      const why = i === undefined ? "not selected by the draw" : `repeated (first on line ${first})`;
      out.push({ line: row.line, uscc: row.uscc, field: "uscc", published: row.uscc, message: `uscc: published ${shown(row.uscc)}, ${why}` });
      continue;
    }
    seenOn.set(row.uscc, row.line);
    const cell = plan.cellOf[i] ?? NOT_SAMPLED;
    const mandatory = cell === MANDATORY;
    const uscc = population.uscc[i] as string;
    const probability = draw.probability[i] as number;
    const fields: [PlanRowDifference["field"], string, string, boolean][] = [
      ["class", row.class, RISK_CLASSES[population.riskClass[i] ?? 0] as string, false],
      ["stratum", row.stratum, mandatory ? "mandatory" : (plan.cells[cell]?.stratum ?? ""), false],
      ["probability", row.probability, String(probability), PLAIN_NUMBER.test(row.probability) && Number(row.probability) === probability],
      ["mandatory", row.mandatory, mandatory ? "1" : "0", false],
    ];
    for (const [field, published, drawn, sameNumber] of fields) {
      if (sameNumber || published === asPublished(drawn)) continue;
      out.push({ line: row.line, uscc, field, published, drawn, message: `${field}: published ${shown(published)}, draw gives ${shown(drawn)}` });
    }
  }
  for (const i of draw.selected) {
    const uscc = population.uscc[i] as string;
    if (!seenOn.has(asPublished(uscc))) out.push({ uscc, field: "uscc", drawn: uscc, message: `uscc: the draw selects ${shown(uscc)}, missing from the plan` });
  }
  return out;
}

/** First characters a spreadsheet runs as a formula; the CSV writer (`csvField` in ingest) prefixes such text with `'`. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number, which the writer leaves alone even when it starts with a sign. */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A text cell as the plan's CSV writer publishes it: formula-like text neutralised with a leading apostrophe. */
function asPublished(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** A cell in a message: as is, or JSON-quoted when empty or when spaces or control characters would hide what it holds. */
function shown(text: string): string {
  return text === "" || /[\s,"\p{Cc}]/u.test(text) ? JSON.stringify(text) : text;
}

/** Population indices in ascending code order; undefined for the identity (already sorted, as registers read by code are). */
function canonicalOrder(codes: readonly string[]): Int32Array | undefined {
  let sorted = true;
  for (let i = 1; i < codes.length && sorted; i++) if ((codes[i - 1] as string) > (codes[i] as string)) sorted = false;
  if (sorted) return undefined;
  const order = Int32Array.from({ length: codes.length }, (_, i) => i);
  return order.sort((a, b) => ((codes[a] as string) < (codes[b] as string) ? -1 : (codes[a] as string) > (codes[b] as string) ? 1 : 0));
}

/** Bytes per code in a population's `codeBytes`. */
const USCC_WIDTH = 18;

/** Below this many enterprises a worker costs more than it saves. */
const MIN_WORKER_COUNT = 1_000_000;

/** Whether the population's byte column can stand in for its code strings (shared, the right size, and agreeing at both ends and the middle). */
function usableCodeBytes(population: SamplingPopulation): boolean {
  const bytes = population.codeBytes;
  const n = population.count;
  if (bytes === undefined || !(bytes.buffer instanceof SharedArrayBuffer) || bytes.length !== n * USCC_WIDTH || n < MIN_WORKER_COUNT) return false;
  return [0, n >> 1, n - 1].every((i) => Buffer.from(bytes.buffer, bytes.byteOffset + i * USCC_WIDTH, USCC_WIDTH).toString("latin1") === population.uscc[i]);
}
