// Tests stay quiet: a stray console call is a failure, not noise.
import { afterEach, vi } from "vitest";

const methods = ["log", "info", "warn", "error", "debug"] as const;
const spies = methods.map((m) => vi.spyOn(console, m));

afterEach(() => {
  for (const [i, spy] of spies.entries()) {
    const calls = spy.mock.calls.length;
    spy.mockClear();
    if (calls > 0) throw new Error(`unexpected console.${methods[i]} in a test (${calls} calls)`);
  }
});
