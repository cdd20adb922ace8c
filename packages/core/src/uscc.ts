/**
 * The unified social credit code (统一社会信用代码) of GB 32100-2015.
 * @module
 */
import type { Issue, SafeResult } from "./errors.js";
import { unwrap, ValidationError } from "./errors.js";

/** The 31 characters of the code, in value order (no I, O, Z, S, V). */
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/**
 * GB 32100-2015 §5: weights of positions 1–17 (3^(i-1) mod 31).
 *
 * @example
 * USCC_WEIGHTS[3] //=> 27
 * @category Codes
 */
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
/** Char code → value, -1 where the character is not in the alphabet. Lowercase maps too. */
const VALUE_OF = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) {
  const upper = ALPHABET.charCodeAt(i);
  VALUE_OF[upper] = i;
  if (upper >= 65) VALUE_OF[upper + 32] = i;
}

declare const usccBrand: unique symbol;
/** A validated, upper-case unified social credit code. */
export type Uscc = string & { readonly [usccBrand]: true };

/**
 * Why a string is not a unified social credit code. `position` is 1-based.
 * @category Codes
 */
export type UsccProblem =
  | { readonly code: "uscc_length"; readonly length: number }
  | { readonly code: "uscc_illegal_char"; readonly position: number; readonly char: string }
  | { readonly code: "uscc_check_char"; readonly actual: string; readonly expected: string };

/**
 * Computes the check character (position 18) from the first 17 characters.
 *
 * @param first17 - Positions 1–17, upper or lower case.
 * @returns The check character, `0`–`9` or a letter of the code's alphabet.
 * @throws {ValidationError} If the input is not 17 characters of the alphabet.
 * @example
 * usccCheckCharacter("91330100716105852") //=> "F"
 * @category Codes
 */
export function usccCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new ValidationError([toIssue(first17, { code: "uscc_length", length: first17.length })]);
  const sum = weightedSum(first17);
  if (sum < 0) {
    const position = -sum;
    throw new ValidationError([toIssue(first17, { code: "uscc_illegal_char", position, char: first17.charAt(position - 1) })]);
  }
  return checkCharFor(sum);
}

/**
 * Finds what is wrong with a candidate code, without allocating when it is valid.
 * Lowercase letters are accepted (they are normalised by {@link parseUscc}).
 *
 * @param input - The candidate code.
 * @returns `undefined` if valid, else the first problem: length, illegal character, or check character.
 * @example
 * usccProblem("91330100716105852F") //=> undefined
 * usccProblem("91330100716105852A") //=> { code: "uscc_check_char", actual: "A", expected: "F" }
 * @category Codes
 */
export function usccProblem(input: string): UsccProblem | undefined {
  if (input.length !== 18) return { code: "uscc_length", length: input.length };
  const sum = weightedSum(input);
  if (sum < 0) return { code: "uscc_illegal_char", position: -sum, char: input.charAt(-sum - 1) };
  const last = input.charCodeAt(17);
  const lastValue = last < 128 ? (VALUE_OF[last] ?? -1) : -1;
  if (lastValue < 0) return { code: "uscc_illegal_char", position: 18, char: input.charAt(17) };
  const expected = checkCharFor(sum);
  if (ALPHABET.charAt(lastValue) !== expected) return { code: "uscc_check_char", actual: input.charAt(17), expected };
  return undefined;
}

/**
 * Validates a code and returns it normalised to upper case, or the reason it is invalid.
 *
 * @param input - The candidate code.
 * @returns `{ success: true, data }` or `{ success: false, issues }` with one issue.
 * @example
 * safeParseUscc("91330100716105852f") //=> { success: true, data: "91330100716105852F" }
 * @category Codes
 */
export function safeParseUscc(input: string): SafeResult<Uscc> {
  const problem = usccProblem(input);
  if (problem !== undefined) return { success: false, issues: [toIssue(input, problem)] };
  return { success: true, data: input.toUpperCase() as Uscc };
}

/**
 * Validates a code and returns it normalised to upper case.
 *
 * @param input - The candidate code.
 * @returns The code as a {@link Uscc}.
 * @throws {ValidationError} With the exact reason: length, which character is illegal, or which check character was expected.
 * @example
 * parseUscc("914403001922038216") //=> "914403001922038216"
 * parseUscc("91440300192203821X") // throws: check character is X, expected 6
 * @category Codes
 */
export function parseUscc(input: string): Uscc {
  return unwrap(safeParseUscc(input));
}

/**
 * Type guard: is this a valid unified social credit code in upper case?
 *
 * @param input - Any value.
 * @returns `true` for a valid upper-case code.
 * @example
 * isUscc("91110000802100433B") //=> true
 * @category Codes
 */
export function isUscc(input: unknown): input is Uscc {
  return typeof input === "string" && usccProblem(input) === undefined && input === input.toUpperCase();
}

/**
 * Turns a {@link UsccProblem} into an {@link Issue} with a precise message.
 *
 * @param value - The rejected input.
 * @param problem - What {@link usccProblem} found.
 * @returns The issue, without a location (the caller adds file, line and field).
 * @example
 * usccIssue("123", { code: "uscc_length", length: 3 }).message //=> "has 3 characters, expected 18"
 * @category Codes
 */
export function usccIssue(value: string, problem: UsccProblem): Issue {
  return toIssue(value, problem);
}

/**
 * Builds a valid code from 17 characters by appending the check character; used by generators and tests.
 *
 * @param first17 - Positions 1–17.
 * @returns The 18-character code.
 * @example
 * completeUscc("91330100716105852") //=> "91330100716105852F"
 * @category Codes
 */
export function completeUscc(first17: string): Uscc {
  return (first17.toUpperCase() + usccCheckCharacter(first17)) as Uscc;
}

/** The alphabet of the code, exported for generators: `0-9 A-H J-N P-R T-U W-Y`. */
export const USCC_ALPHABET = ALPHABET;

function toIssue(value: string, problem: UsccProblem): Issue {
  switch (problem.code) {
    case "uscc_length":
      return { code: problem.code, value, expected: "18 characters", message: `has ${problem.length} characters, expected 18` };
    case "uscc_illegal_char":
      return {
        code: problem.code,
        value,
        expected: "0-9 or A-H J-N P-R T-U W-Y",
        message: `character ${JSON.stringify(problem.char)} at position ${problem.position} is not allowed (no I, O, Z, S, V)`,
      };
    case "uscc_check_char":
      return {
        code: problem.code,
        value,
        expected: `check character ${problem.expected}`,
        message: `check character is ${problem.actual}, expected ${problem.expected}`,
      };
  }
}

/** Weighted sum of positions 1–17, or `-position` of the first illegal character. */
function weightedSum(code: string): number {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = code.charCodeAt(i);
    const v = c < 128 ? (VALUE_OF[c] ?? -1) : -1;
    if (v < 0) return -(i + 1);
    sum += v * (USCC_WEIGHTS[i] ?? 0);
  }
  return sum;
}

function checkCharFor(sum: number): string {
  const check = 31 - (sum % 31);
  return ALPHABET.charAt(check === 31 ? 0 : check);
}
