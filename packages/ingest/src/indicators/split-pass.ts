/**
 * Runs one of the indicator passes over two ranges at once: the calling thread takes the first, a
 * pooled worker thread the second, over the same columns in shared memory.
 * @module
 */

import type { Worker } from "node:worker_threads";
import type { ProvinceColumns } from "@creditclass/core";
import { awaitWorker, callWorkerSource, evalWorkers } from "@creditclass/core";

/** Ranges the worker threads computed (tests read it to know the threaded path ran). */
export const indicatorWorkerRanges = { answered: 0 };

/** Set when a worker failed or could not be reached: the rest of the process computes on one thread. */
let workersFailed = false;

type TypedArray = Int32Array | Uint8Array | Int16Array | Float64Array;

/**
 * Whether the passes can be split over two threads: the columns a worker reads (events and
 * register) are in shared memory, the events are grouped by enterprise (ascending) so that a range
 * of enterprises is a range of events, and no worker has failed in this process.
 *
 * @param province - The columns.
 * @returns True when the passes can be split.
 * @example
 * isSplittable(await loadProvinceColumns(db)) //=> true (the store loads into shared memory)
 */
export function isSplittable(province: ProvinceColumns): boolean {
  if (workersFailed) return false;
  const { register: r, events: e } = province;
  const read: TypedArray[] = [r.entityType, r.established, r.recorded, r.capital, r.address];
  read.push(e.ent, e.kind, e.detail, e.day, e.recorded, e.month, e.amount, e.reportYear, e.flags, e.repairedOn);
  if (!read.every((a) => a.buffer instanceof SharedArrayBuffer)) return false;
  const ent = e.ent;
  for (let j = 1; j < e.count; j++) if ((ent[j] as number) < (ent[j - 1] as number)) return false;
  return true;
}

/**
 * Finds where to split the event pass: the first event of the enterprise that owns the middle
 * event, so that each enterprise's events fall in one half.
 *
 * @param ent - Event → enterprise, ascending.
 * @param count - Events.
 * @returns An index in 0 … count.
 * @example
 * findEventSplit(Int32Array.of(0, 0, 1, 1, 1, 2), 6) //=> 2
 */
export function findEventSplit(ent: Int32Array, count: number): number {
  let j = count >> 1;
  while (j > 0 && ent[j] === ent[j - 1]) j--;
  return j;
}

/**
 * Runs `pass(input, targets[0], from, split)` here and `pass(input, targets[1], split, to)` on a
 * worker thread, at once. Everything the worker writes must be in shared memory. The worker is
 * given 5 s plus twenty times what this thread's half took (a worker that died cannot say so
 * while this thread waits).
 *
 * @param pass - A self-contained pass (its source is all the worker gets).
 * @param input - What it reads (and writes, for passes that write into it).
 * @param targets - What each half writes into (the same object for passes over disjoint entries).
 * @param from - Start of the first half.
 * @param split - End of the first half, start of the second.
 * @param to - End of the second half.
 * @param family - The passes one worker serves, by name, `pass` among them (default: `pass` alone).
 * @returns False when the worker could not be started, failed or did not answer: its half may be
 *   partly written, so the caller computes again on one thread in fresh arrays (and so does every
 *   later call in this process).
 * @example
 * if (!splitPass(eventPass, input, [acc, acc], 0, findEventSplit(ent, count), count, PASSES)) return undefined;
 */
export function splitPass<I, T>(
  pass: (input: I, target: T, from: number, to: number) => void,
  input: I,
  targets: readonly [T, T],
  from: number,
  split: number,
  to: number,
  family: Readonly<Record<string, (...args: never[]) => void>> = { pass: pass as (...args: never[]) => void },
): boolean {
  const name = Object.keys(family).find((k) => family[k] === pass);
  if (name === undefined) throw new RangeError("splitPass: the pass is not one of its family");
  const flag = new Int32Array(new SharedArrayBuffer(4));
  let worker: Worker | undefined;
  try {
    // One worker serves the whole family (what it keeps until it next collects garbage is its last message's arrays).
    [worker] = evalWorkers(callWorkerSource(family), 1);
    // `release`: the worker lets go of the month's arrays after the pass, not months later.
    worker?.postMessage({ call: name, args: [input, targets[1], split, to], flag, release: true });
  } catch {
    worker = undefined;
  }
  if (worker === undefined) {
    workersFailed = true;
    return false;
  }
  const started = performance.now();
  pass(input, targets[0], from, split);
  if (!awaitWorker(worker, flag, 5_000 + 20 * (performance.now() - started))) {
    workersFailed = true;
    return false;
  }
  indicatorWorkerRanges.answered++;
  return true;
}
