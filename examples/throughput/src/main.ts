/**
 * Benchmarking throughput: classify N enterprises (default 1,000,000) with the default national
 * models — scores, classes and the top three reasons — and print the rate. The indicator frame is
 * built directly in memory (every catalog indicator, plausible values, a share missing), so what
 * is timed is the scoring engine alone, on one thread and on every core.
 *
 * Run: `pnpm --filter @creditclass/example-throughput start [--enterprises 1000000]`
 * @module
 */
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { createRandom, INDICATOR_CATALOG, IndicatorFrame, seedWords } from "@creditclass/core";
import { classifyFrame, DEFAULT_MODEL_SET } from "@creditclass/scoring";

const { values } = parseArgs({ options: { enterprises: { type: "string", default: "1000000" } } });
const n = Number(values.enterprises);
if (!Number.isInteger(n) || n <= 0) {
  console.error(`--enterprises must be a positive whole number, got ${values.enterprises}`);
  process.exit(2);
}

// Shared memory, so worker threads can read the frame without copying it.
const shared = (length: number): Float64Array => new Float64Array(new SharedArrayBuffer(length * 8));
const random = createRandom(seedWords("example-throughput"), 0);
const columns = new Map<string, Float64Array>();
const draw: Record<string, () => number> = {
  count: () => Math.floor(-Math.log(1 - random.next()) * 0.8),
  flag: () => (random.next() < 0.05 ? 1 : 0),
  months: () => Math.floor(random.next() * 120),
  log: () => random.next() * 10,
  ratio: () => random.next(),
};
for (const meta of INDICATOR_CATALOG) {
  const column = shared(n);
  const value = draw[meta.unit] ?? draw.count;
  for (let i = 0; i < n; i++) column[i] = random.next() < 0.03 ? Number.NaN : (value as () => number)();
  columns.set(meta.id, column);
}
columns.set("is_revoked", shared(n));
columns.set("is_deregistered", shared(n));
const frame = IndicatorFrame.fromColumns({ ids: Array.from({ length: n }, (_, i) => `E${i}`), columns });
const attributes = { entityType: Array.from({ length: n }, (_, i) => (i % 10 === 0 ? "individual" : "company")), industry: new Array<string>(n).fill("F5211") };

for (const threads of [1, Math.min(availableParallelism(), 8)]) {
  const started = performance.now();
  const c = classifyFrame(DEFAULT_MODEL_SET, frame, { attributes, threads });
  const seconds = (performance.now() - started) / 1000;
  const counts = [0, 0, 0, 0];
  for (const k of c.riskClass) counts[k] = (counts[k] ?? 0) + 1;
  console.log(
    `${n.toLocaleString("en")} enterprises × ${INDICATOR_CATALOG.length} indicators, ${threads} thread${threads > 1 ? "s" : ""}: ${seconds.toFixed(2)} s = ${(n / seconds / 1e6).toFixed(2)} M enterprises/s (classes A/B/C/D ${counts.join(" / ")})`,
  );
}
console.log(`peak memory ${(process.resourceUsage().maxRSS / 2 ** 20).toFixed(2)} GiB`);
