import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parsePeriod } from "@creditclass/core";
import { generateProvince } from "@creditclass/generator";
import { ingestDirectory } from "@creditclass/ingest";
import { runMonths } from "@creditclass/pipeline";
import type { RunningService } from "@creditclass/server";
import { parseServerConfig, startService } from "@creditclass/server";
import { createApiToken, openDatabase, revokeApiToken, verifyHistory } from "@creditclass/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const CLI = join(import.meta.dirname, "../../cli/bin/creditclass.js");

describe("creditclass serve over real HTTP on loopback", () => {
  let dir: string;
  let dbPath: string;
  let service: RunningService;
  const secrets: Record<string, string> = {};
  let revokedSecret = "";
  /** Two counties with many enterprises, and the classes stored for the last month. */
  let countyA = "";
  let countyB = "";
  let stored: Map<string, { cls: string; score: number; region: string }>;

  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field by the assertions.
  const get = async (path: string, who?: string, init: RequestInit = {}): Promise<{ status: number; body: any; headers: Headers }> => {
    const headers = new Headers(init.headers);
    if (who !== undefined) headers.set("authorization", `Bearer ${secrets[who] ?? who}`);
    const response = await fetch(`${service.url}${path}`, { ...init, headers });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    return { status: response.status, body, headers: response.headers };
  };
  const post = (path: string, who: string, body: unknown, type = "application/json") =>
    get(path, who, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": type } });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "cc-serve-"));
    await generateProvince(join(dir, "data"), { enterprises: 1500, seed: "serve", end: parsePeriod("2026-10"), months: 30 });
    dbPath = join(dir, "province.duckdb");
    const db = await openDatabase(dbPath);
    await ingestDirectory(join(dir, "data"), db);
    await runMonths(db, parsePeriod("2026-09"), parsePeriod("2026-10"), { seed: "serve", report: false });
    const counties = await db.all(
      "SELECT e.region, count(*) AS n FROM classifications c JOIN enterprises e USING (uscc) WHERE c.period = '2026-10' GROUP BY 1 ORDER BY n DESC, 1 LIMIT 2",
    );
    countyA = String(counties[0]?.region);
    countyB = String(counties[1]?.region);
    const rows = await db.all("SELECT c.uscc, c.class, c.score, e.region FROM classifications c JOIN enterprises e USING (uscc) WHERE c.period = '2026-10'");
    stored = new Map(rows.map((r) => [String(r.uscc), { cls: String(r.class), score: Number(r.score), region: String(r.region) }]));
    const province = countyA.slice(0, 2);
    for (const [who, role, region] of [
      ["admin", "admin", province],
      ["analystA", "analyst", countyA],
      ["inspectorB", "inspector", countyB],
      ["auditor", "auditor", province],
      ["analystProvince", "analyst", province],
    ] as const)
      secrets[who] = (await createApiToken(db, { name: who, role, region })).secret;
    const revoked = await createApiToken(db, { name: "old", role: "analyst", region: province });
    await revokeApiToken(db, revoked.token.id);
    revokedSecret = revoked.secret;
    db.close();
    service = await startService({ db: dbPath, port: 0, config: parseServerConfig({ limits: { batchCodes: 50 }, accessLogFlushMs: 20 }) });
  }, 240_000);
  afterAll(async () => {
    await service?.close();
  });

  const inCounty = (county: string): string[] => [...stored].filter(([, v]) => v.region === county).map(([k]) => k);

  it("answers health without a token and nothing else: 401 without, with an unknown or a revoked token", async () => {
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await get("/health")).toMatchObject({ status: 200, body: { status: "ok" } });
    for (const path of ["/v1/version", "/openapi.json", "/docs", `/v1/enterprises/${inCounty(countyA)[0]}`, "/v1/nowhere"]) {
      const none = await get(path);
      expect(none.status).toBe(401);
      expect(none.body.issues[0]).toMatchObject({ code: "unauthorized", message: { zh: expect.any(String), en: expect.stringMatching(/token/) } });
    }
    expect((await get("/v1/version", "cc_not-a-token")).status).toBe(401);
    expect((await get("/v1/version", revokedSecret)).status).toBe(401);
    const version = await get("/v1/version", "analystA");
    expect(version.body).toMatchObject({ api: "v1", latestMonth: "2026-10", head: service.head });
    expect(service.head).toMatch(/^[0-9a-f]{64}$/);
  });

  it("gives 403 to a role without the right", async () => {
    expect((await get("/v1/months", "inspectorB")).status).toBe(403);
    expect((await post("/v1/months/2026-10/run", "analystA", {})).status).toBe(403);
    expect((await get(`/v1/enterprises/${inCounty(countyA)[0]}`, "auditor")).status).toBe(403);
    expect((await get("/v1/access-log", "analystA")).status).toBe(403);
    expect((await get("/v1/tokens", "analystProvince")).status).toBe(403);
    const denied = await post("/v1/ingest/events", "analystA", "{}\n", "application/x-ndjson");
    expect(denied.status).toBe(403);
    expect(denied.body.issues[0].code).toBe("forbidden");
  });

  it("returns an enterprise's stored class, reasons (zh/en) and history, in scope only", async () => {
    const code = inCounty(countyA)[0] ?? "";
    const found = await get(`/v1/enterprises/${code}`, "analystA");
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ uscc: code, region: countyA, period: "2026-10", class: stored.get(code)?.cls, score: stored.get(code)?.score });
    expect(found.body.history.map((h: { period: string }) => h.period)).toEqual(["2026-09", "2026-10"]);
    for (const r of found.body.reasons) expect(r.name).toMatchObject({ zh: expect.any(String), en: expect.any(String) });
    // A county token never sees another county's enterprise.
    for (const other of inCounty(countyB).slice(0, 20)) expect((await get(`/v1/enterprises/${other}`, "analystA")).status).toBe(404);
    for (const other of inCounty(countyA).slice(0, 20)) expect((await get(`/v1/enterprises/${other}`, "inspectorB")).status).toBe(404);
  });

  it("looks up a batch, listing codes out of scope as not found, and limits the batch", async () => {
    const a = inCounty(countyA).slice(0, 10);
    const b = inCounty(countyB).slice(0, 10);
    const result = await post("/v1/enterprises/lookup", "analystA", { codes: [...a, ...b] });
    expect(result.status).toBe(200);
    expect(result.body.enterprises.map((e: { uscc: string }) => e.uscc)).toEqual(a);
    expect(result.body.notFound).toEqual(b);
    const tooMany = await post("/v1/enterprises/lookup", "analystA", { codes: inCounty(countyA).concat(inCounty(countyB)).slice(0, 51) });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.issues[0]).toMatchObject({ code: "payload_too_large", path: ["codes"] });
  });

  it("scopes aggregates: months, distribution and migration count the county's enterprises only", async () => {
    const county = inCounty(countyA);
    const months = await get("/v1/months", "analystA");
    const last = months.body.months.at(-1);
    expect(last.period).toBe("2026-10");
    expect(last.counts.A + last.counts.B + last.counts.C + last.counts.D).toBe(county.length);
    for (const c of ["A", "B", "C", "D"]) expect(last.counts[c]).toBe(county.filter((u) => stored.get(u)?.cls === c).length);
    const byCounty = await get("/v1/months/2026-10/distribution?by=region&level=county", "analystA");
    expect(byCounty.body.rows).toEqual([expect.objectContaining({ group: countyA, total: county.length })]);
    const byIndustry = await get("/v1/months/2026-10/distribution?by=industry&level=section", "analystA");
    expect(byIndustry.body.rows.reduce((n: number, r: { total: number }) => n + r.total, 0)).toBe(county.length);
    const province = await get("/v1/months/2026-10/distribution?by=region&level=county", "analystProvince");
    expect(province.body.rows.length).toBeGreaterThan(1);
    const migration = await get("/v1/months/2026-10/migration", "analystA");
    const moved = migration.body.matrix.flat().reduce((n: number, x: number) => n + x, 0);
    expect(moved + migration.body.entered).toBe(county.length);
    expect((await get("/v1/months/2026-10/distribution?by=region&level=section", "analystA")).status).toBe(400);
    expect((await get("/v1/months/2031-01/distribution", "analystA")).status).toBe(404);
  });

  it("lists alerts in scope, records a disposal in scope and refuses one outside", async () => {
    const mine = await get("/v1/alerts?period=2026-10", "inspectorB");
    expect(mine.status).toBe(200);
    for (const a of mine.body.alerts) expect(stored.get(a.uscc)?.region ?? countyB).toBe(countyB);
    const all = await get("/v1/alerts?period=2026-10", "analystProvince");
    expect(all.body.alerts.length).toBeGreaterThan(mine.body.alerts.length);
    const outside = all.body.alerts.find((a: { uscc: string }) => stored.get(a.uscc)?.region !== countyB);
    const body = { day: "2026-11-05", by: "张三", action: "reminder sent", resolved: true };
    expect((await post(`/v1/alerts/${encodeURIComponent(outside.id)}/disposals`, "inspectorB", body)).status).toBe(404);
    const own = mine.body.alerts[0];
    if (own !== undefined) {
      expect((await post(`/v1/alerts/${encodeURIComponent(own.id)}/disposals`, "inspectorB", body)).status).toBe(201);
      const after = await get(`/v1/alerts?uscc=${own.uscc}&asOf=2026-11-30`, "inspectorB");
      expect(after.body.alerts.find((a: { id: string }) => a.id === own.id)).toMatchObject({
        open: false,
        disposals: [expect.objectContaining({ by: "张三" })],
      });
    }
  });

  it("serves the plan with selections in scope and verifies it", async () => {
    const plan = await get("/v1/plans/2026-10", "inspectorB");
    expect(plan.status).toBe(200);
    expect(plan.body.seed).toBe("serve");
    for (const s of plan.body.selections) expect(stored.get(s.uscc)?.region).toBe(countyB);
    const verified = await post("/v1/plans/2026-10/verify", "inspectorB", {});
    expect(verified.body).toMatchObject({ ok: true, differences: [] });
  });

  it("draws a plan for a task and seed (admin only), stores its audit record, and verifies it", async () => {
    expect((await post("/v1/plans/2026-10", "analystA", { seed: "x" })).status).toBe(403);
    const drawn = await post("/v1/plans/2026-10", "admin", { seed: "redraw" });
    expect(drawn.status).toBe(201);
    expect(drawn.body).toMatchObject({ period: "2026-10", seed: "redraw", taskHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(drawn.body.selections.length).toBe(drawn.body.planned);
    const again = await post("/v1/plans/2026-10", "admin", { seed: "redraw" });
    expect(again.body.selectedSha256).toBe(drawn.body.selectedSha256);
    expect((await post("/v1/plans/2026-10/verify", "analystA", {})).body.ok).toBe(true);
    // Back to the month's own seed, as the run drew it.
    expect((await post("/v1/plans/2026-10", "admin", { seed: "serve" })).status).toBe(201);
  });

  it("serves the exchange row's JSON Schema, the token list and the chain of seals", async () => {
    const schema = await get("/v1/exports/schema.json", "analystA");
    expect(schema.body).toMatchObject({ type: "object", required: expect.arrayContaining(["uscc", "class", "period", "reasons"]) });
    const tokens = await get("/v1/tokens", "admin");
    expect(tokens.body.tokens.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(["admin", "analystA", "old"]));
    expect(JSON.stringify(tokens.body)).not.toMatch(/cc_|sha256|digest/);
    const history = await get("/v1/history", "auditor");
    expect(history.body.seals.length).toBeGreaterThan(0);
    expect(history.body.head).toBe(history.body.seals.at(-1).head);
    expect((await get("/v1/history/verify", "auditor")).body).toMatchObject({ ok: true, head: history.body.head });
    expect((await get("/v1/history", "analystA")).status).toBe(403);
  });

  it("exports a month in scope as JSON Lines and as CSV in GB18030, with the month's seal", async () => {
    const jsonl = await get("/v1/exports/2026-10?format=jsonl", "analystA");
    const rows = String(jsonl.body)
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.uscc)).toEqual(inCounty(countyA).sort());
    expect(jsonl.headers.get("x-creditclass-rows")).toBe(String(rows.length));
    expect(jsonl.headers.get("x-creditclass-seal")).toMatch(/^[0-9a-f]{64}$/);
    const csv = await fetch(`${service.url}/v1/exports/2026-10?format=csv&encoding=gb18030`, { headers: { authorization: `Bearer ${secrets.analystA}` } });
    const text = new TextDecoder("gb18030").decode(await csv.arrayBuffer());
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe("uscc,name,region,industry,period,class,score,override,reasons");
    expect(lines.length - 1).toBe(rows.length);
    expect(lines[1]).toContain(rows[0].name);
    const wider = await get(`/v1/exports/2026-10?region=${countyA.slice(0, 2)}`, "analystA");
    expect(wider.headers.get("x-creditclass-rows")).toBe(String(rows.length));
    expect((await get(`/v1/exports/2026-10?region=${countyB}`, "analystA")).headers.get("x-creditclass-rows")).toBe("0");
  });

  it("logs every read of a class for auditors", async () => {
    const code = inCounty(countyA)[1] ?? "";
    await get(`/v1/enterprises/${code}`, "analystA");
    const log = await get(`/v1/access-log?uscc=${code}`, "auditor");
    expect(log.status).toBe(200);
    expect(log.body.entries[0]).toMatchObject({
      role: "analyst",
      region: countyA,
      what: "enterprise",
      subjects: code,
      results: 1,
      path: `/v1/enterprises/${code}`,
    });
  });

  it("ingests NDJSON events: counts add up, bad lines are quarantined with their line, alerts come back", async () => {
    const code = inCounty(countyA)[2] ?? "";
    const lines = [
      { source_id: "api-1", kind: "serious_entry", uscc: code, date: "2026-11-02", recorded: "2026-11-02", reason: "fraud" },
      { source_id: "api-2", kind: "complaint", uscc: "91330100716105852A", date: "2026-11-02", recorded: "2026-11-02", channel: "report" },
      { source_id: "api-3", kind: "penalty", uscc: code, date: "2026-13-40", recorded: "2026-11-03" },
    ];
    const pushed = await post("/v1/ingest/events", "admin", `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`, "application/x-ndjson");
    expect(pushed.status).toBe(200);
    expect(pushed.body).toMatchObject({ read: 3, accepted: 1, quarantined: 2, duplicates: 0 });
    expect([...new Set(pushed.body.problems.map((p: { line: number }) => p.line))]).toEqual([2, 3]);
    // The streaming engine raises the serious-list alert for the accepted event at once.
    expect(pushed.body.alerts).toEqual([expect.objectContaining({ uscc: code, day: "2026-11-02" })]);
    const malformed = await post("/v1/ingest/events", "admin", "not json\n", "application/x-ndjson");
    expect(malformed.status).toBe(400);
    expect(malformed.body.issues[0]).toMatchObject({ code: "malformed_record", line: 1 });
  });

  it("gives a 400 with the issue list for a bad request, never a stack trace", async () => {
    const bad = await get("/v1/enterprises/not-a-code", "analystA");
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0]).toMatchObject({ path: ["path", "uscc"], code: "invalid_value", message: { zh: expect.any(String), en: expect.any(String) } });
    const garbage = await get("/v1/enterprises/lookup", "analystA", { method: "POST", body: "{", headers: { "content-type": "application/json" } });
    expect(garbage.status).toBe(400);
    expect(JSON.stringify(garbage.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it("publishes its OpenAPI 3.1 document and docs page", async () => {
    const doc = await get("/openapi.json", "analystA");
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        "/health",
        "/v1/enterprises/{uscc}",
        "/v1/enterprises/lookup",
        "/v1/months/{period}/run",
        "/v1/exports/{period}",
        "/v1/history/verify",
      ]),
    );
    expect(String((await get("/docs", "analystA")).body)).toContain("/v1/enterprises/{uscc}");
  });

  it("runs a month as a job while lookups keep answering, and manages tokens", async () => {
    const code = inCounty(countyA)[0] ?? "";
    const started = await post("/v1/months/2026-10/run", "admin", { seed: "serve" });
    expect(started.status).toBe(202);
    expect((await post("/v1/months/2026-10/run", "admin", { seed: "serve" })).body.id).toBe(started.body.id);
    expect((await post("/v1/months/2026-09/run", "admin", {})).status).toBe(409);
    let job = started.body;
    while (job.state === "running") {
      expect((await get(`/v1/enterprises/${code}`, "analystA")).status).toBe(200);
      await new Promise((r) => setTimeout(r, 100));
      job = (await get(`/v1/jobs/${job.id}`, "admin")).body;
    }
    expect(job).toMatchObject({ state: "done", summary: { enterprises: stored.size, head: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    // Idempotent: the same classes as before.
    const after = await get(`/v1/enterprises/${code}`, "analystA");
    expect(after.body).toMatchObject({ class: stored.get(code)?.cls, score: stored.get(code)?.score });
    const issued = await post("/v1/tokens", "admin", { name: "county B analyst", role: "analyst", region: countyB });
    expect(issued.status).toBe(201);
    expect((await get("/v1/version", issued.body.secret)).status).toBe(200);
    expect((await get(`/v1/tokens/${issued.body.token.id}`, "admin", { method: "DELETE" })).status).toBe(200);
    expect((await get("/v1/version", issued.body.secret)).status).toBe(401);
    const verdict = await get("/v1/history/verify", "auditor");
    expect(verdict.body).toMatchObject({ ok: true, head: job.summary.head });
  }, 120_000);

  it("detects an UPDATE of one class behind its back: verify-history names the month and the row", async () => {
    await service.close();
    const db = await openDatabase(dbPath);
    try {
      expect((await verifyHistory(db)).ok).toBe(true);
      const victim = [...stored.keys()].sort()[100] ?? "";
      await db.run("UPDATE classifications SET class = CASE class WHEN 'A' THEN 'D' ELSE 'A' END WHERE period = '2026-10' AND uscc = ?", [victim]);
      const verdict = await verifyHistory(db);
      expect(verdict).toMatchObject({ ok: false, period: "2026-10", part: "classes", row: 100 });
    } finally {
      db.close();
    }
    const cli = await run(process.execPath, [CLI, "verify-history", "--db", dbPath]).catch((e: { code: number; stderr: string }) => e);
    expect(cli).toMatchObject({ code: 1, stderr: expect.stringMatching(/^creditclass: not verified: 2026-10: classes row 100 no longer matches seal \d+/) });
    service = await startService({ db: dbPath, port: 0 });
  }, 60_000);

  it("refuses a body over the limit (413) and a token over its rate (429), with the issue list", async () => {
    await service.close();
    service = await startService({ db: dbPath, port: 0, config: parseServerConfig({ limits: { bodyBytes: 1024, requestsPerMinute: 1, burst: 3 } }) });
    const big = await post("/v1/enterprises/lookup", "analystA", { codes: Array.from({ length: 100 }, () => "91330100716105852F") });
    expect(big.status).toBe(413);
    expect(big.body.issues[0].code).toBe("payload_too_large");
    expect((await get("/v1/version", "analystA")).status).toBe(200);
    expect((await get("/v1/version", "analystA")).status).toBe(200);
    const limited = await get("/v1/version", "analystA");
    expect(limited.status).toBe(429);
    expect(limited.body.issues[0]).toMatchObject({ code: "too_many_requests", message: { zh: "请求过于频繁" } });
    // Another token has its own bucket.
    expect((await get("/v1/version", "analystProvince")).status).toBe(200);
  });
});
