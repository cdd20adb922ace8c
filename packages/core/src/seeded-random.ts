/**
 * A small seeded generator (sfc32, from PractRand) and a few distributions. Randomness in
 * creditclass is always injected and seeded: the generator seeds one stream per enterprise, the
 * inspector assignment one stream per draw, so the same seed gives the same output.
 * @module
 */
import { createHash } from "node:crypto";

/**
 * A seeded source of uniform numbers in [0, 1).
 * @category Random
 */
export interface Random {
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Poisson count with mean `lambda` (inversion; `lambda` is small here). */
  poisson(lambda: number): number;
  /** One of the items, by weight. */
  pick<T>(items: readonly T[], weights?: readonly number[]): T;
}

/**
 * Hashes a text seed to four 32-bit words.
 *
 * @param seed - Any text.
 * @returns The seed words.
 * @example
 * seedWords("42").length //=> 4
 * @category Random
 */
export function seedWords(seed: string): Uint32Array {
  const digest = createHash("sha256").update(seed).digest();
  return new Uint32Array([digest.readUInt32LE(0), digest.readUInt32LE(4), digest.readUInt32LE(8), digest.readUInt32LE(12)]);
}

/**
 * An sfc32 stream for one stream id (e.g. an enterprise's index) under a seed.
 *
 * @param words - From {@link seedWords}.
 * @param stream - Stream id.
 * @returns The generator.
 * @example
 * const r = createRandom(seedWords("1"), 7); r.next() === createRandom(seedWords("1"), 7).next() //=> true
 * @category Random
 */
export function createRandom(words: Uint32Array, stream: number): Random {
  let a = (words[0] ?? 0) ^ Math.imul(stream, 0x9e3779b9);
  let b = (words[1] ?? 0) ^ Math.imul(stream + 1, 0x85ebca6b);
  let c = (words[2] ?? 0) ^ Math.imul(stream + 2, 0xc2b2ae35);
  let d = (words[3] ?? 0) | 1;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  let spare: number | undefined;
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal() {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      const u = 1 - next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    poisson(lambda) {
      if (lambda <= 0) return 0;
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    pick<T>(items: readonly T[], weights?: readonly number[]): T {
      if (weights === undefined) return items[Math.floor(next() * items.length)] as T;
      let total = 0;
      for (const w of weights) total += w;
      let x = next() * total;
      for (let i = 0; i < items.length; i++) {
        x -= weights[i] ?? 0;
        if (x < 0) return items[i] as T;
      }
      return items[items.length - 1] as T;
    },
  };
}
