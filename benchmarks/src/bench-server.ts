/**
 * The service under load on loopback (bounded in requests and time): single-enterprise lookups
 * with a valid token (requests/s, p50/p99), a batch lookup of 1,000 codes, and lookups while a
 * month runs — beside a bare node:http server answering a fixed JSON, measured in the same run.
 * Targets (2 cores): ≥ 5,000 lookups/s with p99 ≤ 20 ms; a 1,000-code batch ≤ 50 ms.
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parsePeriod } from "@creditclass/core";
import { runMonth } from "@creditclass/pipeline";
import { columnsCachePath, createApiToken, openDatabase, sealMonth } from "@creditclass/store";
import autocannon from "autocannon";
import { ingestedDatabase, report, sizeArg, timed, workFile } from "./common.js";

const size = sizeArg();
const period = parsePeriod("2026-10");
const db = workFile(size, "server.duckdb");
const leftovers = [db, `${db}.wal`, columnsCachePath(db)];
for (const f of leftovers) rmSync(f, { force: true });
copyFileSync(ingestedDatabase(size), db);

// The month the server answers from, and what sealing it costs.
const store = await openDatabase(db);
const month = await timed(() => runMonth(store, period, { report: false }));
const seal = await timed(() => sealMonth(store, period));
const codes = (await store.all("SELECT uscc FROM classifications WHERE period = ? ORDER BY hash(uscc) LIMIT 100000", [period])).map((r) => String(r.uscc));
const province = String((await store.all("SELECT region FROM enterprises LIMIT 1"))[0]?.region ?? "33").slice(0, 2);
const { secret } = await createApiToken(store, { name: "bench", role: "admin", region: province });
const enterprises = month.value.months[0]?.run.enterprises ?? 0;
store.close();
report({ name: `runMonth + seals (${enterprises.toLocaleString("en")} enterprises)`, units: enterprises, unit: "enterprises", seconds: month.seconds });
report({
  name: "sealMonth alone (classes, alerts, plan)",
  units: enterprises,
  unit: "enterprises",
  seconds: seal.seconds,
  note: "every part; runMonth seals run + classes, alerts, plan + selections once each",
});

/** Starts a server child and waits for its URL. */
async function child(mode?: string): Promise<{ url: string; proc: ChildProcess; lines: AsyncIterator<string> }> {
  const proc = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "serve-child.ts"), db, ...(mode === undefined ? [] : [mode])], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  for (;;) {
    const { value, done } = await lines.next();
    if (done) throw new Error("the server exited before listening");
    if (value.startsWith("LISTENING ")) return { url: value.slice(10), proc, lines };
  }
}

/** Stops a child and reads its peak memory. */
async function stop(server: { proc: ChildProcess; lines: AsyncIterator<string> }): Promise<number> {
  server.proc.kill("SIGTERM");
  for (;;) {
    const { value, done } = await server.lines.next();
    if (done) return Number.NaN;
    if (value.startsWith("PEAK ")) return Number(value.slice(5));
  }
}

/** `amount` lookups of codes in random order (autocannon stops at the amount; it is also the bound in time at ≥ 1,000 requests/s). */
async function lookups(url: string, amount: number): Promise<autocannon.Result> {
  let k = 0;
  return autocannon({
    url,
    connections: 32,
    amount,
    headers: { authorization: `Bearer ${secret}` },
    requests: [{ setupRequest: (req) => ({ ...req, path: `/v1/enterprises/${codes[k++ % codes.length]}` }) }],
  });
}

/** The latency line of a load, after checking every request succeeded (a benchmark never reports timings of refusals). */
const line = (r: autocannon.Result): string => {
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`${r.non2xx} non-2xx answers and ${r.errors} errors under load`);
  return `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${(r.requests.total / r.duration).toFixed(0)} requests/s`;
};

// The reference: a bare node:http server, same load generator, same machine, same run.
const reference = await child("reference");
const ref = await lookups(reference.url, 100_000);
const refPeak = await stop(reference);
report({
  name: "reference: bare node:http, fixed JSON",
  units: ref.requests.total,
  unit: "requests",
  seconds: ref.duration,
  note: `${line(ref)}; peak ${refPeak.toFixed(2)} GiB`,
});

const server = await child();
try {
  await lookups(server.url, 5_000); // warm-up
  const hot = await lookups(server.url, 100_000);
  report({
    name: "GET /v1/enterprises/{uscc}, valid token",
    units: hot.requests.total,
    unit: "requests",
    seconds: hot.duration,
    target: "≥ 5,000 requests/s, p99 ≤ 20 ms",
    baselineOf: "reference: bare node:http, fixed JSON",
    note: line(hot),
  });

  // A batch of 1,000 codes, 20 times in a row after 3 to warm up: the median and the slowest.
  const batches: number[] = [];
  for (let i = -3; i < 20; i++) {
    const body = JSON.stringify({ codes: Array.from({ length: 1000 }, (_, j) => codes[((i + 3) * 1000 + j) % codes.length]) });
    const t0 = performance.now();
    const response = await fetch(`${server.url}/v1/enterprises/lookup`, {
      method: "POST",
      body,
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`batch lookup: HTTP ${response.status}`);
    if (i >= 0) batches.push(performance.now() - t0);
  }
  batches.sort((a, b) => a - b);
  report({
    name: "POST /v1/enterprises/lookup, 1,000 codes",
    units: 20_000,
    unit: "enterprises",
    seconds: batches.reduce((s, x) => s + x, 0) / 1000,
    target: "≤ 50 ms per batch",
    note: `median ${(batches[10] ?? 0).toFixed(1)} ms, slowest ${(batches[19] ?? 0).toFixed(1)} ms`,
  });

  // Lookups while the month runs again (readers see the previous results until it commits).
  const started = await fetch(`${server.url}/v1/months/${period}/run`, {
    method: "POST",
    body: "{}",
    headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
  });
  const job = (await started.json()) as { id: string };
  const during = await lookups(server.url, 100_000);
  const state = (await (await fetch(`${server.url}/v1/jobs/${job.id}`, { headers: { authorization: `Bearer ${secret}` } })).json()) as { state: string };
  const peak = await stop(server);
  report({
    name: "GET /v1/enterprises/{uscc} while a month runs",
    units: during.requests.total,
    unit: "requests",
    seconds: during.duration,
    note: `${line(during)}; the month was ${state.state} when the load ended; server peak ${peak.toFixed(2)} GiB`,
  });
} finally {
  // A failed step leaves no server behind.
  server.proc.kill("SIGKILL");
}
for (const f of leftovers) rmSync(f, { force: true });
