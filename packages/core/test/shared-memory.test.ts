import { describe, expect, it } from "vitest";
import { sharedMemory } from "../src/index.js";

/** Touches every page, so that the memory is really in use. */
function touch(memory: SharedArrayBuffer): void {
  const bytes = new Uint8Array(memory);
  for (let i = 0; i < bytes.length; i += 4096) bytes[i] = 1;
}

describe("sharedMemory", () => {
  it("is shared, zero-filled, and collected when dropped: a loop of 3 GiB of dropped columns stays small", () => {
    const first = sharedMemory(1024);
    expect(first).toBeInstanceOf(SharedArrayBuffer);
    expect(new Uint8Array(first).every((b) => b === 0)).toBe(true);
    const before = process.memoryUsage().rss;
    let peak = before;
    for (let k = 0; k < 24; k++) {
      touch(sharedMemory(128 * 2 ** 20));
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    // Uncounted, the 24 × 128 MiB would all still be resident (3 GiB).
    expect(peak - before).toBeLessThan(1.5 * 2 ** 30);
  });
});
