/**
 * Early warning: the national rule set in batch for the last month (indicators computed inside,
 * as `creditclass warn` does), and streaming: every enterprise registered, every event of the
 * province pushed in recording order through the streaming engine — throughput and per-event
 * latency (p50 / p99) — then the month-end rules of the last month and a snapshot of the state.
 * Opens the database bench-ingest left (run.ts runs it before bench-indicators removes it).
 * @module
 */
import { formatDayNumber, parsePeriod } from "@creditclass/core";
import { computeIndicators, DETAIL_CODES, EVENT_KINDS, loadProvinceColumns, openDatabase } from "@creditclass/ingest";
import type { StreamEvent } from "@creditclass/warning";
import { createStreamingEngine, evaluateMonth, NATIONAL_RULES } from "@creditclass/warning";
import { benchDatabase, report, sizeArg, timed } from "./common.js";

const size = sizeArg();
const db = await openDatabase(benchDatabase(size));
const province = await loadProvinceColumns(db);
db.close();
const period = parsePeriod("2026-10");

const batch = await timed(() => evaluateMonth(province, period, NATIONAL_RULES));
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

// The stream: every event as the object a message queue would deliver, in recording order (built untimed).
const ev = province.events;
const reg = province.register;
const order = Int32Array.from({ length: ev.count }, (_, j) => j).sort((a, b) => (ev.recorded[a] as number) - (ev.recorded[b] as number) || a - b);
const events: StreamEvent[] = Array.from(order, (j) => ({
  kind: EVENT_KINDS[ev.kind[j] as number] as string,
  uscc: reg.uscc[ev.ent[j] as number] as string,
  date: formatDayNumber(ev.day[j] as number),
  recorded: formatDayNumber(ev.recorded[j] as number),
  ...(ev.detail[j] === 255 ? {} : { detail: DETAIL_CODES[ev.detail[j] as number] as string }),
}));
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
const latency = new Float64Array(events.length);
let alerts = 0;
const started = performance.now();
for (let k = 0; k < events.length; k++) {
  const t = performance.now();
  alerts += engine.push(events[k] as StreamEvent).length;
  latency[k] = performance.now() - t;
}
const seconds = (performance.now() - started) / 1000;
latency.sort();
const pct = (q: number): number => (latency[Math.min(latency.length - 1, Math.floor(q * latency.length))] as number) * 1000;
report({
  name: "warning: streaming, national rules, every event in recording order",
  units: events.length,
  unit: "events",
  seconds,
  target: "≥ 200,000 events/s, p99 ≤ 1 ms",
  note: `p50 ${pct(0.5).toFixed(1)} µs, p99 ${pct(0.99).toFixed(1)} µs, max ${pct(1).toFixed(0)} µs; ${alerts} alerts; state ${engine.stateSize()} entries; timing per event included`,
});

const indicators = computeIndicators(province, period);
const monthEnd = await timed(() => engine.endOfMonth(period, { indicators }));
const snapshot = await timed(() => engine.snapshot());
report({
  name: "warning: streaming, month-end rules of the last month",
  units: reg.count,
  unit: "enterprises",
  seconds: monthEnd.seconds,
  target: "—",
  note: `${monthEnd.value.length} alerts (address groups and overdue annual reports; no classes given); registering ${reg.count} enterprises took ${registration.seconds.toFixed(1)} s; snapshot ${(snapshot.value.length / 2 ** 20).toFixed(0)} MiB of JSON in ${snapshot.seconds.toFixed(1)} s`,
});
