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
 * The outcome of a verification.
 * @category Draws
 */
export interface DrawVerification {
  readonly ok: boolean;
  /** What differs, one line each (empty when ok). */
  readonly differences: readonly string[];
}

/**
 * Recomputes a draw from the published population, task and the audit's seed, and compares.
 *
 * @param population - The population as published.
 * @param task - The task as published.
 * @param audit - The audit record of the draw.
 * @returns `ok` when the task hash, manifest, every cell and the selection match.
 * @example
 * verifyDraw(population, task, audit) //=> { ok: true, differences: [] }
 * @category Draws
 */
export function verifyDraw(population: SamplingPopulation, task: InspectionTask, audit: DrawAudit): DrawVerification {
  const again = drawInspections(population, planInspections(population, task), audit.seed).audit;
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
  return { ok: differences.length === 0, differences };
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
