/**
 * `pnpm bench [--size 10k|100k|1m|10m] [--only bench-x.ts]`: generates the data set once (cached in benchmarks/data),
 * runs every benchmark in a process of its own (so each peak memory is its own), prints one
 * table and writes it to benchmarks/results/<size>.{json,md}.
 * @module
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { parsePeriod } from "@creditclass/core";
import { generateProvince } from "@creditclass/generator";
import type { BenchResult } from "./common.js";
import { benchDatabase, dataDir, hasData, manifest, SIZES, sizeArg, timed } from "./common.js";

const size = sizeArg();
const results: BenchResult[] = [];
if (!hasData(size)) {
  process.stderr.write(`generating the ${size} province (seed bench, to 2026-10)…\n`);
  const { value, seconds } = await timed(() =>
    generateProvince(dataDir(size), { enterprises: SIZES[size] ?? 0, seed: "bench", end: parsePeriod("2026-10"), dirtyRate: 0.002 }),
  );
  results.push({ name: "generate province (CSV)", units: value.events, unit: "events", seconds, peakGiB: process.resourceUsage().maxRSS / 2 ** 20 });
}
const m = manifest(size);
const ALL = [
  "bench-ingest.ts",
  "bench-ingest-baselines.ts",
  "bench-mapping.ts",
  "bench-warning.ts",
  "bench-pipeline.ts",
  "bench-indicators.ts",
  "bench-training.ts",
  "bench-scoring.ts",
  "bench-sampling.ts",
  "bench-table.ts",
  "bench-server.ts",
];
// `--only bench-x.ts` reruns one benchmark and replaces its rows in the existing results.
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
if (only !== undefined && !ALL.includes(only)) throw new Error(`--only expects one of ${ALL.join(", ")}`);
const results_dir = new URL("../results", import.meta.url).pathname;
const previous =
  only === undefined || !existsSync(join(results_dir, `${size}.json`))
    ? []
    : (JSON.parse(readFileSync(join(results_dir, `${size}.json`), "utf8")) as { results: BenchResult[] }).results;
// Each benchmark's process may hold up to 16 GiB of JavaScript objects (V8's default limit, about 4 GiB, is too small for a 10m province's codes, alerts and streaming state).
const NODE = ["--max-old-space-size=16384", "--import", "tsx"];
// These benchmarks read the database bench-ingest leaves; rerun alone, they ingest first (its rows are not kept).
const READS_DATABASE = ["bench-warning.ts", "bench-pipeline.ts", "bench-indicators.ts", "bench-server.ts"];
if (only !== undefined && READS_DATABASE.includes(only) && !existsSync(benchDatabase(size))) {
  process.stderr.write(`ingesting the ${size} province for ${only}…\n`);
  execFileSync(process.execPath, [...NODE, join(import.meta.dirname, "bench-ingest.ts"), "--size", size], { encoding: "utf8", maxBuffer: 1 << 26 });
}
for (const bench of only === undefined ? ALL : [only]) {
  process.stderr.write(`running ${bench} --size ${size}…\n`);
  const out = execFileSync(process.execPath, [...NODE, join(import.meta.dirname, bench), "--size", size], { encoding: "utf8", maxBuffer: 1 << 26 });
  const fresh = out
    .split("\n")
    .filter((line) => line.startsWith("RESULT "))
    .map((line) => ({ ...(JSON.parse(line.slice(7)) as BenchResult), bench }));
  if (only === undefined) results.push(...fresh);
  else {
    // Keep the order of the earlier table: fresh rows take the place of the rows of the same benchmark file, or go where its turn is.
    const at = previous.findIndex((r) => r.bench === bench);
    const kept = previous.filter((r) => r.bench !== bench);
    const after = ALL.slice(ALL.indexOf(bench) + 1);
    const next = kept.findIndex((r) => after.includes(r.bench ?? ""));
    kept.splice(at >= 0 ? at : next >= 0 ? next : kept.length, 0, ...fresh);
    results.push(...kept);
  }
}

const rate = (r: BenchResult): number => r.units / r.seconds;
const rows = results.map((r) => {
  const base = results.find((b) => b.name === r.baselineOf);
  return {
    benchmark: r.name,
    units: `${r.units.toLocaleString("en")} ${r.unit}`,
    seconds: r.seconds.toFixed(2),
    throughput: `${(rate(r) / 1e6).toFixed(2)} M ${r.unit}/s`,
    peak: `${r.peakGiB.toFixed(2)} GiB`,
    target: r.target ?? "",
    ratio: base === undefined ? "" : r.timeRatio ? `ours ${(rate(r) / rate(base)).toFixed(2)}× its time` : `ours ${(rate(base) / rate(r)).toFixed(1)}× this`,
    note: r.note ?? "",
  };
});
const header = ["benchmark", "units", "seconds", "throughput", "peak", "target", "ratio", "note"] as const;
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const title = `creditclass benchmarks — size ${size}: ${m.enterprises.toLocaleString("en")} enterprises, ${m.events.toLocaleString("en")} events, ${m.relations.toLocaleString("en")} relations`;
const md = [
  `# ${title}`,
  "",
  `Machine: ${machine}.`,
  "",
  `| ${header.join(" | ")} |`,
  `| ${header.map(() => "---").join(" | ")} |`,
  ...rows.map((r) => `| ${header.map((h) => r[h]).join(" | ")} |`),
  "",
].join("\n");
mkdirSync(results_dir, { recursive: true });
writeFileSync(join(results_dir, `${size}.json`), `${JSON.stringify({ size, machine, manifest: m, results }, null, 2)}\n`);
writeFileSync(join(results_dir, `${size}.md`), md);
const widths = header.map((h) => Math.max(h.length, ...rows.map((r) => r[h].length)));
console.log(title);
console.log(machine);
for (const line of [Object.fromEntries(header.map((h) => [h, h])), ...rows])
  console.log(header.map((h, i) => String((line as Record<string, string>)[h]).padEnd(widths[i] ?? 0)).join("  "));
console.log(`written to benchmarks/results/${size}.{json,md}`);
