/**
 * Indicators: load the ingested database into columns, then compute all indicators for the last
 * month (median of three runs), beside two baselines on the same data:
 * - naive: the events (at most 10 M) as row objects (string code, string dates) and a Map of per-enterprise
 *   accumulator objects, computing the event-driven indicators (27 of the 37; relationship and
 *   point-in-time attributes left out, which favours the naive version);
 * - DuckDB SQL: the same event-driven counts as one GROUP BY with FILTER clauses.
 * Opens the database bench-ingest left (run.ts runs them in order), and removes it.
 * @module
 */
import { rmSync, statSync } from "node:fs";
import { addPeriods, DETAIL_CODES, EVENT_KINDS, formatDayNumber, parsePeriod, periodDayBounds } from "@creditclass/core";
import { computeIndicators } from "@creditclass/ingest";
import { columnsCachePath, engineMemoryLimit, loadProvinceColumns, openDatabase } from "@creditclass/store";
import { ingestedDatabase, report, sizeArg, timed, timedMedian } from "./common.js";

const size = sizeArg();
const period = parsePeriod("2026-10");
const path = ingestedDatabase(size);
// DuckDB gets the share the commands give it: at 10m its default (80 % of memory) beside the columns pushed the machine into thrashing.
const db = await openDatabase(path, { memoryLimit: engineMemoryLimit() });

// A cache left by an earlier run would make the first load a cached one.
rmSync(columnsCachePath(path), { force: true });
const { value: province, seconds: loadSeconds } = await timed(() => loadProvinceColumns(db));
report({
  name: "indicators: load columns from DuckDB (first load, then written to the columnar cache)",
  units: province.events.count,
  unit: "events",
  seconds: loadSeconds,
  note: `cache ${(statSync(columnsCachePath(path)).size / 2 ** 20).toFixed(0)} MiB`,
});
// Each timed run keeps only a count: at 10m a province (3.7 GiB) or a frame (3 GiB) kept per run does not fit beside the first.
const cached = await timedMedian(3, async () => (await loadProvinceColumns(db)).events.count);
report({
  name: "indicators: load columns from the columnar cache",
  units: province.events.count,
  unit: "events",
  seconds: cached.seconds,
  note: `runs ${cached.all.map((s) => s.toFixed(2)).join(" / ")} s`,
});
const month = await timedMedian(3, async () => computeIndicators(await loadProvinceColumns(db), period).rowCount);
const MONTH = "indicators: one month for a stored province, database → frame → all 37 (columnar cache)";
report({
  name: MONTH,
  units: province.events.count,
  unit: "events",
  seconds: month.seconds,
  target: "≤ 2× DuckDB SQL computing the 10-count subset (same run)",
  note: `runs ${month.all.map((s) => s.toFixed(2)).join(" / ")} s`,
});
const compute = await timedMedian(3, () => computeIndicators(province, period).rowCount);
report({
  name: "indicators: compute all 37 (columnar)",
  units: province.events.count,
  unit: "events",
  seconds: compute.seconds,
  target: "≤ 3 s for 1M enterprises / 10M events, ≤ 4 GiB",
  note: `${compute.value} enterprises; runs ${compute.all.map((s) => s.toFixed(2)).join(" / ")} s`,
});

