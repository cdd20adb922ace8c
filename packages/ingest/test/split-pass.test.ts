import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findEventSplit, indicatorWorkerRanges, isSplittable, splitPass } from "../src/indicators/split-pass.js";

/** Writes `from + 1 … to` into its range (self-contained: it runs on a worker too). */
function fillRange(input: { readonly out: Int32Array }, _target: unknown, from: number, to: number): void {
  for (let i = from; i < to; i++) input.out[i] = i + 1;
}

/** Fills its range, but the second half (the worker's) throws halfway. */
function failSecondHalf(input: { readonly out: Int32Array }, _target: unknown, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    if (from > 0 && i === from + ((to - from) >> 1)) throw new Error("worker half failed");
    input.out[i] = i + 1;
  }
}

describe("splitting an indicator pass over two threads", () => {
  it("splits events where an enterprise starts, at or before the middle", () => {
    expect(findEventSplit(Int32Array.of(0, 0, 1, 1, 1, 2), 6)).toBe(2);
    expect(findEventSplit(Int32Array.of(3, 3, 3, 3), 4)).toBe(0);
    expect(findEventSplit(new Int32Array(0), 0)).toBe(0);
    fc.assert(
      fc.property(fc.array(fc.nat(20), { maxLength: 200 }), (values) => {
        const ent = Int32Array.from(values.sort((a, b) => a - b));
        const j = findEventSplit(ent, ent.length);
        expect(j).toBeLessThanOrEqual(ent.length >> 1);
        // Nothing of the enterprise at the split lies before it.
        if (j > 0 && j < ent.length) expect(ent[j - 1]).toBeLessThan(ent[j] as number);
        if (j === 0 && ent.length > 1) expect(ent[ent.length >> 1]).toBe(ent[0]);
      }),
    );
  });

  it("runs the second half on a worker over shared memory", () => {
    const out = new Int32Array(new SharedArrayBuffer(4 * 1000));
    const before = indicatorWorkerRanges.answered;
    expect(splitPass(fillRange, { out }, [undefined, undefined], 0, 400, 1000)).toBe(true);
    expect(indicatorWorkerRanges.answered).toBe(before + 1);
    expect([...out]).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    // One worker serving a family of passes runs the one named.
    out.fill(0);
    expect(splitPass(fillRange, { out }, [undefined, undefined], 0, 600, 1000, { failSecondHalf, fillRange })).toBe(true);
    expect([...out]).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(() => splitPass(fillRange, { out }, [undefined, undefined], 0, 600, 1000, { failSecondHalf })).toThrow(RangeError);
  });

  it("reports a failed worker half, and computes on one thread from then on", () => {
    const shared = (n: number): SharedArrayBuffer => new SharedArrayBuffer(n);
    const province = {
      register: {
        entityType: new Uint8Array(shared(1)),
        established: new Int32Array(shared(4)),
        recorded: new Int32Array(shared(4)),
        capital: new Float64Array(shared(8)),
        address: new Int32Array(shared(4)),
      },
      events: {
        count: 1,
        ent: new Int32Array(shared(4)),
        kind: new Uint8Array(shared(1)),
        detail: new Uint8Array(shared(1)),
        day: new Int32Array(shared(4)),
        recorded: new Int32Array(shared(4)),
        month: new Int32Array(shared(4)),
        amount: new Float64Array(shared(8)),
        reportYear: new Int16Array(shared(2)),
        flags: new Uint8Array(shared(1)),
        repairedOn: new Int32Array(shared(4)),
      },
    } as unknown as Parameters<typeof isSplittable>[0];
    expect(isSplittable(province)).toBe(true);
    const out = new Int32Array(new SharedArrayBuffer(4 * 1000));
    const before = indicatorWorkerRanges.answered;
    expect(splitPass(failSecondHalf, { out }, [undefined, undefined], 0, 400, 1000)).toBe(false);
    expect(indicatorWorkerRanges.answered).toBe(before);
    expect(isSplittable(province)).toBe(false);
  });
});
