import { IndicatorFrame, ValidationError } from "@creditclass/core";
import { openDatabase } from "@creditclass/store";
import { DataFrame } from "danfojs-node";
import { describe, expect, it } from "vitest";
import { fromDataFrame, ingestDataFrame, toDataFrame } from "../src/index.js";
import { enterprise } from "./helpers.js";

describe("danfojs-node bridge", () => {
  it("round-trips an indicator frame through a DataFrame without losing precision", async () => {
    const frame = IndicatorFrame.fromColumns({
      ids: ["a", "b", "c"],
      columns: { x: new Float64Array([0.1 + 1e-12, Number.NaN, -3]), y: new Float64Array([1e15 + 1, 0, 2]) },
    });
    const df = await toDataFrame(frame);
    expect(df.columns).toEqual(["uscc", "x", "y"]);
    const back = await fromDataFrame(df);
    expect(back.toObjects()).toEqual(frame.toObjects());
    expect(await fromDataFrame(await toDataFrame(frame.selectRows([2]), { id: "id" }), { id: "id" }).then((f) => f.toObjects("id"))).toEqual([
      { id: "c", x: -3, y: 2 },
    ]);
  }, 30_000);

  it("names the id column and non-numeric columns it cannot read", async () => {
    const df = new DataFrame({ code: ["a"], label: ["high"], x: [1] });
    await expect(fromDataFrame(df)).rejects.toThrow("has no column uscc");
    const err = await fromDataFrame(df, { id: "code" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => [i.code, i.field])).toEqual([["invalid_number", "label"]]);
  }, 30_000);

  it("ingests a DataFrame of register rows with validation", async () => {
    const rows = [enterprise(1), enterprise(2, { region: "bad" })];
    const df = new DataFrame(rows);
    const db = await openDatabase(":memory:");
    const s = await ingestDataFrame(db, "enterprises", df, { source: "warehouse" });
    expect([s.file, s.read, s.accepted, s.quarantined]).toEqual(["warehouse", 2, 1, 1]);
    db.close();
  }, 30_000);
});
