import type { Uscc } from "@creditclass/core";
import { describe, expectTypeOf, it } from "vitest";
import type { Enterprise, RegulatoryEvent } from "../src/index.js";
import { validateRecord } from "../src/index.js";

describe("public types", () => {
  it("validateRecord narrows to the record type of its kind", () => {
    const result = validateRecord("enterprises", {});
    if (result.ok) expectTypeOf(result.record).toEqualTypeOf<Enterprise>();
    const events = validateRecord("events", {});
    if (events.ok) expectTypeOf(events.record).toEqualTypeOf<RegulatoryEvent>();
  });

  it("event kinds discriminate their fields, and codes are branded", () => {
    expectTypeOf<Extract<RegulatoryEvent, { kind: "penalty" }>["severity"]>().toEqualTypeOf<"minor" | "general" | "serious">();
    expectTypeOf<Enterprise["uscc"]>().toEqualTypeOf<Uscc>();
    expectTypeOf<Extract<RegulatoryEvent, { kind: "complaint" }>>().not.toHaveProperty("amount");
  });
});
