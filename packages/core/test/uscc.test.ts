import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { completeUscc, isUscc, parseUscc, safeParseUscc, USCC_ALPHABET, usccCheckCharacter, usccProblem, ValidationError } from "../src/index.js";

const PUBLIC_EXAMPLES = ["91330100716105852F", "914403001922038216", "91110000802100433B"];
const first17 = fc.array(fc.constantFrom(...USCC_ALPHABET), { minLength: 17, maxLength: 17 }).map((cs) => cs.join(""));

describe("unified social credit code", () => {
  it("accepts the public examples and computes their check characters", () => {
    for (const code of PUBLIC_EXAMPLES) {
      expect(parseUscc(code)).toBe(code);
      expect(usccCheckCharacter(code.slice(0, 17))).toBe(code[17]);
    }
  });

  it("normalises lower case", () => {
    expect(parseUscc("91330100716105852f")).toBe("91330100716105852F");
    expect(isUscc("91330100716105852f")).toBe(false);
  });

  it("says which check character was expected", () => {
    expect(usccProblem("91330100716105852A")).toEqual({ code: "uscc_check_char", actual: "A", expected: "F" });
    expect(() => parseUscc("91330100716105852A")).toThrow("check character is A, expected F");
  });

  it("reports length and the position of an illegal character", () => {
    expect(usccProblem("9133010071610585")).toEqual({ code: "uscc_length", length: 16 });
    expect(usccProblem("91330100716I05852F")).toEqual({ code: "uscc_illegal_char", position: 12, char: "I" });
    expect(usccProblem(" 1330100716105852F")).toMatchObject({ code: "uscc_illegal_char", position: 1 });
    const result = safeParseUscc("9133010071610585ZF");
    expect(result.success).toBe(false);
    if (!result.success) expect(result.issues[0]).toMatchObject({ code: "uscc_illegal_char", expected: "0-9 or A-H J-N P-R T-U W-Y" });
  });

  it("throws a ValidationError for a bad prefix", () => {
    expect(() => usccCheckCharacter("9133010071610585O")).toThrow(ValidationError);
  });

  it("property: a completed code is valid and round-trips", () => {
    fc.assert(
      fc.property(first17, (head) => {
        const code = completeUscc(head);
        expect(parseUscc(code)).toBe(code);
        expect(parseUscc(code.toLowerCase())).toBe(code);
      }),
    );
  });

  it("property: every single-character substitution is detected", () => {
    fc.assert(
      fc.property(first17, fc.integer({ min: 0, max: 17 }), fc.constantFrom(...USCC_ALPHABET), (head, pos, ch) => {
        const code = completeUscc(head);
        fc.pre(code[pos] !== ch);
        const altered = code.slice(0, pos) + ch + code.slice(pos + 1);
        expect(usccProblem(altered)?.code).toBe("uscc_check_char");
      }),
    );
  });

  it("property: any string that is not 18 alphabet characters is rejected", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const ok = s.length === 18 && [...s.toUpperCase()].every((c) => USCC_ALPHABET.includes(c));
        if (!ok) expect(safeParseUscc(s).success).toBe(false);
      }),
    );
  });
});
