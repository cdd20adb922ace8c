/**
 * The monthly job (`@creditclass/pipeline`): `runMonths` over the 12 months to 2026-10 (classify +
 * alerts each month, the plan and the report for the last) beside its reference in the same
 * run — the same 12 months as 12 single-month runs, each loading the province from DuckDB as a
 * separate `creditclass run --period` after that month's ingest would (an ingest leaves no columnar
 * cache) — and `runMonth` for one month (what `creditclass run` does).
 * Each measurement runs in its own process on its own copy of the database bench-ingest left, so
 * each peak memory is its own. Then `creditclass run --period 2026-10` itself, in a process of its
 * own: first as after an ingest (no columnar cache: the columns come from DuckDB and are cached),
 * then again with the cache. At 10m only the command runs (twelve single months would take hours).
 * @module
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { addPeriods, parsePeriod } from "@creditclass/core";
import { runMonth, runMonths } from "@creditclass/pipeline";
import { columnsCachePath, openDatabase } from "@creditclass/store";
import { ingestedDatabase, manifest, report, sizeArg, timed, workFile } from "./common.js";

const size = sizeArg();
const end = parsePeriod("2026-10");
const from = addPeriods(end, -11);
const mode = process.argv.includes("--mode") ? process.argv[process.argv.indexOf("--mode") + 1] : undefined;

if (mode === undefined) {
  // The parent: one child process per measurement, their RESULT lines passed through.
  for (const m of size === "10m" ? [] : ["months", "singles", "month"]) {
    const out = execFileSync(process.execPath, [...process.execArgv, import.meta.filename, "--size", size, "--mode", m], {
      encoding: "utf8",
      maxBuffer: 1 << 26,
    });
    process.stdout.write(out);
  }
  commandRuns();
} else {
  const path = workFile(size, `pipeline-${process.pid}.duckdb`);
  copyFileSync(ingestedDatabase(size), path);
  try {
    const db = await openDatabase(path);
    try {
      const enterprises = Number((await db.all("SELECT count(*) AS n FROM enterprises"))[0]?.n ?? 0);
      if (mode === "months") {
        const run = await timed(() => runMonths(db, from, end, { seed: "bench" }));
        const alerts = run.value.months.reduce((s, m) => s + m.alertCount, 0);
        report({
          name: "pipeline: runMonths, 12 months (classify + alerts; plan + report of the last), province loaded once",
          units: 12 * enterprises,
          unit: "enterprise-months",
          seconds: run.seconds,
          target: "≥ 3× faster than 12 single months",
          note: `${alerts} alerts; load ${run.value.seconds.load.toFixed(1)} s, classify ${run.value.seconds.classify.toFixed(1)} s, warn ${run.value.seconds.warn.toFixed(1)} s, plan ${run.value.seconds.plan.toFixed(1)} s, report ${run.value.seconds.report.toFixed(1)} s`,
        });
      } else if (mode === "singles") {
        const singles = await timed(async () => {
          for (let k = 0; k < 12; k++) {
            // A separate monthly run follows that month's ingest, which leaves no columnar cache: each run loads from DuckDB.
            rmSync(columnsCachePath(path), { force: true });
            await runMonth(db, addPeriods(from, k), { seed: "bench" });
          }
        });
        report({
          name: "pipeline reference: the same 12 months as 12 runMonth calls (each loads the province)",
          units: 12 * enterprises,
          unit: "enterprise-months",
          seconds: singles.seconds,
          baselineOf: "pipeline: runMonths, 12 months (classify + alerts; plan + report of the last), province loaded once",
        });
      } else {
        const one = await timed(() => runMonth(db, end, { seed: "bench" }));
        report({
          name: "pipeline: runMonth, one month (creditclass run: classify, alerts, plan, report data)",
          units: enterprises,
          unit: "enterprises",
          seconds: one.seconds,
          note: `load ${one.value.seconds.load.toFixed(1)} s, classify ${one.value.seconds.classify.toFixed(1)} s, warn ${one.value.seconds.warn.toFixed(1)} s, plan ${one.value.seconds.plan.toFixed(1)} s, report ${one.value.seconds.report.toFixed(1)} s`,
        });
      }
    } finally {
      db.close();
    }
  } finally {
    rmSync(path, { force: true });
    rmSync(`${path}.wal`, { force: true });
    rmSync(columnsCachePath(path), { force: true });
  }
}

/** `creditclass run` on a copy of the database, as after an ingest and then with the columnar cache. */
function commandRuns(): void {
  const path = workFile(size, `command-${process.pid}.duckdb`);
  const out = workFile(size, `command-${process.pid}-out`);
  copyFileSync(ingestedDatabase(size), path);
  try {
    const enterprises = manifest(size).enterprises;
    for (const cache of [false, true]) {
      const started = performance.now();
      const run = spawnSync(
        process.execPath,
        [...process.execArgv, join(import.meta.dirname, "cli-child.ts"), "run", "--db", path, "--period", "2026-10", "--seed", "bench", "--out", out],
        { encoding: "utf8", maxBuffer: 1 << 26 },
      );
      const seconds = (performance.now() - started) / 1000;
      if (run.status !== 0) throw new Error(`creditclass run failed (${run.status ?? run.signal}): ${run.stderr.slice(-2000)}`);
      const peak = Number(/PEAK ([0-9.]+)/.exec(run.stderr)?.[1] ?? Number.NaN);
      process.stdout.write(
        `RESULT ${JSON.stringify({
          name: `creditclass run --period 2026-10 (classify, alerts, plan, report, CSVs), ${cache ? "columnar cache current" : "as after an ingest: columns from DuckDB, then cached"}`,
          units: enterprises,
          unit: "enterprises",
          seconds,
          peakGiB: peak,
          ...(size === "10m" ? { target: "≤ 90 s and ≤ 12 GiB at 10M enterprises" } : {}),
          note: "its own process; peak is that process's",
        })}\n`,
      );
    }
  } finally {
    for (const f of [path, `${path}.wal`, columnsCachePath(path)]) rmSync(f, { force: true });
    rmSync(out, { recursive: true, force: true });
  }
}
