/**
 * A month's report as one self-contained HTML file: Chart.js inlined (no server, no network),
 * the data embedded as JSON, charts for the class distribution, the score distribution by class
 * (one histogram per model part, each on its own score scale), the ROC curve of each model part
 * and the adverse rate by class (with the D-to-A lift) of the validation month, and tables for
 * the migration matrix and the riskiest regions and industries. With the monthly job's data (the
 * demo) it adds the classes month by month, a county × industry heat map, both models' adverse
 * rates by class with AUC / KS per model part, the alerts, the inspection plan by stratum and
 * class, and data quality. Charts are drawn without animation, so a print, a screenshot or a
 * glance in the first second shows every bar at its value.
 * @module
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { MEASURE_LABELS, RISK_CLASS_LABELS, RISK_CLASSES } from "@creditclass/core";
import type { JobReport, MonthReport } from "@creditclass/pipeline";

const COLOURS = ["#2e7d32", "#1565c0", "#ef6c00", "#c62828"];

/**
 * The Chart.js UMD bundle, read from the installed package.
 *
 * @returns Its source.
 * @example
 * chartJsSource().length > 100_000 //=> true
 */
export function chartJsSource(): string {
  // The package's exports hide dist/, so find it next to the entry point.
  const main = createRequire(import.meta.url).resolve("chart.js");
  return readFileSync(join(dirname(main), "chart.umd.min.js"), "utf8");
}

/**
 * Renders the report.
 *
 * @param report - From `monthReport`.
 * @param chartJs - The Chart.js bundle ({@link chartJsSource}).
 * @param job - The monthly job's data, for the demo's full report.
 * @returns The HTML document.
 * @example
 * writeFileSync("report.html", renderReportHtml(await monthReport(db, period, models), chartJsSource()));
 */
