/**
 * Early warning: the national rule set in batch for the last month (indicators computed inside,
 * as `creditclass warn` does), and streaming: every enterprise registered, every event of the
 * province pushed in recording order through the streaming engine — throughput and per-event
 * latency (p50 / p99) — then the month-end rules of the last month and a snapshot of the state.
 * Opens the database bench-ingest left (run.ts runs it before bench-indicators removes it).
 * @module
 */
import { DETAIL_CODES, EVENT_KINDS, formatDayNumber, parsePeriod } from "@creditclass/core";
import { computeIndicators } from "@creditclass/ingest";
import { loadProvinceColumns, openDatabase } from "@creditclass/store";
import type { StreamEvent } from "@creditclass/warning";
import { createStreamingEngine, evaluateMonth, NATIONAL_RULES } from "@creditclass/warning";
import { ingestedDatabase, report, sizeArg, timed } from "./common.js";

const size = sizeArg();
const db = await openDatabase(ingestedDatabase(size));
const province = await loadProvinceColumns(db);
db.close();
const period = parsePeriod("2026-10");

const batch = await timed(() => evaluateMonth(province, period, NATIONAL_RULES, { indicators: (m) => computeIndicators(province, m) }));
const byRule = new Map<string, number>();
for (const a of batch.value) byRule.set(a.ruleId, (byRule.get(a.ruleId) ?? 0) + 1);
report({
  name: "warning: batch, national rules, one month (indicators included)",
  units: province.register.count,
  unit: "enterprises",
  seconds: batch.seconds,
  target: "≤ 10 s for 1M enterprises",
  note: `${batch.value.length} alerts: ${[...byRule].map(([r, n]) => `${r} ${n}`).join(", ")}`,
});

// The stream: every event as the object a message queue would deliver, in recording order. The
// objects are built (untimed) a block at a time, as a queue delivers them: holding all of them
// at once would take ≈ 4 GiB per 9 M events, and keep the garbage collector busy.
const ev = province.events;
const reg = province.register;
const order = recordingOrder(ev.recorded);
const engine = createStreamingEngine(NATIONAL_RULES);
const registration = await timed(() => {
  for (let i = 0; i < reg.count; i++)
    engine.register({
      uscc: reg.uscc[i] as string,
      established: formatDayNumber(reg.established[i] as number),
      region: reg.regions[reg.region[i] as number] as string,
      address: String(reg.address[i]),
    });
});
const latency = new Float64Array(ev.count);
let alerts = 0;
let seconds = 0;
const BLOCK = 1 << 20;
for (let from = 0; from < ev.count; from += BLOCK) {
  const events: StreamEvent[] = Array.from(order.subarray(from, from + BLOCK), (j) => ({
    kind: EVENT_KINDS[ev.kind[j] as number] as string,
    uscc: reg.uscc[ev.ent[j] as number] as string,
    date: formatDayNumber(ev.day[j] as number),
    recorded: formatDayNumber(ev.recorded[j] as number),
    ...(ev.detail[j] === 255 ? {} : { detail: DETAIL_CODES[ev.detail[j] as number] as string }),
  }));
  const started = performance.now();
  for (let k = 0; k < events.length; k++) {
    const t = performance.now();
    alerts += engine.push(events[k] as StreamEvent).length;
    latency[from + k] = performance.now() - t;
  }
  seconds += (performance.now() - started) / 1000;
}
latency.sort();
const pct = (q: number): number => (latency[Math.min(latency.length - 1, Math.floor(q * latency.length))] as number) * 1000;
report({
  name: "warning: streaming, national rules, every event in recording order",
  units: ev.count,
  unit: "events",
  seconds,
  target: "≥ 200,000 events/s, p99 ≤ 1 ms",
  note: `p50 ${pct(0.5).toFixed(1)} µs, p99 ${pct(0.99).toFixed(1)} µs, max ${pct(1).toFixed(0)} µs; ${alerts} alerts; state ${engine.stateSize()} entries; timing per event included`,
});

const indicators = computeIndicators(province, period);
const monthEnd = await timed(() => engine.endOfMonth(period, { indicators }));
const snapshot = await timed(() => {
  let size = 0;
  let lines = 0;
  for (const line of engine.snapshot()) {
    size += line.length + 1;
    lines++;
  }
  return { size, lines };
});
report({
  name: "warning: streaming, month-end rules of the last month",
  units: reg.count,
  unit: "enterprises",
  seconds: monthEnd.seconds,
  target: "—",
  note: `${monthEnd.value.length} alerts (address groups and overdue annual reports; no classes given); registering ${reg.count} enterprises took ${registration.seconds.toFixed(1)} s; snapshot ${snapshot.value.lines.toLocaleString("en")} JSON lines, ${(snapshot.value.size / 2 ** 20).toFixed(0)} MiB, in ${snapshot.seconds.toFixed(1)} s`,
});

/** Event positions by recording day, ties by position: a stable counting sort (a comparison sort of 90 M positions takes minutes). */
function recordingOrder(recorded: Int32Array): Int32Array {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const d of recorded) {
    if (d < min) min = d;
    if (d > max) max = d;
  }
  const start = new Int32Array(max - min + 2);
  for (const d of recorded) start[d - min + 1] = (start[d - min + 1] as number) + 1;
  for (let k = 1; k < start.length; k++) start[k] = (start[k] as number) + (start[k - 1] as number);
  const order = new Int32Array(recorded.length);
  for (let j = 0; j < recorded.length; j++) {
    const k = (recorded[j] as number) - min;
    order[start[k] as number] = j;
    start[k] = (start[k] as number) + 1;
  }
  return order;
}
