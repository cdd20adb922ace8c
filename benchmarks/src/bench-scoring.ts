/**
 * Scoring: scores, classes (thresholds) and the top-3 reasons for a prepared frame of N and
 * 10 × N enterprises × 32 indicators (N = the size, at most 1M; no I/O; columns in shared memory), with the
 * default general scorecard cut to 32 indicators, on one thread and on two; beside it, in the same
 * run on the same columns, numpy scoring the same scorecard without reasons (`searchsorted` or
 * `interp` per column, column-major; the columns are written to `benchmarks/data/<size>/reference/`),
 * and the same scorecard over an array of row objects.
 * @module
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRandom, IndicatorFrame, seedWords } from "@creditclass/core";
import type { ModelSet, ScorecardInput } from "@creditclass/scoring";
import { classifyFrame, DEFAULT_MODEL_DOCUMENT, parseModel } from "@creditclass/scoring";
import { report, scaled, sizeArg, timedMedian } from "./common.js";
import { numpyScorecard } from "./numpy-scorecard.js";
import { pythonReference, referenceFolder, writeColumnMajor } from "./python-reference.js";

const size = sizeArg();
// N and 10 × N, at most 1M and 10M (10M × 32 columns is 2.4 GiB; row objects for 1M take 6.7 GiB).
const base = scaled(size, 1, 1_000_000);
const large = scaled(size, 10, 10_000_000);
const general = (DEFAULT_MODEL_DOCUMENT as { models: ScorecardInput[] }).models[1] as ScorecardInput;
// 32 of the 37 indicators: leave out five small-weight ones, and let the weights renormalise.
const dropped = new Set(["pledges_12m", "name_changes_24m", "capital_changes_12m", "inspections_24m", "penalty_amount_log_36m"]);
const families = Object.fromEntries(
  Object.entries(general.families).map(([f, spec]) => [
    f,
    spec === undefined ? undefined : { ...spec, indicators: spec.indicators.filter((i) => !dropped.has(i.indicator)) },
  ]),
);
const model: ModelSet = parseModel({ ...general, families, normalise: true, overrides: [] });
const names = Object.values(model.models[0]?.kind === "creditclass.scorecard" ? model.models[0].families : {}).flatMap(
  (f) => f?.indicators.map((i) => i.indicator) ?? [],
);
if (names.length !== 32) throw new Error(`expected 32 indicators, got ${names.length}`);

/** Indicator-like values: mostly zero counts, some larger, a few missing; shares in [0, 1]; ages in months. In shared memory, so scoring may use both cores. */
function frameOf(n: number): IndicatorFrame {
  const random = createRandom(seedWords(`bench-scoring-${n}`), 0);
  const columns: Record<string, Float64Array> = {};
  for (const name of names) {
    const x = new Float64Array(new SharedArrayBuffer(8 * n));
    const share = name.includes("share") || name.includes("rate");
    const age = name.startsWith("age") || name.startsWith("months_since");
    for (let i = 0; i < n; i++) {
      const u = random.next();
      x[i] = u < 0.01 ? Number.NaN : share ? u * u : age ? Math.floor(u * 120) : u < 0.7 ? 0 : Math.floor(-Math.log(1 - u) * 1.5);
    }
    columns[name] = x;
  }
  const ids = Array.from({ length: n }, (_, i) => `E${i}`);
  return IndicatorFrame.fromColumns({ ids, columns });
}

