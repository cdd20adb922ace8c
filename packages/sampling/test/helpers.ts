import { completeUscc } from "@creditclass/core";
import type { PopulationRow } from "../src/index.js";

export function code(n: number): string {
  return completeUscc(`91330106${String(n).padStart(9, "0")}`);
}

/** `counts` enterprises of each class A, B, C, D, in regions 330106 / 330205 alternately. */
export function rows(counts: [number, number, number, number], extra: (i: number) => Partial<PopulationRow> = () => ({})): PopulationRow[] {
  const out: PopulationRow[] = [];
  let i = 0;
  counts.forEach((count, k) => {
    for (let j = 0; j < count; j++, i++)
      out.push({ uscc: code(i), class: "ABCD"[k] ?? "A", region: i % 2 === 0 ? "330106" : "330205", industry: i % 3 === 0 ? "F5211" : "H6210", ...extra(i) });
  });
  return out;
}

export const baseTask = {
  kind: "creditclass.inspection-task",
  version: 1,
  id: "2026-11-general",
  name: { zh: "2026年11月双随机抽查", en: "November 2026 random inspections" },
  period: "2026-11",
  ratios: { A: 0.05, B: 0.1, C: 0.3, D: 1 },
} as const;
