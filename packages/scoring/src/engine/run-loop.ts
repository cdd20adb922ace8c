/**
 * Runs a generated loop over row ranges on several threads when every array it touches lives in
 * a `SharedArrayBuffer` (a frame prepared in shared memory): worker threads get the loop's source
 * and the shared arrays, the calling thread takes the first range, then waits on an `Atomics`
 * flag per range — so scoring stays synchronous. Anything else (ordinary arrays, few rows, one
 * thread) runs in the calling thread. A range whose worker fails is recomputed here.
 * @module
 */
import { awaitWorker, evalWorkers } from "@creditclass/core";
import type { LinearLoop } from "./linear-loop.js";
import { LOOP_PARAMETERS } from "./linear-loop.js";

/** Below this many rows a worker costs more than it saves. */
const MIN_ROWS_PER_THREAD = 250_000;

const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const loops = new Map();
parentPort.on("message", (m) => {
  try {
    let loop = loops.get(m.source);
    if (loop === undefined) {
      loop = new Function(...m.parameters, m.source);
      loops.set(m.source, loop);
    }
    loop(m.inputs, m.rows, m.start, m.end, m.sum, m.missing, m.reasonTerm, m.reasonPoints, m.risk);
    Atomics.store(m.flag, 0, 1);
  } catch {
    Atomics.store(m.flag, 0, 2);
  }
  Atomics.notify(m.flag, 0);
});
`;

/**
 * The arguments of a loop run.
 * @category Scoring
 */
export interface LoopArguments {
  readonly inputs: readonly Float64Array[];
  readonly rows: Int32Array | undefined;
  readonly n: number;
  readonly sum: Float64Array;
  readonly missing: Uint16Array;
  readonly reasonTerm: Int16Array;
  readonly reasonPoints: Float32Array;
  readonly risk: Float64Array;
}

/**
 * Whether every array of a run is in shared memory (the condition for threads).
 *
 * @param args - The run's arrays.
 * @returns True when all are `SharedArrayBuffer`-backed.
 * @example
 * isShared({ inputs: [new Float64Array(new SharedArrayBuffer(8))], … }) //=> true
 * @category Scoring
 */
export function isShared(args: LoopArguments): boolean {
  const arrays = [...args.inputs, args.sum, args.missing, args.reasonTerm, args.reasonPoints, args.risk, ...(args.rows === undefined ? [] : [args.rows])];
  return arrays.every((a) => a.buffer instanceof SharedArrayBuffer);
}

/**
 * Runs a loop over rows `0..n`, split across `threads` when the arrays are shared.
 *
 * @param loop - The compiled loop (used in this thread).
 * @param source - Its source (sent to workers).
 * @param args - Arrays and row count.
 * @param threads - Threads to use, counting this one (1 = here only).
 * @example
 * runLoop(loop, source, { inputs, rows: undefined, n, sum, missing, reasonTerm, reasonPoints, risk }, 2);
 * @category Scoring
 */
export function runLoop(loop: LinearLoop, source: string, args: LoopArguments, threads: number): void {
  const { inputs, rows, n, sum, missing, reasonTerm, reasonPoints, risk } = args;
  const parts = Math.min(Math.max(1, Math.floor(threads)), Math.max(1, Math.floor(n / MIN_ROWS_PER_THREAD)));
  if (parts === 1 || !isShared(args)) {
    loop(inputs, rows, 0, n, sum, missing, reasonTerm, reasonPoints, risk);
    return;
  }
  const bounds = Array.from({ length: parts + 1 }, (_, k) => Math.round((k * n) / parts));
  const rowOf = (i: number): number => (rows === undefined ? i : (rows[i] as number));
  const pending = evalWorkers(WORKER_SOURCE, parts - 1).map((worker, k) => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const [start, end] = [bounds[k + 1] as number, bounds[k + 2] as number];
    // A part that adds to `missing` must not add twice when a worker wrote some rows and failed: keep the range's counts to put back.
    const missingBefore = Uint16Array.from({ length: end - start }, (_, j) => missing[rowOf(start + j)] as number);
    worker.postMessage({ parameters: LOOP_PARAMETERS, source, inputs, rows, start, end, sum, missing, reasonTerm, reasonPoints, risk, flag });
    return { worker, flag, start, end, missingBefore };
  });
  loop(inputs, rows, 0, bounds[1] as number, sum, missing, reasonTerm, reasonPoints, risk);
  for (const { worker, flag, start, end, missingBefore } of pending) {
    // A worker still starting up answers within seconds; one that failed or never answers is replaced by this thread.
    if (awaitWorker(worker, flag, 120_000)) continue;
    for (let k = 0; k < end - start; k++) missing[rowOf(start + k)] = missingBefore[k] as number;
    loop(inputs, rows, start, end, sum, missing, reasonTerm, reasonPoints, risk);
  }
}
