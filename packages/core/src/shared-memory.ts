/**
 * Shared memory that the garbage collector keeps count of.
 * @module
 */

/**
 * A `SharedArrayBuffer` of `bytes`, counted by the garbage collector. V8 schedules collections by
 * the `ArrayBuffer` memory a thread allocates but not by `SharedArrayBuffer`s, so a loop that
 * allocates mostly shared memory (a month's columns and frame, month after month) is never
 * collected and grows without bound — measured on the 1M province: 0.7 GB more each month,
 * steady with this. So an `ArrayBuffer` of the same size is allocated and dropped at once beside
 * it: its pages are never touched (it costs no memory), but its bytes count towards the next collection.
 *
 * @param bytes - The size.
 * @returns Zero-filled shared memory.
 * @example
 * const column = new Float64Array(sharedMemory(8 * rows));
 * @category Threads
 */
export function sharedMemory(bytes: number): SharedArrayBuffer {
  const memory = new SharedArrayBuffer(bytes);
  void new ArrayBuffer(bytes);
  return memory;
}
