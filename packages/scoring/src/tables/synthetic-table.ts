/**
 * A labelled table whose true relation is known, the kind bureaus export from their warehouses:
 * heavy-tailed ratios with extreme outliers whose risk rises with their logarithm and whose
 * missing values are themselves risky, capped counts, near-duplicate copies of the ratios,
 * pure noise, a categorical sector and a month; with `defects`, also the columns that break naive
 * trainers (constant, empty, duplicated, rescaled, collinear, 1e9 outliers, 40 % missing). For
 * tests, benchmarks and the examples.
 * @module
 */
import { createRandom, seedWords } from "@creditclass/core";

/**
 * Options of {@link syntheticTable}.
 * @category Tables
 */
export interface SyntheticTableOptions {
  readonly rows: number;
  /** Candidate indicator columns besides the sector (default 16; a multiple of 4 is tidy). */
  readonly columns?: number;
  readonly seed?: string;
  /** Months the rows are spread over (default 12, ending 2026-10). */
  readonly months?: number;
  /**
   * Append the defects of real warehouse exports (default false): `constant_one` (always 1),
   * `empty_ratio` (always missing), `ratio_0_dup` (an exact copy of `ratio_0`), `ratio_0_pct`
   * (`ratio_0` × 100), `share_a`, `share_b` (bounded shares) and `share_ab` (= a + b, collinear), `outlier_ratio`
   * (risky, 40 % missing, 1 % of values ±1e9) and `spike_count` (0 in 99.5 % of rows, else 1e9).
   * They come from their own random stream, so the other columns and the labels are the same as
   * without them.
   */
  readonly defects?: boolean;
}

/**
 * A synthetic table as text cells.
 * @category Tables
 */
export interface SyntheticTable {
  /** `id`, `adverse`, `month`, `sector`, then `ratio_0`, `count_1`, `ratio_0_copy`, `noise_3`, … */
  readonly header: readonly string[];
  readonly cells: readonly (readonly string[])[];
  /** The true log-odds of each row. */
  readonly logit: Float64Array;
  /** The table as CSV text. */
  csv(): string;
}

const SECTORS = ["A", "C", "E", "F", "G", "I"] as const;
const SECTOR_EFFECT = [-0.4, 0, 0.2, 0.5, 0.1, 0.8];

const DEFECT_COLUMNS = ["constant_one", "empty_ratio", "ratio_0_dup", "ratio_0_pct", "share_a", "share_b", "share_ab", "outlier_ratio", "spike_count"];

/** The defect cells of one row (see {@link SyntheticTableOptions.defects}); they lean on the row's outcome, so some are informative. */
function defectCells(next: () => number, ratio0: string, adverse: boolean): string[] {
  const shift = adverse ? 0.8 : 0;
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  // Shares in [0, 1.4], higher for adverse rows: bounded, so their sum stays collinear with them once winsorised.
  const a = Number((next() + shift / 2).toFixed(4));
  const b = Number((next() + shift / 4).toFixed(4));
  const outlier = next() < 0.4 ? "" : next() < 0.01 ? (next() < 0.5 ? "1e9" : "-1e9") : Math.exp(normal() + shift).toPrecision(5);
  return [
    "1",
    "",
    ratio0,
    ratio0 === "" ? "" : (Number(ratio0) * 100).toPrecision(8),
    a.toFixed(4),
    b.toFixed(4),
    (a + b).toFixed(4),
    outlier,
    next() < 0.995 ? "0" : "1e9",
  ];
}

/**
 * Generates the table.
 *
 * @param options - Rows, columns, seed, months.
 * @returns Header, cells, true log-odds, CSV.
 * @example
 * const t = syntheticTable({ rows: 20_000, seed: "7" });
 * t.header.slice(0, 6) //=> ["id", "adverse", "month", "sector", "ratio_0", "count_1"]
 * @category Tables
 */
export function syntheticTable(options: SyntheticTableOptions): SyntheticTable {
  const columns = options.columns ?? 16;
  const months = options.months ?? 12;
  const random = createRandom(seedWords(options.seed ?? "synthetic"), 0);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  const names = Array.from({ length: columns }, (_, j) => {
    const kind = j % 4;
    return kind === 0 ? `ratio_${j}` : kind === 1 ? `count_${j}` : kind === 2 ? `ratio_${j - 2}_copy` : `noise_${j}`;
  });
  const defects = options.defects === true ? DEFECT_COLUMNS : [];
  const other = createRandom(seedWords(options.seed ?? "synthetic"), 1);
  const header = ["id", "adverse", "month", "sector", ...names, ...defects];
  const cells: string[][] = [];
  const logit = new Float64Array(options.rows);
  for (let r = 0; r < options.rows; r++) {
    const sector = Math.floor(random.next() * SECTORS.length);
    let z = -3.2 + (SECTOR_EFFECT[sector] as number);
    const row: string[] = [];
    let lastRatio = "";
    for (let j = 0; j < columns; j++) {
      const beta = 0.9 / (1 + j / 8);
      const kind = j % 4;
      if (kind === 0) {
        if (random.next() < 0.1) {
          z += 0.7 * beta;
          lastRatio = "";
        } else {
          const log = 1.2 * normal();
          z += beta * log;
          // 1 % extreme outliers, far beyond the range the effect saturates in.
          const value = Math.exp(log) * (random.next() < 0.01 ? 1e5 : 1);
          lastRatio = value.toPrecision(6);
        }
        row.push(lastRatio);
      } else if (kind === 1) {
        // Poisson(1.5): exponential gaps until they pass 1.5.
        let k = 0;
        let t = -Math.log(1 - random.next());
        while (t < 1.5) {
          k++;
          t -= Math.log(1 - random.next());
        }
        z += 0.35 * beta * Math.min(k, 4);
        row.push(String(k));
      } else if (kind === 2) row.push(lastRatio === "" ? (random.next() < 0.5 ? "NA" : "") : (Number(lastRatio) * (1 + 0.02 * normal())).toPrecision(6));
      else row.push(random.next() < 0.005 ? String(1e6 * normal()) : normal().toFixed(4));
    }
    logit[r] = z;
    const adverse = random.next() < 1 / (1 + Math.exp(-z)) ? "1" : "0";
    if (defects.length > 0) row.push(...defectCells(other.next.bind(other), row[0] as string, adverse === "1"));
    const m = months - 1 - (r % months);
    const month = 2026 * 12 + 9 - m;
    cells.push([
      `E${String(r + 1).padStart(7, "0")}`,
      adverse,
      `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, "0")}`,
      SECTORS[sector] as string,
      ...row,
    ]);
  }
  return {
    header,
    cells,
    logit,
    csv: () => `${[header, ...cells].map((c) => c.join(",")).join("\n")}\n`,
  };
}
