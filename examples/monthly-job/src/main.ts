/**
 * Embedding creditclass in a supervision system: the monthly job a bureau schedules after its
 * nightly export. It reads the exported CSVs (`enterprises*.csv`, `relations*.csv`,
 * `events*.csv`, UTF-8 or GB18030) into the embedded database, stops with a non-zero exit code
 * when the export is bad (a missing file, a header without a required column, or more rejected
 * records than the tolerance allows — every rejected record is in `quarantine.csv` with file, line,
 * field and reason), runs the month through the pipeline (`runMonth`: classes, early-warning alerts,
 * the inspection plan from the national default task), and writes back for the sampling platform:
 * `classes-YYYY-MM.csv` (class, score, probability, top reasons), `alerts-YYYY-MM.csv` and
 * `plan-YYYY-MM.csv`.
 *
 * Run: `pnpm --filter @creditclass/example-monthly-job start [--exports DIR] [--period YYYY-MM] [--out DIR] [--tolerance 0.01]`
 * Without `--exports` it first generates a small province to stand in for the export.
 * @module
 */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Period } from "@creditclass/core";
import { CreditclassError, formatIssue, parsePeriod, ValidationError } from "@creditclass/core";
import { generateProvince } from "@creditclass/generator";
import { ingestDirectory, writeCsvFile } from "@creditclass/ingest";
import { runMonth } from "@creditclass/pipeline";
import { classificationRows } from "@creditclass/scoring";
import { openDatabase } from "@creditclass/store";

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

    // The whole job in one call: classes, alerts (cooldowns, register tags, transitions), the plan.
    const run = await runMonth(db, period, { seed: `${period}/example`, report: false });
    const result = run.last;
    const alerts = run.lastAlerts;
    const rows = classificationRows(result.classification, result.frame);
    await writeCsvFile(
      join(out, `classes-${period}.csv`),
      ["uscc", "class", "score", "probability", "reasons"],
      rows.map((r) => [r.uscc, r.class, r.score, r.probability, r.reasons]),
    );
    await writeCsvFile(
      join(out, `alerts-${period}.csv`),
      ["id", "rule", "measure", "uscc", "day", "evidence"],
      alerts.map((a) => [a.id, a.ruleId, a.measure, a.uscc, a.day, JSON.stringify(a.evidence)]),
    );
    await writeCsvFile(
      join(out, `plan-${period}.csv`),
      ["uscc", "class", "stratum", "probability", "mandatory"],
      run.plan.selections.map((r) => [r.uscc, r.class, r.stratum, r.probability, r.mandatory ? 1 : 0]),
    );
    const counts = result.run.counts.map((k, i) => `${"ABCD"[i]} ${k}`).join(", ");
    console.log(
      `${period}: ${result.run.enterprises} enterprises classified (${counts}); model ${result.run.modelHash.slice(0, 12)}…, input ${result.run.inputFingerprint.slice(0, 12)}…`,
    );
    console.log(`${alerts.length} alerts; plan ${run.plan.task.id}: ${run.plan.plan.capacity.planned} inspections, seed ${run.plan.seed}`);
    console.log(`written ${join(out, `classes-${period}.csv`)}, ${join(out, `alerts-${period}.csv`)} and ${join(out, `plan-${period}.csv`)}`);
  } finally {
    db.close();
  }
} catch (error) {
  if (error instanceof ValidationError) fail(error.issues.map((i) => formatIssue(i)).join("; "));
  if (error instanceof CreditclassError) fail(error.message);
  throw error;
}