const scorecard = model.models[0];
if (scorecard?.kind !== "creditclass.scorecard") throw new Error("no scorecard");
for (const n of [base, large]) {
  const frame = frameOf(n);
  const label = `${(n / 1e6).toFixed(n < 1e6 ? 2 : 0)}M × 32`;
  const seconds: number[] = [];
  let ours = { sum: 0, counts: [0, 0, 0, 0] };
  for (const threads of [1, 2]) {
    const result = await timedMedian(3, () => classifyFrame(model, frame, { reasonCount: 3, threads }));
    const counts = [0, 0, 0, 0];
    for (const k of result.value.riskClass) counts[k] = (counts[k] ?? 0) + 1;
    ours = { sum: result.value.scores.score.reduce((s, v) => s + v, 0), counts };
    seconds.push(result.seconds);
    report({
      name: `scoring: score + classes + top-3 reasons (${label}, ${threads} thread${threads > 1 ? "s" : ""})`,
      units: n,
      unit: "enterprises",
      seconds: result.seconds,
      ...(threads === 2 ? { target: `≤ 0.6× numpy's time without reasons (same run)${n === 10_000_000 ? "; 10M in ≤ 4 s" : ""}` } : {}),
      note: `classes ${counts.map((c) => ((100 * c) / n).toFixed(1)).join(" / ")} %; runs ${result.all.map((s) => s.toFixed(2)).join(" / ")} s`,
    });
  }
  // numpy on the same columns, scoring the same scorecard without reasons; its scores must agree with ours.
  const folder = referenceFolder(size, `score-${n}`);
  const spec = numpyScorecard(scorecard, n);
  writeColumnMajor(
    folder,
    spec.names.map((name) => frame.column(name)),
  );
  writeFileSync(join(folder, "spec.json"), JSON.stringify(spec));
  const numpy = pythonReference<{ scoreSum: number; classCounts: number[] }>("score", folder, 3);
  if (numpy.ran) {
    const { value } = numpy;
    const agree = Math.abs(value.scoreSum - ours.sum) <= 1e-9 * Math.abs(ours.sum) && value.classCounts.every((c, k) => c === ours.counts[k]);
    if (!agree)
      throw new Error(`numpy scores differently: score sum ${value.scoreSum} against ${ours.sum}, classes ${value.classCounts} against ${ours.counts}`);
    report({
      name: `scoring reference: ${value.tool}, no reasons (${label})`,
      units: n,
      unit: "enterprises",
      seconds: value.seconds,
      baselineOf: `scoring: score + classes + top-3 reasons (${label}, 2 threads)`,
      timeRatio: true,
      note: `same score sum and classes as ours; ours on 1 thread ${((seconds[0] ?? 0) / value.seconds).toFixed(2)}× its time; runs ${value.runs.map((s) => s.toFixed(2)).join(" / ")} s; Python peak ${value.peakGiB.toFixed(2)} GiB`,
    });
  }
}

// The same scorecard over row objects: the shape danfojs `toJSON()` or an ORM hands over.
const n = base;
const frame = frameOf(n);
const rows = frame.toObjects();
const card = scorecard;
const terms = Object.values(card.families).flatMap((f) =>
  (f?.indicators ?? []).map((i) => ({ name: i.indicator, weight: (f?.weight ?? 0) * i.weight, transform: i.transform, missing: i.missing })),
);
const familyTotal = Object.values(card.families).reduce((s, f) => s + (f?.weight ?? 0), 0);
const naive = await timedMedian(1, () =>
  rows.map((row) => {
    const parts = terms.map((t) => {
      const v = row[t.name];
      let points = 50;
      if (typeof v === "number") {
        if (t.transform.kind === "bins") points = t.transform.bins.find((b) => b.max === undefined || v < b.max || (v === b.max && b.maxClosed))?.points ?? 0;
        else if (t.transform.kind === "piecewise") {
          const k = t.transform.knots;
          const j = k.findIndex(([x]) => v <= x);
          points =
            j <= 0
              ? (k[j < 0 ? k.length - 1 : 0]?.[1] ?? 0)
              : (k[j - 1]?.[1] ?? 0) + ((v - (k[j - 1]?.[0] ?? 0)) / ((k[j]?.[0] ?? 1) - (k[j - 1]?.[0] ?? 0))) * ((k[j]?.[1] ?? 0) - (k[j - 1]?.[1] ?? 0));
        }
      }
      return { name: t.name, points: (t.weight / familyTotal) * points, lost: (t.weight / familyTotal) * (100 - points) };
    });
    const score = parts.reduce((s, p) => s + p.points, 0);
    const reasons = [...parts].sort((a, b) => b.lost - a.lost).slice(0, 3);
    return { uscc: row.uscc, score, class: score >= 88 ? "A" : score >= 79 ? "B" : score >= 70 ? "C" : "D", reasons };
  }),
);
report({
  name: `scoring: naive row objects (${(n / 1e6).toFixed(n < 1e6 ? 2 : 0)}M × 32)`,
  units: n,
  unit: "enterprises",
  seconds: naive.seconds,
  baselineOf: `scoring: score + classes + top-3 reasons (${(n / 1e6).toFixed(n < 1e6 ? 2 : 0)}M × 32, 1 thread)`,
  note: "objects from frame.toObjects(), per-row arrays and sort for reasons (object creation not timed)",
});
