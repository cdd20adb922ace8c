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
      expect(charts.map((c) => c.id).sort()).toEqual(["adverse", "alerts", "classes", "models", "monthly", "plan", "quality", "roc", "scores"]);
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
