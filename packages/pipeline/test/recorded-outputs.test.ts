import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePeriod } from "@creditclass/core";
import { generateProvince } from "@creditclass/generator";
import { ingestDirectory } from "@creditclass/ingest";
import { openDatabase } from "@creditclass/store";
import { describe, expect, it } from "vitest";
import { runMonths } from "../src/index.js";

/**
 * The outputs of three months of the job on a generated province, recorded as SHA-256s at commit
 * 15a2c16 (before the performance work of issue 17: the sampled-Hessian trainer, the table loader,
 * per-part seals, the mapped ingest path) and unchanged since. A change to indicators, classes,
 * alerts or the plan — meant or not — fails here; record the new hashes only for a change made on purpose.
 */
const RECORDED = {
  frames: {
    "2026-08": "02acc362b3cc17ea6d38c72f7b9c89d9698bb000499c8c55990a86ff0be717ac",
    "2026-09": "22b1773401ce165f878adc5e7bfd617d909535d66c2aac6c73e98a9f73e945ba",
    "2026-10": "4c80c8da55da3e45d80648ed612e1ae5c4847797d85c8f3d611c080883cbb2d8",
  },
  classes: "db6a6b9b0e922b1eac58f86a53cc1733257a16934c9d5f3862d48aea16013284",
  alerts: "eb8dcaac9ff688fcbb91d16b1618d5c708f935c9bf5833d4b51faa8336e9e11b",
  plan: "3f0f5c2fbdcd7062800448fc68dee03b911fe1e6dd309bb7b328cf7a59a33adc",
};

describe("the job's outputs, byte for byte", () => {
  it("gives the recorded indicator frames, classes, alerts and plan", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-recorded-"));
    await generateProvince(join(dir, "data"), { enterprises: 3000, seed: "golden", end: parsePeriod("2026-10"), months: 30 });
    const db = await openDatabase(join(dir, "p.duckdb"));
    try {
      await ingestDirectory(join(dir, "data"), db);
      const frames: Record<string, string> = {};
      await runMonths(db, parsePeriod("2026-08"), parsePeriod("2026-10"), {
        seed: "golden",
        report: false,
        onMonth: (m) => {
          const frame = m.classified.frame;
          const hash = createHash("sha256").update(frame.ids().join("\n"));
          for (const name of frame.columnNames) {
            const column = frame.column(name);
            hash.update(name).update(Buffer.from(column.buffer, column.byteOffset, column.byteLength));
          }
          frames[m.period] = hash.digest("hex");
        },
      });
      const digest = async (sql: string): Promise<string> =>
        createHash("sha256")
          .update(JSON.stringify(await db.all(sql)))
          .digest("hex");
      expect({
        frames,
        classes: await digest(
          "SELECT period, uscc, class, score, probability, scored_class, previous_class, change, model, override, reasons, missing FROM classifications ORDER BY period, uscc",
        ),
        alerts: await digest("SELECT period, rule, uscc, strftime(day, '%Y-%m-%d') d, severity, measure, evidence FROM alerts ORDER BY ALL"),
        plan: await digest("SELECT period, uscc, class, stratum, probability, mandatory FROM plan_selections ORDER BY ALL"),
      }).toEqual(RECORDED);
    } finally {
      db.close();
    }
  }, 180_000);
});
