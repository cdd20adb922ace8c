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
import { ingestDirectory, ingestMapped, parseMapping } from "@creditclass/ingest";
import { openDatabase } from "@creditclass/store";
import { benchDatabase, dataDir, report, SIZES, sizeArg, timedMedian } from "./common.js";

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

const { value: d, seconds: dSeconds } = await timedMedian(runs, async () => {
  rmSync(path, { force: true });
  const direct = await openDatabase(path);
  try {
    return await ingestDirectory(own, direct);
  } finally {
    direct.close();
  }
});
report({
  name: "ingest: own CSV layout (direct)",
  units: d.totals.read,
  unit: "records",
  seconds: dSeconds,
  note: `${d.totals.quarantined} quarantined, ${d.totals.duplicates} duplicates`,
});

const mapping = parseMapping(JSON.parse(readFileSync(join(bureau, "mapping.json"), "utf8")));
const { value: m, seconds: mSeconds } = await timedMedian(runs, async () => {
  rmSync(path, { force: true });
  const mapped = await openDatabase(path);
  try {
    return await ingestMapped(bureau, mapped, mapping);
  } finally {
    mapped.close();
  }
});
rmSync(path, { force: true });
report({
  name: "ingest: bureau tables through their mapping",
  units: m.totals.read,
  unit: "records",
  seconds: mSeconds,
  target: "≤ 1.3× the direct path's time per record",
  baselineOf: "ingest: own CSV layout (direct)",
  timeRatio: true,
  note: `${m.totals.quarantined} quarantined, ${m.totals.duplicates} duplicates; same counts as the direct path: ${JSON.stringify(m.totals) === JSON.stringify(d.totals)}`,
});
