import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RateLimiter } from "../src/auth/rate-limiter.js";

describe("the per-token rate limit", () => {
  it("lets a burst through, refuses the next, refills at the rate, and keeps tokens apart", () => {
    let now = 0;
    const limiter = new RateLimiter(60, 3, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take("a"))).toEqual([true, true, true, false]);
    expect(limiter.take("b")).toBe(true);
    now += 1000; // one request a second
    expect(limiter.take("a")).toBe(true);
    expect(limiter.take("a")).toBe(false);
  });

  it("never admits more than burst + rate × time (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 0, max: 2000 }), { maxLength: 200 }),
        (perMinute, burst, gaps) => {
          let now = 0;
          const limiter = new RateLimiter(perMinute, burst, () => now);
          let admitted = 0;
          for (const gap of gaps) {
            now += gap;
            if (limiter.take("t")) admitted++;
          }
          expect(admitted).toBeLessThanOrEqual(burst + Math.floor((perMinute * now) / 60_000) + 1e-9);
        },
      ),
    );
  });
});
