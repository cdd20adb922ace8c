/**
 * Ingest through a source mapping (issue 16): the same province as a bureau exports it — eleven
 * tables with Chinese headers and codes, mixed date formats, the register in GB18030, the
 * penalties as `.xlsx` — ingested with its mapping, against creditclass's own CSV layout
 * ingested directly. Both into a fresh database file; records per second for both, and the
 * mapping's time per record over the direct path's (the limit: at most 1.3×).
 * @module
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parsePeriod } from "@creditclass/core";
import { generateBureauExport, generateProvince } from "@creditclass/generator";
import type { IngestSummary } from "@creditclass/ingest";
import { ingestDirectory, ingestMapped, parseMapping } from "@creditclass/ingest";
import { openDatabase } from "@creditclass/store";
import { benchDatabase, dataDir, report, SIZES, sizeArg, timed } from "./common.js";

const size = sizeArg();
// Both layouts written by this generator version from the same options, so they hold the same province record for record.
const own = `${dataDir(size)}-mapping/own`;
const bureau = `${dataDir(size)}-mapping/bureau`;
const options = { enterprises: SIZES[size] ?? 0, seed: "bench", end: parsePeriod("2026-10"), dirtyRate: 0.002 };
if (!existsSync(join(own, "manifest.json"))) await generateProvince(own, options);
if (!existsSync(join(bureau, "manifest.json"))) {
  process.stderr.write(`writing the ${size} province as a bureau's tables (seed bench, to 2026-10)…\n`);
  await generateBureauExport(bureau, options);
}
const path = benchDatabase(`${size}-mapping`);
// Up to 100k, the median of three runs each (a shared machine's noise is of the order of the difference).
const runs = (SIZES[size] ?? 0) <= 100_000 ? 3 : 1;

/** Ingests into a fresh database file. */
async function fresh<T>(ingest: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  rmSync(path, { force: true });
  const db = await openDatabase(path);
  try {
    return await ingest(db);
  } finally {
    db.close();
    rmSync(path, { force: true });
  }
}

const mapping = parseMapping(JSON.parse(readFileSync(join(bureau, "mapping.json"), "utf8")));
const direct = (): Promise<IngestSummary> => fresh((db) => ingestDirectory(own, db));
const mapped = (): Promise<IngestSummary> => fresh((db) => ingestMapped(bureau, db, mapping));

/** Wall and CPU seconds of one run (CPU: this process's JavaScript and DuckDB threads, less sensitive to other load on a shared machine). */
async function measure(work: () => Promise<IngestSummary>): Promise<{ value: IngestSummary; seconds: number; cpu: number }> {
  const before = process.cpuUsage();
  const { value, seconds } = await timed(work);
  const used = process.cpuUsage(before);
  return { value, seconds, cpu: (used.user + used.system) / 1e6 };
}
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

// One unmeasured run of each (JIT, file cache), then the two alternate, so neither profits from running second.
await direct();
await mapped();
const runsD: Awaited<ReturnType<typeof measure>>[] = [];
const runsM: Awaited<ReturnType<typeof measure>>[] = [];
for (let k = 0; k < runs; k++) {
  runsD.push(await measure(direct));
  runsM.push(await measure(mapped));
}
const d = runsD[0]?.value as IngestSummary;
const m = runsM[0]?.value as IngestSummary;
const dSeconds = median(runsD.map((r) => r.seconds));
const mSeconds = median(runsM.map((r) => r.seconds));
const dCpu = median(runsD.map((r) => r.cpu));
const mCpu = median(runsM.map((r) => r.cpu));
report({
  name: "ingest: own CSV layout (direct)",
  units: d.totals.read,
  unit: "records",
  seconds: dSeconds,
  note: `${d.totals.quarantined} quarantined, ${d.totals.duplicates} duplicates; ${dCpu.toFixed(1)} CPU s`,
});
report({
  name: "ingest: bureau tables through their mapping",
  units: m.totals.read,
  unit: "records",
  seconds: mSeconds,
  target: "≤ 1.3× the direct path's time per record",
  baselineOf: "ingest: own CSV layout (direct)",
  // No timeRatio: the ratio column then reads "ours N× this" = the direct path's speed over the mapped path's, i.e. the mapped path's time per record in direct-path units.
  note: `${m.totals.quarantined} quarantined, ${m.totals.duplicates} duplicates; same counts as the direct path: ${JSON.stringify(m.totals) === JSON.stringify(d.totals)}; wall ${(mSeconds / dSeconds).toFixed(2)}× and ${mCpu.toFixed(1)} CPU s (${(mCpu / dCpu).toFixed(2)}×) the direct path's`,
});
