/**
 * Runs one of the indicator passes over two ranges at once: the calling thread takes the first, a
 * pooled worker thread the second, over the same columns in shared memory.
 * @module
 */
import type { ProvinceColumns } from "@creditclass/core";
import { awaitWorker, callWorkerSource, evalWorkers } from "@creditclass/core";

/** How long a worker may take over its half before the computation starts again on one thread. */
const WORKER_TIMEOUT_MS = 600_000;

/** Ranges the worker threads computed (tests read it to know the threaded path ran). */
export const indicatorWorkerRanges = { answered: 0 };

type TypedArray = Int32Array | Uint8Array | Int16Array | Float64Array;

/**
 * Whether every numeric column of the province is in shared memory, and its events are grouped by
 * enterprise (ascending), so that a range of enterprises is a range of events.
 *
 * @param province - The columns.
 * @returns True when the passes can be split over threads.
 * @example
 * sharedColumns(await loadProvinceColumns(db)) //=> true (the store loads into shared memory)
 */
export function sharedColumns(province: ProvinceColumns): boolean {
  const { register: r, events: e, relations: l } = province;
  const arrays: TypedArray[] = [
    r.entityType,
    r.established,
    r.recorded,
    r.capital,
    r.address,
    e.ent,
    e.kind,
    e.detail,
    e.day,
    e.recorded,
    e.month,
    e.amount,
    e.reportYear,
    e.flags,
    e.repairedOn,
    l.ent,
    l.party,
    l.role,
    l.since,
    l.recorded,
  ];
  if (!arrays.every((a) => a.buffer instanceof SharedArrayBuffer)) return false;
  const ent = e.ent;
  for (let j = 1; j < e.count; j++) if ((ent[j] as number) < (ent[j - 1] as number)) return false;
  return true;
}

/**
 * The first event of the enterprise that owns the middle event: where to split the event pass so
 * that each enterprise's events fall in one half.
 *
 * @param ent - Event → enterprise, ascending.
 * @returns An index in 0 … ent.length.
 * @example
 * eventSplit(Int32Array.of(0, 0, 1, 1, 1, 2)) //=> 2
 */
export function eventSplit(ent: Int32Array): number {
  let j = ent.length >> 1;
  while (j > 0 && ent[j] === ent[j - 1]) j--;
  return j;
}

/**
 * Runs `pass(input, targets[0], from, split)` here and `pass(input, targets[1], split, to)` on a
 * worker thread, at once. Everything the worker writes must be in shared memory.
 *
 * @param pass - A self-contained pass (its source is all the worker gets).
 * @param input - What it reads (and writes, for passes that write into it).
 * @param targets - What each half writes into (the same object for passes over disjoint entries).
 * @param from - Start of the first half.
 * @param split - End of the first half, start of the second.
 * @param to - End of the second half.
 * @returns False when the worker failed or did not answer: its half may be partly written, so the
 *   caller computes again on one thread in fresh arrays.
 * @example
 * if (!splitPass(eventPass, input, [acc, acc], 0, eventSplit(ent), ent.length)) return undefined;
 */
export function splitPass<I, T>(
  pass: (input: I, target: T, from: number, to: number) => void,
  input: I,
  targets: readonly [T, T],
  from: number,
  split: number,
  to: number,
): boolean {
  const [worker] = evalWorkers(callWorkerSource(pass as (...args: never[]) => void), 1);
  if (worker === undefined) return false;
  const flag = new Int32Array(new SharedArrayBuffer(4));
  worker.postMessage({ args: [input, targets[1], split, to], flag });
  pass(input, targets[0], from, split);
  if (!awaitWorker(worker, flag, WORKER_TIMEOUT_MS)) return false;
  indicatorWorkerRanges.answered++;
  return true;
}
