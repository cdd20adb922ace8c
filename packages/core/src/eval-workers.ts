/**
 * Worker threads that run a source text (CommonJS with `parentPort`), pooled per source, for the
 * engines' synchronous parallel loops: the caller posts each worker its range with an `Int32Array`
 * flag in shared memory, computes its own range, then waits on the flags with `Atomics.wait` — so
 * scoring and the indicator passes stay synchronous calls. The worker sets the flag to 1 when done, 2 when it failed. A
 * worker that exits or errs leaves its pool (an `error` listener keeps its failure from crashing the
 * process); one that does not answer in time is terminated. Idle workers never keep the process alive.
 * @module
 */
import { Worker } from "node:worker_threads";

const pools = new Map<string, Worker[]>();
/** How each worker leaves its pool: on `exit`/`error`, and at once when it is given up on. */
const leaving = new WeakMap<Worker, () => void>();

/**
 * `count` workers running `source`, started on first use and kept for the next call.
 *
 * @param source - The worker's program (evaluated as CommonJS).
 * @param count - Workers wanted.
 * @returns The workers (fewer are never returned).
 * @example
 * const [worker] = evalWorkers(`require("node:worker_threads").parentPort.on("message", …)`, 1);
 * @category Threads
 */
export function evalWorkers(source: string, count: number): Worker[] {
  let pool = pools.get(source);
  if (pool === undefined) {
    pool = [];
    pools.set(source, pool);
  }
  const members = pool;
  while (members.length < count) {
    const worker = new Worker(source, { eval: true });
    worker.unref();
    const leave = (): void => {
      const at = members.indexOf(worker);
      if (at >= 0) members.splice(at, 1);
    };
    leaving.set(worker, leave);
    worker.on("error", leave);
    worker.on("exit", leave);
    members.push(worker);
  }
  return members.slice(0, count);
}

/**
 * The program of a worker that calls self-contained functions (no imports, no module state: their
 * source is all the worker gets) with each message's `args`, then sets the message's `flag` to 1,
 * or to 2 when the call threw. Given several functions by name, a message names the one to call
 * (`call`), so that one worker serves them all. A message with `release: true` makes the worker
 * collect garbage soon after the call, so that it does not keep the shared memory the message
 * carried (a month's columns) alive while it waits for the next.
 *
 * @param fns - The function, or functions by name; post `{ args, flag }` (with `call: name` for several).
 * @returns The worker's source, for {@link evalWorkers}.
 * @example
 * const [worker] = evalWorkers(callWorkerSource(histogramRange), 1);
 * worker.postMessage({ args: [hist, rowCodes, …], flag });
 * const [passes] = evalWorkers(callWorkerSource({ eventPass, pointPass }), 1);
 * passes.postMessage({ call: "pointPass", args: [input, target, from, to], flag });
 * @category Threads
 */
export function callWorkerSource(fns: ((...args: never[]) => void) | Readonly<Record<string, (...args: never[]) => void>>): string {
  const named = typeof fns === "function" ? { call: fns } : fns;
  const entries = Object.entries(named).map(([name, fn]) => `  ${JSON.stringify(name)}: ${fn.toString()},`);
  return `
const { parentPort } = require("node:worker_threads");
const calls = new Map(Object.entries({
${entries.join("\n")}
}));
parentPort.on("message", (m) => {
  try {
    const call = calls.get(m.call ?? "call");
    if (call === undefined) throw new Error("no such function");
    call(...m.args);
    // The message's shared memory is let go only when this thread collects garbage, which V8 does not
    // schedule for shared bytes: an untouched ArrayBuffer (no memory used) counts towards a collection.
    if (m.release === true) void new ArrayBuffer(256 * 1024 * 1024);
    Atomics.store(m.flag, 0, 1);
  } catch {
    Atomics.store(m.flag, 0, 2);
  }
  Atomics.notify(m.flag, 0);
});
`;
}

/**
 * Waits for a worker's flag: true when it answered "done" within the time; otherwise the worker
 * is terminated when it never answered (it leaves its pool) and the caller computes the range itself.
 *
 * @param worker - The worker the range was posted to.
 * @param flag - The range's flag (0 pending, 1 done, 2 failed).
 * @param timeoutMs - How long to wait.
 * @returns Whether the worker's result can be used.
 * @example
 * if (!awaitWorker(worker, flag, 120_000)) loop(inputs, rows, start, end, …);
 * @category Threads
 */
export function awaitWorker(worker: Worker, flag: Int32Array, timeoutMs: number): boolean {
  const state = Atomics.wait(flag, 0, 0, timeoutMs) === "timed-out" ? 0 : Atomics.load(flag, 0);
  if (state === 1) return true;
  if (state === 0) {
    // Out of the pool now, not when its `exit` event runs: the next call in this synchronous stretch must not get it back.
    leaving.get(worker)?.();
    void worker.terminate();
  }
  return false;
}
