/**
 * Embedding creditclass in a supervision system: the monthly job a bureau schedules after its
 * nightly export. It reads the exported CSVs (`enterprises*.csv`, `relations*.csv`,
 * `events*.csv`, UTF-8 or GB18030) into the embedded database, stops with a non-zero exit code
 * when the export is bad (a missing file, a header without a required column, or more rejected
 * records than the tolerance allows — every rejected record is in `quarantine.csv` with file, line,
 * field and reason), classifies the month, raises the early-warning alerts, and writes back for the
 * sampling platform: `classes-YYYY-MM.csv` (class, score, probability, top reasons) and
 * `alerts-YYYY-MM.csv`.
 *
 * Run: `pnpm --filter @creditclass/example-monthly-job start [--exports DIR] [--period YYYY-MM] [--out DIR] [--tolerance 0.01]`
 * Without `--exports` it first generates a small province to stand in for the export.
 * @module
 */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Period } from "@creditclass/core";
import { addPeriods, CreditclassError, formatIssue, parsePeriod, ValidationError } from "@creditclass/core";
import { generateProvince } from "@creditclass/generator";
import { ingestDirectory, writeCsvFile } from "@creditclass/ingest";
import { classifyMonth } from "@creditclass/pipeline";
import { classificationRows } from "@creditclass/scoring";
import { lastAlertDays, loadProvinceColumns, openDatabase, replaceMonthAlerts, storedClasses } from "@creditclass/store";
import { evaluateMonth, NATIONAL_RULES, rulesHash } from "@creditclass/warning";

const { values } = parseArgs({
  options: {
    exports: { type: "string" },
    period: { type: "string", default: "2026-10" },
    out: { type: "string", default: "out/monthly-job" },
    tolerance: { type: "string", default: "0.01" },
  },
});

/** Fails loudly: one line on standard error and exit code 1. */
function fail(message: string): never {
  console.error(`monthly job FAILED: ${message}`);
  process.exit(1);
}

try {
  const period: Period = parsePeriod(values.period);
  const tolerance = Number(values.tolerance);
  const out = resolve(values.out);
  mkdirSync(out, { recursive: true });
  let exportsDir = values.exports === undefined ? undefined : resolve(values.exports);
  if (exportsDir === undefined) {
    exportsDir = join(out, "export");
    await generateProvince(exportsDir, { enterprises: 3000, seed: "example", end: period, dirtyRate: 0.002 });
    console.log(`no --exports given: generated a 3,000-enterprise province in ${exportsDir}`);
  }
  if (!existsSync(exportsDir)) fail(`export folder ${exportsDir} does not exist`);
  for (const kind of ["enterprises", "events"]) {
    if (!readdirSync(exportsDir).some((f) => f.startsWith(kind) && f.endsWith(".csv"))) fail(`no ${kind}*.csv in ${exportsDir}`);
  }

  const db = await openDatabase(join(out, "supervision.duckdb"));
  try {
    const summary = await ingestDirectory(exportsDir, db);
    // Every rejected record, with file, line, field and reason, for the data owners to fix.
    const header = ["record_kind", "file", "line", "field", "value", "code", "reason"];
    const rejected = await db.all(`SELECT ${header.join(", ")} FROM quarantine WHERE run_id = ? ORDER BY file, line, field`, [summary.runId]);
    await writeCsvFile(
      join(out, "quarantine.csv"),
      header,
      rejected.map((r) => header.map((h) => r[h])),
    );
    const { read, accepted, quarantined, duplicates } = summary.totals;
    console.log(
      `ingested ${read} records: ${accepted} accepted, ${quarantined} quarantined, ${duplicates} duplicates (fingerprint ${summary.fingerprint.slice(0, 16)}…)`,
    );
    if (read !== accepted + quarantined + duplicates) fail(`counts do not add up: ${read} ≠ ${accepted} + ${quarantined} + ${duplicates}`);
    if (quarantined > tolerance * read)
      fail(`${quarantined} of ${read} records rejected (more than ${(100 * tolerance).toFixed(1)} %); see ${join(out, "quarantine.csv")}`);

    const result = await classifyMonth(db, period);
    const rows = classificationRows(result.classification, result.frame);
    await writeCsvFile(
      join(out, `classes-${period}.csv`),
      ["uscc", "class", "score", "probability", "reasons"],
      rows.map((r) => [r.uscc, r.class, r.score, r.probability, r.reasons]),
    );
    const province = await loadProvinceColumns(db);
    const previous = await storedClasses(db, addPeriods(period, -1));
    const alerts = evaluateMonth(province, period, NATIONAL_RULES, {
      indicators: result.frame,
      lastAlerts: await lastAlertDays(db, period),
      ...(previous.size > 0 ? { classes: { previous, current: await storedClasses(db, period) } } : {}),
    });
    await replaceMonthAlerts(db, period, alerts, rulesHash(NATIONAL_RULES));
    await writeCsvFile(
      join(out, `alerts-${period}.csv`),
      ["id", "rule", "measure", "uscc", "day", "evidence"],
      alerts.map((a) => [a.id, a.ruleId, a.measure, a.uscc, a.day, JSON.stringify(a.evidence)]),
    );
    const counts = result.run.counts.map((k, i) => `${"ABCD"[i]} ${k}`).join(", ");
    console.log(
      `${period}: ${result.run.enterprises} enterprises classified (${counts}); model ${result.run.modelHash.slice(0, 12)}…, input ${result.run.inputFingerprint.slice(0, 12)}…`,
    );
    console.log(`${alerts.length} alerts; written ${join(out, `classes-${period}.csv`)} and ${join(out, `alerts-${period}.csv`)}`);
  } finally {
    db.close();
  }
} catch (error) {
  if (error instanceof ValidationError) fail(error.issues.map((i) => formatIssue(i)).join("; "));
  if (error instanceof CreditclassError) fail(error.message);
  throw error;
}
