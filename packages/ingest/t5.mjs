import fs from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";

const f = "/tmp/prov100k/events.csv";
const header = fs.readFileSync(f, "utf8").slice(0, 300).split("\n")[0].split(",");
const cols = header.map((c) => `'${c}':'VARCHAR'`).join(",");
const src = `read_csv('${f}', header=true, quote='"', escape='"', delim=',', auto_detect=false, columns={${cols}})`;
for (const setting of ["", "SET force_compression='uncompressed'", "SET force_compression='dictionary'", "SET threads=1"]) {
  fs.rmSync("/tmp/t5.duckdb", { force: true });
  fs.rmSync("/tmp/t5.duckdb.wal", { force: true });
  const inst = await DuckDBInstance.create("/tmp/t5.duckdb");
  const con = await inst.connect();
  if (setting) await con.run(setting);
  await con.run(`CREATE TABLE ev (source_id VARCHAR, uscc VARCHAR, kind UTINYINT, date DATE, recorded DATE, amount DOUBLE, line BIGINT)`);
  const t = performance.now();
  await con.run(
    `INSERT INTO ev SELECT source_id, uscc, list_position(['change','annual_report','penalty','abnormal_entry','abnormal_removal','serious_entry','serious_removal','inspection','complaint','credit_repair','pledge'], kind)::UTINYINT, try_cast(date AS DATE), try_cast(recorded AS DATE), try_cast(amount AS DOUBLE), NULL FROM ${src}`,
  );
  const t1 = performance.now();
  await con.run("CHECKPOINT");
  const r = await con.runAndReadAll("select min(rowid), max(rowid), count(*) from ev");
  console.log(setting || "default", (t1 - t).toFixed(0), (performance.now() - t1).toFixed(0), r.getRows().map(String), fs.statSync("/tmp/t5.duckdb").size);
  con.closeSync();
  inst.closeSync();
}
