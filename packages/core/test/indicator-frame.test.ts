import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IndicatorFrame, ValidationError } from "../src/index.js";

const meta = { id: "x", family: "supervision", unit: "count", direction: "risk", name: { zh: "某", en: "x" } } as const;

describe("IndicatorFrame", () => {
  it("reads plain objects with missing values and numeric strings", () => {
    const f = IndicatorFrame.fromObjects([
      { uscc: "a", x: 1, y: "2.5" },
      { uscc: "b", x: null, y: "" },
    ]);
    expect(f.columnNames).toEqual(["x", "y"]);
    expect([...f.column("x")]).toEqual([1, Number.NaN]);
    expect(f.value("y", 0)).toBe(2.5);
    expect(f.toObjects()).toEqual([
      { uscc: "a", x: 1, y: 2.5 },
      { uscc: "b", x: null, y: null },
    ]);
  });

  it("collects every bad cell as an issue with its path", () => {
    try {
      IndicatorFrame.fromObjects([{ uscc: "a", x: "one" }, { x: {} }]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues.map((i) => [i.code, i.path])).toEqual([
        ["invalid_number", [0, "x"]],
        ["missing_field", [1, "uscc"]],
        ["invalid_number", [1, "x"]],
      ]);
    }
  });

  it("rejects columns of the wrong length", () => {
    expect(() => IndicatorFrame.fromColumns({ ids: ["a"], columns: { x: new Float64Array(2) } })).toThrow("column x has 2 values, expected 1");
  });

  it("selects rows as a view over shared arrays and columns without copying", () => {
    const x = new Float64Array([10, 20, 30, 40]);
    const f = IndicatorFrame.fromColumns({ ids: ["a", "b", "c", "d"], columns: { x, y: new Float64Array(4) }, meta: [meta] });
    const v = f.selectRows([3, 1]).selectRows([1]);
    expect(v.isView).toBe(true);
    expect(v.id(0)).toBe("b");
    expect(v.value("x", 0)).toBe(20);
    expect(f.selectColumns(["x"]).column("x")).toBe(x);
    expect(f.meta("x")?.name.zh).toBe("某");
    expect(f.filter((r, fr) => fr.value("x", r) > 15).ids()).toEqual(["b", "c", "d"]);
    expect(() => f.selectColumns(["nope"])).toThrow("no column named nope");
    expect(() => f.selectRows([4])).toThrow(RangeError);
  });

  it("withColumn leaves the original unchanged", () => {
    const f = IndicatorFrame.fromColumns({ ids: ["a", "b"], columns: { x: new Float64Array([1, 2]) } });
    const g = f.selectRows([1]).withColumn("z", new Float64Array([7]), { ...meta, id: "z" });
    expect(f.has("z")).toBe(false);
    expect(g.toObjects()).toEqual([{ uscc: "b", x: 2, z: 7 }]);
  });

  it("property: fromObjects ∘ toObjects round-trips, views agree with gathered columns", () => {
    const row = fc.record({
      uscc: fc.string({ minLength: 1 }),
      a: fc.option(fc.double({ noNaN: true }), { nil: null }),
      b: fc.option(fc.integer(), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), fc.array(fc.nat(), { maxLength: 10 }), (rows, picks) => {
        const f = IndicatorFrame.fromObjects(rows, { columns: ["a", "b"] });
        const norm = rows.map((r) => ({ uscc: r.uscc, a: r.a, b: r.b }));
        expect(f.toObjects()).toEqual(norm);
        const idx = picks.map((p) => p % rows.length);
        const view = f.selectRows(idx);
        expect(view.toObjects()).toEqual(idx.map((i) => norm[i]));
      }),
    );
  });
});
