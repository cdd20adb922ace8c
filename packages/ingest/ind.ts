import { parsePeriod } from "@creditclass/core";
import { computeIndicators, loadProvinceColumns, openDatabase } from "./src/index.js";

const db = await openDatabase("/tmp/prov100k.duckdb");
let t = performance.now();
const p = await loadProvinceColumns(db);
console.log("load", performance.now() - t, p.register.count, p.events.count, p.relations.count);
for (let k = 0; k < 3; k++) {
  t = performance.now();
  const f = computeIndicators(p, parsePeriod("2026-10"));
  console.log("compute", performance.now() - t, f.rowCount, f.columnNames.length);
  if (k === 2) {
    for (const c of f.columnNames) {
      const v = f.column(c);
      let s = 0,
        nz = 0,
        nan = 0;
      for (const x of v) {
        if (Number.isNaN(x)) nan++;
        else {
          s += x;
          if (x) nz++;
        }
      }
      console.log(c.padEnd(30), (s / (v.length - nan)).toFixed(4), nz, nan);
    }
  }
}
db.close();
