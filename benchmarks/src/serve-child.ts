/**
 * The server under load, in a process of its own (so the load generator does not share its event
 * loop): `serve-child.ts <db> [reference]` prints `LISTENING <url>` and, on SIGTERM, `PEAK <GiB>`.
 * With `reference`, a bare node:http server answering one fixed enterprise JSON instead — the
 * floor of any HTTP framework on this machine, measured in the same run.
 * @module
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseServerConfig, startService } from "@creditclass/server";

const [db = "", mode] = process.argv.slice(2);
const peak = (): void => {
  process.stdout.write(`PEAK ${process.resourceUsage().maxRSS / 2 ** 20}\n`);
};
if (mode === "reference") {
  const body = JSON.stringify({ uscc: "91330100716105852F", class: "B", score: 812.5, reasons: [], history: [] });
  const server = createServer((_, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(body);
  });
  server.listen(0, "127.0.0.1", () => process.stdout.write(`LISTENING http://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
  process.on("SIGTERM", () => {
    peak();
    server.close(() => process.exit(0));
  });
} else {
  // A platform's token under load: the per-token rate limit raised above what two cores can serve, so the limiter is measured but never refuses.
  const config = parseServerConfig({ limits: { requestsPerMinute: 10_000_000, burst: 1_000_000 } });
  const service = await startService({ db, port: 0, config });
  process.stdout.write(`LISTENING ${service.url}\n`);
  process.on("SIGTERM", () => {
    peak();
    void service.close().then(() => process.exit(0));
  });
}
