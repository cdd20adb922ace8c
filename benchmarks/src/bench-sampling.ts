/**
 * Sampling: a plan for 10 × the size's enterprises, at most 10M (10M for --size 1m and 10m), across 100 strata
 * (counties) with 5,000 inspectors: plan, draw with audit, and inspector teams. The population
 * is built directly as columns (codes ascending, as a register read by code, both as strings and as
 * a fixed-width byte column in shared memory, so the manifest is hashed on the second core);
 * building it is not timed. Baseline: the same plan and draw done naively on row objects (one object per
 * enterprise, grouped into a Map of arrays per cell, each cell fully shuffled with one SHA-256 per
 * position, the manifest as one JSON line per row), without inspector teams.
 * @module
 */
import { createHash } from "node:crypto";
import { completeUscc, createRandom, RISK_CLASSES, seedWords } from "@creditclass/core";
import type { Inspector, SamplingPopulation } from "@creditclass/sampling";
import { assignInspectors, drawInspections, NEVER_INSPECTED, parseTask, planInspections } from "@creditclass/sampling";
import { report, scaled, sizeArg, timed, timedMedian } from "./common.js";

// Ten times the size's enterprises, at most 10M: 10M for --size 1m and 10m (the target), 1M for 100k.
const N = Number(process.env.SAMPLING_N ?? scaled(sizeArg(), 10, 10_000_000));
const COUNTIES = 100;
const random = createRandom(seedWords("bench-sampling"), 0);
const regions = Array.from({ length: COUNTIES }, (_, k) => `33${String(1 + Math.floor(k / 10)).padStart(2, "0")}${String(1 + (k % 10)).padStart(2, "0")}`);
// Codes as flat strings, as read from a file or database (a concatenated string would be flattened on first comparison).
const codes = Buffer.from(Array.from({ length: N }, (_, i) => completeUscc(`9133010${String(i).padStart(10, "0")}`)).join(""), "latin1");
const uscc = Array.from({ length: N }, (_, i) => codes.toString("latin1", i * 18, i * 18 + 18));
const riskClass = new Uint8Array(N);
const region = new Int32Array(N);
for (let i = 0; i < N; i++) {
  const r = random.next();
  riskClass[i] = r < 0.65 ? 0 : r < 0.9 ? 1 : r < 0.98 ? 2 : 3;
  region[i] = random.int(COUNTIES);
}
const codeBytes = new Uint8Array(new SharedArrayBuffer(codes.length));
codeBytes.set(codes);
const population: SamplingPopulation = {
  count: N,
  uscc,
  codeBytes,
  riskClass,
  region,
  regions,
  industry: new Int32Array(N),
  industries: ["F5211"],
  entityType: new Int32Array(N),
  entityTypes: ["company"],
  tags: new Map(),
  lastInspected: new Int32Array(N).fill(NEVER_INSPECTED),
  inactive: new Uint8Array(N),
};
const inspectors: Inspector[] = Array.from({ length: 5000 }, (_, k) => ({ id: `I${k}`, unit: `U${k % 200}`, regions: [regions[k % COUNTIES] ?? ""] }));
const task = parseTask({
  kind: "creditclass.inspection-task",
  version: 1,
  id: "bench",
  name: { zh: "基准", en: "bench" },
  period: "2026-11",
  ratios: { A: 0.01, B: 0.03, C: 0.1, D: 0.3 },
  stratify: { region: "county", industry: "none" },
});

const {
  value: result,
  seconds,
  all,
} = await timedMedian(3, () => {
  const plan = planInspections(population, task);
  const draw = drawInspections(population, plan, "2026-11-23/bench");
  const teams = assignInspectors(population, draw.selected, inspectors, "2026-11-23/bench", { maxPerInspector: 150 });
  return { plan, draw, teams };
});
report({
  name: "sampling: plan + draw + audit + inspector teams",
  units: N,
  unit: "enterprises",
  seconds,
  target: "≤ 3 s for 10M enterprises, 100 strata, 5,000 inspectors",
  note: `median of 3 (${all.map((r) => r.toFixed(2)).join(" / ")} s); ${result.plan.cells.length} cells, ${result.draw.selected.length} inspections, max load ${Math.max(...result.teams.loads)}`,
});

// Naive: row objects, a Map of arrays per cell, a full shuffle with one SHA-256 per position.
const rows = Array.from({ length: N }, (_, i) => ({
  uscc: uscc[i] ?? "",
  riskClass: RISK_CLASSES[riskClass[i] ?? 0] ?? "A",
  region: regions[region[i] ?? 0] ?? "",
}));
const ratio: Record<string, number> = { A: 0.01, B: 0.03, C: 0.1, D: 0.3 };
const { value: naiveCount, seconds: naiveSeconds } = await timed(() => {
  const cells = new Map<string, (typeof rows)[number][]>();
  const manifest = createHash("sha256");
  for (const row of [...rows].sort((a, b) => (a.uscc < b.uscc ? -1 : 1))) {
    const key = `${row.region}/${row.riskClass}`;
    manifest.update(`${JSON.stringify(row)}\n`);
    const list = cells.get(key) ?? [];
    list.push(row);
    cells.set(key, list);
  }
  let drawn = 0;
  for (const [key, members] of [...cells.entries()].sort()) {
    const list = [...members];
    for (let i = list.length - 1; i > 0; i--) {
      const j = Number.parseInt(createHash("sha256").update(`bench\n${key}\n${i}`).digest("hex").slice(0, 13), 16) % (i + 1);
      [list[i], list[j]] = [list[j] as (typeof rows)[number], list[i] as (typeof rows)[number]];
    }
    drawn += Math.round(list.length * (ratio[key.slice(-1)] ?? 0));
  }
  manifest.digest("hex");
  return drawn;
});
report({
  name: "sampling: naive row objects (plan + draw, no teams)",
  units: N,
  unit: "enterprises",
  seconds: naiveSeconds,
  baselineOf: "sampling: plan + draw + audit + inspector teams",
  note: `${naiveCount} inspections`,
});