// Naive: row objects, string dates, Map of accumulator objects.
const { last } = periodDayBounds(period);
const end = formatDayNumber(last);
/** First day of the window "last n months" ending with the period. */
const monthsBack = (n: number): string => formatDayNumber(periodDayBounds(addPeriods(period, 1 - n)).first);
const ev = province.events;
// At most the first 10 M events (events are grouped by enterprise: those of the first enterprises); row objects for more do not fit in memory here.
const naiveCount = Math.min(ev.count, 10_000_000);
const rowsOf = Array.from({ length: naiveCount }, (_, j) => ({
  uscc: province.register.uscc[ev.ent[j] ?? 0] ?? "",
  kind: EVENT_KINDS[ev.kind[j] ?? 0] ?? "",
  detail: DETAIL_CODES[ev.detail[j] ?? 255] ?? "",
  date: formatDayNumber(ev.day[j] ?? 0),
  recorded: formatDayNumber(ev.recorded[j] ?? 0),
  amount: ev.amount[j] ?? 0,
  repairedOn: (ev.repairedOn[j] ?? 0) > 100_000 ? "" : formatDayNumber(ev.repairedOn[j] ?? 0),
}));
const since = { m3: monthsBack(3), m6: monthsBack(6), m12: monthsBack(12), m24: monthsBack(24), m36: monthsBack(36) };
const { seconds: naiveSeconds } = await timed(() => {
  const acc = new Map<string, Record<string, number>>();
  for (const e of rowsOf) {
    if (e.recorded > end) continue;
    let a = acc.get(e.uscc);
    if (a === undefined) {
      a = {};
      acc.set(e.uscc, a);
    }
    const bump = (k: string, by = 1): void => {
      a[k] = (a[k] ?? 0) + by;
    };
    const repaired = e.repairedOn !== "" && e.repairedOn <= end;
    if (e.kind === "change") {
      if (e.date >= since.m12) bump("changes_12m");
      if (e.date >= since.m12 && e.detail === "address") bump("address_changes_12m");
      if (e.date >= since.m6 && e.detail === "legal_rep") bump("legal_rep_changes_6m");
    } else if (e.kind === "penalty" && !repaired) {
      if (e.date >= since.m12) bump("penalties_12m");
      if (e.date >= since.m36) {
        bump("penalties_36m");
        bump("penalty_amount", e.amount);
      }
    } else if (e.kind === "complaint") {
      if (e.date >= since.m3) bump("complaints_3m");
      if (e.date >= since.m12) bump("complaints_12m");
    } else if (e.kind === "inspection" && e.date >= since.m24) {
      bump("inspections_24m");
      if (e.detail === "problem") bump("inspection_problems_24m");
    } else if (e.kind === "abnormal_entry" && !repaired) bump("abnormal_in");
    else if (e.kind === "abnormal_removal") bump("abnormal_out");
  }
  return acc.size;
});
report({
  name: "indicators: naive row objects (event-driven subset)",
  units: naiveCount,
  unit: "events",
  seconds: naiveSeconds,
  baselineOf: "indicators: compute all 37 (columnar)",
  ...(naiveCount < ev.count ? { note: `the first ${naiveCount.toLocaleString("en")} events only` } : {}),
});

// DuckDB SQL: the same counts as one aggregation over the stored events, into a table (no transfer to JavaScript).
const { seconds: sqlSeconds } = await timed(() =>
  db.run(`CREATE OR REPLACE TEMP TABLE sql_indicators AS SELECT uscc,
      count(*) FILTER (WHERE kind = 'change' AND date >= DATE '${since.m12}') AS changes_12m,
      count(*) FILTER (WHERE kind = 'change' AND detail = 'address' AND date >= DATE '${since.m12}') AS address_changes_12m,
      count(*) FILTER (WHERE kind = 'change' AND detail = 'legal_rep' AND date >= DATE '${since.m6}') AS legal_rep_changes_6m,
      count(*) FILTER (WHERE kind = 'penalty' AND date >= DATE '${since.m12}') AS penalties_12m,
      count(*) FILTER (WHERE kind = 'penalty' AND date >= DATE '${since.m36}') AS penalties_36m,
      sum(amount) FILTER (WHERE kind = 'penalty' AND date >= DATE '${since.m36}') AS penalty_amount,
      count(*) FILTER (WHERE kind = 'complaint' AND date >= DATE '${since.m3}') AS complaints_3m,
      count(*) FILTER (WHERE kind = 'complaint' AND date >= DATE '${since.m12}') AS complaints_12m,
      count(*) FILTER (WHERE kind = 'inspection' AND date >= DATE '${since.m24}') AS inspections_24m,
      count(*) FILTER (WHERE kind = 'inspection' AND detail = 'problem' AND date >= DATE '${since.m24}') AS problems_24m
    FROM events WHERE recorded <= DATE '${end}' GROUP BY uscc`),
);
report({
  name: "indicators: DuckDB SQL GROUP BY (event-driven subset)",
  units: ev.count,
  unit: "events",
  seconds: sqlSeconds,
  baselineOf: MONTH,
  timeRatio: true,
  note: "no credit repair, no relations",
});
db.close();
// The database stays for the benchmarks that read it after this one (bench-server); only the cache this one wrote goes.
rmSync(columnsCachePath(path), { force: true });
