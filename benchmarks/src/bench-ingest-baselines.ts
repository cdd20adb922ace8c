/**
 * Two ingest baselines on the same events file:
 * - naive: papaparse rows as objects → the same zod schema → DuckDB appender row by row (no
 *   quarantine table, no deduplication), on at most 1,000,000 rows;
 * - DuckDB alone: `CREATE TABLE AS SELECT … FROM read_csv(…)` with typed columns and no
 *   validation at all — the ceiling of storing into DuckDB on this machine.
 * @module
 */
import { closeSync, createReadStream, openSync, readSync, rmSync } from "node:fs";
import { join } from "node:path";
import { eventSchema } from "@creditclass/ingest";
import { openDatabase } from "@creditclass/store";
import Papa from "papaparse";
import { dataDir, report, sizeArg, timed, workFile } from "./common.js";

const size = sizeArg();
const file = join(dataDir(size), "events.csv");
const path = workFile(size, "baseline.duckdb");
const LIMIT = 1_000_000;

rmSync(path, { force: true });
const db = await openDatabase(path);
await db.run("CREATE TABLE naive (source_id VARCHAR, kind VARCHAR, uscc VARCHAR, date VARCHAR, recorded VARCHAR, detail VARCHAR, amount DOUBLE)");
const appender = await db.connection.createAppender("naive");
const { value: rows, seconds } = await timed(
  () =>
    new Promise<number>((resolve) => {
      let n = 0;
      // Only the bytes of the first LIMIT rows: papaparse reads a stream without back-pressure, so the rest of a large file would pile up in memory.
      const stream = createReadStream(file, { end: endOfLine(file, LIMIT + 1) });
      Papa.parse<Record<string, string>>(stream as unknown as File, {
        header: true,
        skipEmptyLines: true,
        step: (result, parser) => {
          if (n >= LIMIT) {
            parser.abort();
            return;
          }
          n++;
          const raw = Object.fromEntries(Object.entries(result.data).filter(([, v]) => v !== ""));
          const parsed = eventSchema.safeParse(raw);
          if (!parsed.success) return;
          const e = parsed.data as Record<string, unknown>;
          appender.appendVarchar(String(e.source_id));
          appender.appendVarchar(String(e.kind));
          appender.appendVarchar(String(e.uscc));
          appender.appendVarchar(String(e.date));
          appender.appendVarchar(String(e.recorded));
          const detail = e.field ?? e.severity ?? e.result ?? e.channel ?? e.reason;
          if (detail === undefined) appender.appendNull();
          else appender.appendVarchar(String(detail));
          if (typeof e.amount === "number") appender.appendDouble(e.amount);
          else appender.appendNull();
          appender.endRow();
        },
        complete: () => {
          appender.closeSync();
          resolve(n);
        },
      });
    }),
);
report({
  name: "ingest: naive row objects (papaparse + zod + appender)",
  units: rows,
  unit: "events",
  seconds,
  baselineOf: "ingest: events.csv",
  note: `first ${rows} rows`,
});

const { seconds: copySeconds } = await timed(() =>
  db.run(`CREATE TABLE copied AS SELECT source_id, kind, uscc, TRY_CAST(date AS DATE) AS date, TRY_CAST(recorded AS DATE) AS recorded,
      coalesce(field, severity, reason, result, channel) AS detail, TRY_CAST(amount AS DOUBLE) AS amount, TRY_CAST(report_year AS INTEGER) AS report_year,
      flags, TRY_CAST(published AS DATE) AS published, authority, case_id, task_id, repairs
    FROM read_csv('${file}', header = true, all_varchar = true)`),
);
const [count] = await db.all("SELECT count(*) AS n FROM copied");
report({
  name: "ingest: DuckDB read_csv → table, no validation",
  units: Number(count?.n ?? 0),
  unit: "events",
  seconds: copySeconds,
  baselineOf: "ingest: events.csv",
});
db.close();
rmSync(path, { force: true });

/** The byte offset of the end of line `lines` (1-based) of a file, or of the file. */
function endOfLine(path: string, lines: number): number {
  const fd = openSync(path, "r");
  const buffer = Buffer.alloc(1 << 20);
  let seen = 0;
  let offset = 0;
  for (let read = readSync(fd, buffer, 0, buffer.length, offset); read > 0; read = readSync(fd, buffer, 0, buffer.length, offset)) {
    for (let i = buffer.indexOf(10); i >= 0 && i < read; i = buffer.indexOf(10, i + 1)) {
      if (++seen === lines) {
        closeSync(fd);
        return offset + i;
      }
    }
    offset += read;
  }
  closeSync(fd);
  return offset;
}