export function renderReportHtml(report: MonthReport, chartJs: string, job?: JobReport): string {
  const total = report.counts.reduce((a, b) => a + b, 0);
  const classLabels = RISK_CLASSES.map((c) => `${c} ${RISK_CLASS_LABELS[c].zh}`);
  const v = report.validation;
  const data = {
    classLabels,
    colours: COLOURS,
    counts: report.counts,
    histograms: report.scoreHistograms,
    roc: v?.roc ?? [],
    partRoc: v?.parts.map((p) => ({ model: p.model, auc: p.auc, roc: p.roc })) ?? [],
    adverse: v?.adverseRates ?? [],
    job: job ?? null,
  };
  const table = (rows: MonthReport["regions"], what: string): string =>
    `<table><thead><tr><th>${what}</th>${RISK_CLASSES.map((c) => `<th>${c}</th>`).join("")}<th>total</th><th>C + D</th></tr></thead><tbody>${rows
      .map(
        (r) =>
          `<tr><td>${escapeHtml(r.group)}</td>${RISK_CLASSES.map((c) => `<td>${r[c]}</td>`).join("")}<td>${r.total}</td><td><span class="bar" style="width:${(100 * r.highRiskShare).toFixed(1)}px"></span> ${(100 * r.highRiskShare).toFixed(1)} %</td></tr>`,
      )
      .join("")}</tbody></table>`;
  const m = report.migration;
  const maxCell = Math.max(1, ...m.counts.flat());
  const migration = `<table class="matrix"><thead><tr><th>${m.from} ↓ / ${report.period} →</th>${RISK_CLASSES.map((c) => `<th>${c}</th>`).join("")}<th>left</th></tr></thead><tbody>${m.counts
    .map(
      (row, f) =>
        `<tr><th>${RISK_CLASSES[f]}</th>${row.map((n) => `<td style="background:rgba(21,101,192,${(0.08 + (0.8 * n) / maxCell).toFixed(3)})">${n}</td>`).join("")}<td>${m.left[f]}</td></tr>`,
    )
    .join("")}<tr><th>entered</th>${m.entered.map((n) => `<td>${n}</td>`).join("")}<td></td></tr></tbody></table>`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>企业信用风险分类 ${report.period} — credit-risk classes</title>
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:1100px;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}.grid{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}
.card{border:1px solid #ddd;border-radius:6px;padding:1rem}table{border-collapse:collapse;font-size:.85rem}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:right}
.bar{display:inline-block;height:.7rem;background:#c62828;vertical-align:middle}.meta{color:#666;font-size:.8rem;word-break:break-all}
</style></head><body>
<h1>企业信用风险分类 Credit-risk classes — ${report.period}</h1>
<p>${total} enterprises: ${RISK_CLASSES.map((c, k) => `${c} ${report.counts[k]} (${((100 * (report.counts[k] ?? 0)) / Math.max(total, 1)).toFixed(1)} %)`).join(", ")}.
Class stability from ${m.from}: ${(100 * m.stability).toFixed(1)} % kept their class.</p>
<p class="meta">model set ${escapeHtml(report.modelSet)} · model hash ${report.modelHash} · input fingerprint ${report.inputFingerprint}</p>
<p class="meta">An internal reference for allocating supervision resources, not a public credit rating (国市监信发〔2022〕6号 §二).</p>
<div class="grid">
<div class="card"><h2>分类分布 Classes</h2><canvas id="classes"></canvas></div>
${report.scoreHistograms
  .map(
    (h, k) =>
      `<div class="card"><h2>各类得分分布 Score distribution by class — ${escapeHtml(h.model)} (${h.enterprises} enterprises, its own scale)</h2><canvas id="scores-${k}"></canvas></div>`,
  )
  .join("\n")}
<div class="card"><h2>ROC per model part${v === null ? "" : ` — ${v.period}, outcomes within ${v.horizon} months: ${v.parts.map((p) => `${escapeHtml(p.model)} AUC ${p.auc.toFixed(3)}, KS ${p.ks.toFixed(3)}`).join("; ")}`}</h2>${v === null ? "<p>No month with complete outcomes.</p>" : '<canvas id="roc"></canvas><p class="meta">Each part ranks its own enterprises on its own score scale; scores of different parts are not compared.</p>'}</div>
<div class="card"><h2>各类不良率 Adverse rate by class${v === null ? "" : ` — ${v.period}: D/A lift ${v.lift.toFixed(2)}, class AUC ${v.auc.toFixed(3)}`}</h2>${v === null ? "<p>No month with complete outcomes.</p>" : `<canvas id="adverse"></canvas><p>${v.violations.length === 0 ? "Rises from A to D, as it must." : `⚠ Not rising: ${v.violations.map(escapeHtml).join("; ")}`}</p>`}</div>
</div>
${job === undefined ? "" : jobSections(job)}
<h2>迁移矩阵 Migration matrix</h2>${migration}
<h2>风险较高的县区 Counties with the highest C + D share</h2>${table(report.regions, "county")}
<h2>行业门类 Industry sections</h2>${table(report.industries, "section")}
<script>${chartJs.replaceAll("</script", "<\\/script")}</script>
<script>
const d = ${JSON.stringify(data).replaceAll("<", "\\u003c")};
// A static report: no animation, so every chart is at its values from the first paint (a print or screenshot too).
Chart.defaults.animation = false;
new Chart(document.getElementById("classes"), { type: "bar", data: { labels: d.classLabels, datasets: [{ label: "enterprises", data: d.counts, backgroundColor: d.colours }] }, options: { plugins: { legend: { display: false } } } });
d.histograms.forEach((h, n) => {
  const step = h.edges[1] - h.edges[0];
  const mid = h.edges.slice(0, -1).map((e, k) => ((e + h.edges[k + 1]) / 2).toFixed(step < 1 ? 2 : step < 10 ? 1 : 0));
  new Chart(document.getElementById("scores-" + n), { type: "bar", data: { labels: mid, datasets: h.counts.map((c, k) => ({ label: d.classLabels[k], data: c, backgroundColor: d.colours[k] })) }, options: { scales: { x: { stacked: true, title: { display: true, text: "score (" + h.model + ")" } }, y: { stacked: true } } } });
});
const partColours = ["#1565c0", "#ef6c00", "#6a1b9a", "#00838f"];
if (document.getElementById("roc")) new Chart(document.getElementById("roc"), { type: "scatter", data: { datasets: [...d.partRoc.map((p, k) => ({ label: p.model + " (AUC " + p.auc.toFixed(3) + ")", data: p.roc.map(([x, y]) => ({ x, y })), showLine: true, pointRadius: 0, borderColor: partColours[k % 4] })), { label: "chance", data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], showLine: true, pointRadius: 0, borderColor: "#999", borderDash: [4, 4] }] }, options: { scales: { x: { min: 0, max: 1, title: { display: true, text: "false positive rate" } }, y: { min: 0, max: 1, title: { display: true, text: "true positive rate" } } } } });
${job === undefined ? "" : JOB_CHARTS}
if (document.getElementById("adverse")) new Chart(document.getElementById("adverse"), { type: "bar", data: { labels: d.classLabels, datasets: [{ label: "adverse rate", data: d.adverse, backgroundColor: d.colours }] }, options: { plugins: { legend: { display: false } } } });
</script>
</body></html>
`;
}

/** The job's sections (charts are drawn by {@link JOB_CHARTS}). */
function jobSections(job: JobReport): string {
  const heat = `<table class="matrix"><thead><tr><th>county \\ section</th>${job.heatmap.sections.map((s) => `<th>${escapeHtml(s)}</th>`).join("")}</tr></thead><tbody>${job.heatmap.counties
    .map(
      (county, r) =>
        `<tr><th>${escapeHtml(county)}</th>${(job.heatmap.share[r] ?? [])
          .map((x) => (x === null ? "<td>·</td>" : `<td style="background:rgba(198,40,40,${(0.05 + 1.5 * x).toFixed(3)})">${(100 * x).toFixed(0)}</td>`))
          .join("")}</tr>`,
    )
    .join("")}</tbody></table><p class="meta">C + D share in %, cells with fewer than 20 enterprises left blank.</p>`;
  const top = `<table><thead><tr><th>rule</th><th>measure</th><th>enterprise</th><th>day</th><th>evidence</th></tr></thead><tbody>${job.alerts.top
    .map(
      (a) =>
        `<tr><td>${escapeHtml(a.name.zh)}</td><td>${MEASURE_LABELS[a.measure].zh}</td><td>${a.uscc}</td><td>${a.day}</td><td>${escapeHtml(
          Object.entries(a.evidence)
            .map(([k, v]) => `${k}: ${v}`)
            .join("; "),
        )}</td></tr>`,
    )
    .join("")}</tbody></table>`;
  const rules = `<table><thead><tr><th>rule</th><th>measure</th><th>alerts</th></tr></thead><tbody>${job.alerts.byRule
    .map(
      (r) => `<tr><td>${escapeHtml(r.name)}</td><td>${MEASURE_LABELS[r.measure as keyof typeof MEASURE_LABELS]?.zh ?? r.measure}</td><td>${r.count}</td></tr>`,
    )
    .join("")}</tbody></table>`;
  const validation = job.models[0]?.period ?? "";
  return `<h2>逐月分类 Classes month by month</h2><div class="card"><canvas id="monthly"></canvas></div>
<h2>县区 × 行业风险热力图 Risk by county and industry section</h2>${heat}
<div class="grid">
<div class="card"><h2>两个模型各类不良率 Adverse rate by class, both models — ${validation}</h2><canvas id="models"></canvas><p>${job.models
    .map(
      (m) =>
        `${escapeHtml(m.name)}: D/A lift ${m.lift.toFixed(2)}; AUC / KS per model part ${m.parts.map((p) => `${escapeHtml(p.id)} ${p.auc.toFixed(3)} / ${p.ks.toFixed(3)} (${p.enterprises})`).join(", ")}${m.violations.length === 0 ? "" : `; ⚠ not rising: ${m.violations.map(escapeHtml).join(", ")}`}`,
    )
    .join(
      "<br>",
    )}</p><p class="meta">AUC and KS rank each model part's enterprises on that part's own score scale; the adverse rate by class and the lift are over all enterprises.</p></div>
<div class="card"><h2>数据质量 Data quality</h2><canvas id="quality"></canvas></div>
<div class="card"><h2>预警 Alerts per month</h2><canvas id="alerts"></canvas>${rules}</div>
<div class="card"><h2>抽查计划 Inspection plan — ${escapeHtml(job.plan.task)}</h2><canvas id="plan"></canvas><p class="meta">${job.plan.planned} inspections (${job.plan.mandatory} mandatory from alerts at 检查); seed ${escapeHtml(job.plan.seed)}; manifest ${job.plan.manifest}</p></div>
</div>
<h2>最严重的预警 Most severe alerts of the month</h2>${top}`;
}

/** Chart.js calls for the job's sections, reading `d.job`. */
const JOB_CHARTS = `
if (d.job) {
  const j = d.job;
  new Chart(document.getElementById("monthly"), { type: "bar", data: { labels: j.monthly.map((m) => m.period), datasets: d.classLabels.map((l, k) => ({ label: l, data: j.monthly.map((m) => m.counts[k]), backgroundColor: d.colours[k] })) }, options: { scales: { x: { stacked: true }, y: { stacked: true } } } });
  new Chart(document.getElementById("models"), { type: "bar", data: { labels: d.classLabels, datasets: j.models.map((m, k) => ({ label: m.name, data: m.adverseRates, backgroundColor: ["#1565c0", "#ef6c00"][k % 2] })) } });
  new Chart(document.getElementById("quality"), { type: "bar", data: { labels: j.quality.map((q) => q.name), datasets: [{ label: "score", data: j.quality.map((q) => q.score), backgroundColor: "#2e7d32" }] }, options: { indexAxis: "y", scales: { x: { min: 0, max: 100 } }, plugins: { legend: { display: false } } } });
  new Chart(document.getElementById("alerts"), { type: "bar", data: { labels: j.alerts.perMonth.map((m) => m.period), datasets: [{ label: "alerts", data: j.alerts.perMonth.map((m) => m.count), backgroundColor: "#c62828" }] }, options: { plugins: { legend: { display: false } } } });
  const strata = [...new Set(j.plan.cells.map((c) => c.stratum))];
  const kinds = [...new Set(j.plan.cells.map((c) => c.riskClass))];
  new Chart(document.getElementById("plan"), { type: "bar", data: { labels: strata, datasets: kinds.map((k, n) => ({ label: k, data: strata.map((s) => j.plan.cells.filter((c) => c.stratum === s && c.riskClass === k).reduce((t, c) => t + c.drawn, 0)), backgroundColor: d.colours[n % 4] })) }, options: { scales: { x: { stacked: true }, y: { stacked: true } } } });
}`;

/**
 * Escapes text for HTML.
 *
 * @param text - Any text.
 * @returns It with `&`, `<`, `>` escaped.
 * @example
 * escapeHtml("a<b") //=> "a&lt;b"
 */
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
