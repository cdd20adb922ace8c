/**
 * Public, reproducible randomness: draw k of a cell is the SHA-256 of `seed`, the cell key and a
 * counter (`"<seed>\n<cell>\n<counter>"`, UTF-8), read as a 53-bit integer (its first 53 bits), and
 * reduced to `[0, m)` by rejection — values at or above the largest multiple of m below 2^53 are
 * discarded and the counter moves on — so there is no modulo bias. This is the construction of
 * the SHA-256 samplers used in election risk-limiting audits; anyone can recompute it from the
 * published seed.
 * @module
 */
import { hash } from "node:crypto";

const TWO_53 = 2 ** 53;

/**
 * A stream of uniform integers for one cell.
 * @category Draws
 */
export interface HashStream {
  /** A uniform integer in `[0, m)`; `m` must be a positive integer below 2^53. */
  below(m: number): number;
  /** How many hashes were computed so far (the next counter value). */
  readonly counter: number;
}

/**
 * Opens the stream of a seed and cell.
 *
 * @param seed - The published seed.
 * @param cell - The cell key.
 * @returns The stream, its counter starting at 0.
 * @example
 * hashStream("20261123", "all/C").below(10) //=> 7 (the same on every machine)
 * @category Draws
 */
export function hashStream(seed: string, cell: string): HashStream {
  const prefix = `${seed}\n${cell}\n`;
  let counter = 0;
  return {
    get counter() {
      return counter;
    },
    below(m) {
      if (!Number.isInteger(m) || m <= 0 || m >= TWO_53) throw new RangeError(`below(${m}): expected a positive integer below 2^53`);
      const limit = TWO_53 - (TWO_53 % m);
      for (;;) {
        // Hex output is much faster to get from node:crypto than a Buffer: 13 hex digits are 52 bits, the 14th adds the 53rd.
        const digest = hash("sha256", `${prefix}${counter}`, "hex");
        counter++;
        const x = Number.parseInt(digest.slice(0, 13), 16) * 2 + (Number.parseInt(digest.charAt(13), 16) >> 3);
        if (x < limit) return x % m;
      }
    },
  };
}
