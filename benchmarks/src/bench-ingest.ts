/**
 * Ingest: read + validate + store into a fresh DuckDB file, as `creditclass ingest` does (bulk
 * CSV path, quarantine, deduplication). First the events file alone (into a database holding the
 * register, which the code check uses), then the whole folder; that database is left for
 * bench-indicators (run.ts runs them in order and removes it).
 * @module
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { ingestDirectory, ingestFile } from "@creditclass/ingest";
import { openDatabase } from "@creditclass/store";
import { benchDatabase, dataDir, report, sizeArg, timed } from "./common.js";

const size = sizeArg();
const path = benchDatabase(size);

rmSync(path, { force: true });
const eventsOnly = await openDatabase(path);
await ingestFile(eventsOnly, join(dataDir(size), "enterprises.csv"), "enterprises");
const { value: ev, seconds: evSeconds } = await timed(() => ingestFile(eventsOnly, join(dataDir(size), "events.csv"), "events"));
report({
  name: "ingest: events.csv",
  units: ev.read,
  unit: "events",
  seconds: evSeconds,
  target: "≥ 1,000,000 events/s",
  note: `${ev.quarantined} quarantined, ${ev.duplicates} duplicates`,
});
eventsOnly.close();

rmSync(path, { force: true });
const db = await openDatabase(path);
const { value: summary, seconds } = await timed(() => ingestDirectory(dataDir(size), db));
report({
  name: "ingest: all files",
  units: summary.totals.read,
  unit: "records",
  seconds,
  note: `${summary.totals.quarantined} quarantined, ${summary.totals.duplicates} duplicates`,
});
db.close();
