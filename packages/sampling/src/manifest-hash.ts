/**
 * The manifest hash of a draw: every planned enterprise as a `uscc,class,cell` line in manifest
 * order, SHA-256. Built from the code strings in the calling thread, or — when the population also
 * holds its codes as a fixed-width byte column in shared memory — on a worker thread from bytes,
 * while the caller goes on with the draw. Both give the same digest (tested).
 * @module
 */
import { createHash } from "node:crypto";
import { Worker } from "node:worker_threads";

/**
 * What a manifest is made of.
 * @category Draws
 */
export interface ManifestInput {
  readonly count: number;
  readonly uscc: readonly string[];
  readonly riskClass: Uint8Array;
  /** Per enterprise: cell index, or a negative value ({@link mandatoryCell} for mandatory, other negatives left out). */
  readonly cellOf: Int32Array;
  /** Manifest order (population indices), or undefined for the population's own order. */
  readonly order: Int32Array | undefined;
  /** `,A` … `,D`. */
  readonly classFields: readonly string[];
  /** `,<cell key>\n` per cell, then `,mandatory\n`. */
  readonly cellFields: readonly string[];
  /** The value of `cellOf` for a mandatory enterprise. */
  readonly mandatoryCell: number;
}

/**
 * The manifest's digest and line count.
 * @category Draws
 */
export interface ManifestHash {
  readonly sha256: string;
  readonly rows: number;
}

/**
 * Hashes the manifest in this thread.
 *
 * @param m - The manifest's parts.
 * @returns Digest and rows.
 * @example
 * manifestHash({ count, uscc, riskClass, cellOf, order: undefined, classFields, cellFields, mandatoryCell: -2 }).rows //=> 9_999_960
 * @category Draws
 */
export function manifestHash(m: ManifestInput): ManifestHash {
  const hash = createHash("sha256");
  const mandatoryField = m.cellFields.length - 1;
  let rows = 0;
  // Lines concatenated into a string of 16,384 lines at a time and hashed as UTF-8 (measured faster than filling a byte buffer from strings).
  let block = "";
  let lines = 0;
  for (let k = 0; k < m.count; k++) {
    const i = m.order === undefined ? k : (m.order[k] as number);
    const cell = m.cellOf[i] as number;
    if (cell < 0 && cell !== m.mandatoryCell) continue;
    rows++;
    block += (m.uscc[i] ?? "") + m.classFields[m.riskClass[i] ?? 0] + m.cellFields[cell === m.mandatoryCell ? mandatoryField : cell];
    if (++lines === 16_384) {
      hash.update(block);
      block = "";
      lines = 0;
    }
  }
  hash.update(block);
  return { sha256: hash.digest("hex"), rows };
}

const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
parentPort.on("message", (m) => {
  try {
    const hash = createHash("sha256");
    const fields = m.cellFields.map((f) => Buffer.from(f, "utf8"));
    const classes = m.classFields.map((f) => Buffer.from(f, "utf8"));
    const mandatoryField = fields.length - 1;
    const out = Buffer.allocUnsafe(1 << 20);
    const w = m.width;
    let pos = 0;
    let rows = 0;
    for (let k = 0; k < m.count; k++) {
      const i = m.order === undefined ? k : m.order[k];
      const cell = m.cellOf[i];
      if (cell < 0 && cell !== m.mandatoryCell) continue;
      rows++;
      const a = classes[m.riskClass[i]];
      const b = fields[cell === m.mandatoryCell ? mandatoryField : cell];
      if (pos + w + a.length + b.length > out.length) {
        hash.update(out.subarray(0, pos));
        pos = 0;
      }
      for (let j = i * w, e = j + w; j < e; j++) out[pos++] = m.codes[j];
      for (let j = 0; j < a.length; j++) out[pos++] = a[j];
      for (let j = 0; j < b.length; j++) out[pos++] = b[j];
    }
    hash.update(out.subarray(0, pos));
    Buffer.from(hash.digest("hex"), "latin1").copy(Buffer.from(m.result.buffer, m.result.byteOffset, 64));
    m.flag[1] = rows;
    Atomics.store(m.flag, 0, 1);
  } catch {
    Atomics.store(m.flag, 0, 2);
  }
  Atomics.notify(m.flag, 0);
});
`;

let worker: Worker | undefined;

/**
 * Starts hashing the manifest on a worker thread from a shared byte column of codes; `wait()`
 * blocks until the digest is ready (and hashes in this thread if the worker failed).
 *
 * @param m - The manifest's parts (arrays are copied to shared memory when they are not there).
 * @param codes - Every code as `width` bytes (ASCII), row after row, in a `SharedArrayBuffer`.
 * @param width - Bytes per code (18 for a unified social credit code).
 * @returns A handle whose `wait()` gives the digest and rows.
 * @example
 * const pending = startManifestHash(parts, population.codeBytes, 18); … ; pending.wait().sha256
 * @category Draws
 */
export function startManifestHash(m: ManifestInput, codes: Uint8Array, width: number): { wait(): ManifestHash } {
  if (worker === undefined) {
    worker = new Worker(WORKER_SOURCE, { eval: true });
    // An idle worker must not keep the process alive.
    worker.unref();
  }
  const flag = new Int32Array(new SharedArrayBuffer(8));
  const result = new Uint8Array(new SharedArrayBuffer(64));
  worker.postMessage({
    count: m.count,
    codes,
    width,
    riskClass: shared(m.riskClass),
    cellOf: shared(m.cellOf),
    order: m.order === undefined ? undefined : shared(m.order),
    classFields: m.classFields,
    cellFields: m.cellFields,
    mandatoryCell: m.mandatoryCell,
    flag,
    result,
  });
  return {
    wait() {
      const state = Atomics.wait(flag, 0, 0, 300_000) === "timed-out" ? 0 : Atomics.load(flag, 0);
      if (state !== 1) return manifestHash(m);
      return { sha256: Buffer.from(result).toString("latin1"), rows: flag[1] as number };
    },
  };
}

/** The array itself when shared, else a shared copy (a worker reads it without a transfer). */
function shared<T extends Uint8Array | Int32Array>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}
