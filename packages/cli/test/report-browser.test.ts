import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CHROMIUM } from "./browser-setup.js";
import { cli } from "./run-cli.js";

describe("the demo's HTML report in a real browser", () => {
  it("opens from disk with no console error and every chart drawn", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-browser-"));
    const demo = await cli("demo", "--enterprises", "3000", "--end", "2026-10", "--months", "3", "--out", dir);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain(`report: ${join(dir, "report-2026-10.html")}`);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      // No network: the report must not need any.
      await page.route("**/*", (route) => (route.request().url().startsWith("file://") ? route.continue() : route.abort()));
      await page.goto(`file://${join(dir, "report-2026-10.html")}`);
      // Right after load, before any animation could finish: each data-quality bar's painted end
      // (its rightmost green pixel on the bar's row) is where the x axis puts its value.
      const ends = (await page.evaluate(`(() => {
        const c = Chart.getChart(document.getElementById("quality"));
        const ratio = c.currentDevicePixelRatio;
        const ctx = c.canvas.getContext("2d");
        const values = c.data.datasets[0].data;
        return c.getDatasetMeta(0).data.map((bar, i) => {
          const row = ctx.getImageData(0, Math.round(bar.y * ratio), c.canvas.width, 1).data;
          let last = -1;
          for (let k = 0; k < c.canvas.width; k++) if (row[4 * k] === 46 && row[4 * k + 1] === 125 && row[4 * k + 2] === 50) last = k;
          return { value: values[i], painted: last / ratio, expected: c.scales.x.getPixelForValue(values[i]) };
        });
      })()`)) as { value: number; painted: number; expected: number }[];
      expect(ends.length).toBe(7);
      for (const e of ends) expect(Math.abs(e.painted - e.expected), `quality bar ${e.value}`).toBeLessThan(3);
      await page.waitForTimeout(1500);
      // Runs in the page (a string: the tests compile without the DOM library).
      const charts = (await page.evaluate(`[...document.querySelectorAll("canvas")].map((canvas) => {
        const chart = Chart.getChart(canvas);
        const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let k = 3; k < pixels.length; k += 4) if (pixels[k] > 0) painted++;
        return { id: canvas.id, chart: chart !== undefined, datasets: chart ? chart.data.datasets.length : 0, painted };
      })`)) as { id: string; chart: boolean; datasets: number; painted: number }[];
      expect(errors).toEqual([]);
      // One score histogram per model part (the default set: individual businesses 0–100, the general model 0–1000).
      expect(charts.map((c) => c.id).sort()).toEqual(["adverse", "alerts", "classes", "models", "monthly", "plan", "quality", "roc", "scores-0", "scores-1"]);
      const parts = (await page.evaluate(
        `[0, 1].map((k) => { const c = Chart.getChart(document.getElementById("scores-" + k)); return [c.options.scales.x.title.text, Number(c.data.labels.at(-1))]; })`,
      )) as [string, number][];
      expect(parts.map(([title]) => title)).toEqual(["score (national-individual)", "score (national-general)"]);
      expect(parts[0]?.[1]).toBeLessThanOrEqual(100);
      expect(parts[1]?.[1]).toBeGreaterThan(100);
      const roc = (await page.evaluate(`Chart.getChart(document.getElementById("roc")).data.datasets.map((s) => s.label)`)) as string[];
      expect(roc).toEqual([
        expect.stringMatching(/^national-individual \(AUC 0\.\d{3}\)$/),
        expect.stringMatching(/^national-general \(AUC 0\.\d{3}\)$/),
        "chance",
      ]);
      for (const c of charts) {
        expect(c.chart, c.id).toBe(true);
        expect(c.datasets, c.id).toBeGreaterThan(0);
        expect(c.painted, c.id).toBeGreaterThan(1000);
      }
      expect(await page.locator("table.matrix").count()).toBe(2);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
