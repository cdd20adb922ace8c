/**
 * The evaluation of models fitted on a bureau's own table as one self-contained HTML file
 * (Chart.js inlined): cross-validated ROC and KS curves of each method, calibration by decile,
 * the folds (and whether each fit converged), the indicators each method left out with why, and a
 * chart per kept indicator of its bins' adverse rates and weight of evidence.
 * @module
 */
import type { IndicatorBinning, TableEvaluation, TableFit } from "@creditclass/scoring";
import { ksCurve, rocCurve } from "@creditclass/scoring";
import { escapeHtml } from "./report-html.js";

/**
 * What the report shows.
 * @category Reports
 */
export interface TableReportInput {
  readonly source: string;
  readonly rows: number;
  readonly positives: number;
  /** Evaluations by method name. */
  readonly evaluations: Readonly<Record<string, TableEvaluation>>;
  /** The model fitted on all rows (its binnings and selection are charted). */
  readonly fit: TableFit;
  /** Each method's model on all rows, whose left-out indicators are listed (default: `fit`'s, as `woe`). */
  readonly fits?: Readonly<Record<string, TableFit>>;
  readonly label: Uint8Array;
  /** Category dictionaries of categorical columns (bin labels show the names). */
  readonly categories: Readonly<Record<string, readonly string[]>>;
}

/**
 * Renders the report.
 *
 * @param input - Evaluations, the full fit, the labels.
 * @param chartJs - The Chart.js bundle.
 * @returns The HTML document.
 * @example
 * writeFileSync("evaluation.html", renderTableReportHtml({ source, rows, positives, evaluations, fit, label }, chartJsSource()));
 */
export function renderTableReportHtml(input: TableReportInput, chartJs: string): string {
  const methods = Object.entries(input.evaluations);
  const curves = methods.map(([method, e]) => {
    const tested = Int32Array.from({ length: e.predicted.length }, (_, i) => i).filter((i) => !Number.isNaN(e.predicted[i] as number));
    const p = Float64Array.from(tested, (i) => e.predicted[i] as number);
    const y = Uint8Array.from(tested, (i) => input.label[i] as number);
    return { method, roc: rocCurve(p, y), ks: ksCurve(p, y), calibration: e.calibration };
  });
  const kept = new Set(input.fit.kept);
  const binnings = input.fit.binnings
    .filter((b) => kept.has(b.indicator))
    .map((b) => ({ indicator: b.indicator, iv: b.iv, bins: binLabels(b, input.categories[b.indicator]) }));
  const data = { curves, binnings };
  const metricRows = methods
    .flatMap(([method, e]) => [
      ...e.folds.map((f) => [method, `fold ${f.fold + 1}`, f.trainRows, f.testRows, f.metrics, f.converged ? "yes" : "no"]),
      [method, "pooled", "", e.folds.reduce((s, f) => s + f.testRows, 0), e.pooled, ""],
    ])
    .map(([method, fold, train, test, m, converged]) => {
      const x = m as TableEvaluation["pooled"];
      return `<tr><td>${method}</td><td>${fold}</td><td>${train}</td><td>${test}</td><td>${x.auc.toFixed(4)}</td><td>${x.ks.toFixed(4)}</td><td>${x.gini.toFixed(4)}</td><td>${x.brier.toFixed(4)}</td><td>${converged}</td></tr>`;
    })
    .join("");
  const fits = Object.entries(input.fits ?? { woe: input.fit });
  const dropped = fits
    .flatMap(([method, f]) =>
      f.dropped.map((d) => `<tr><td>${method}</td><td>${escapeHtml(d.indicator)}</td><td>${d.reason}</td><td>${escapeHtml(d.detail)}</td></tr>`),
    )
    .join("");
  const notes = fits
    .flatMap(([method, f]) => {
      const w = f.model.training?.winsorised as { lower: number; upper: number } | undefined;
      return [
        ...(w === undefined
          ? []
          : [`${method}: raw values standardised on winsorised statistics, capped at the ${100 * w.lower} % and ${100 * w.upper} % quantiles (type 7).`]),
        ...(f.converged ? [] : [`${method}: IRLS did not converge on all rows; the model holds the best coefficients found.`]),
      ];
    })
    .map((n) => `<p>${escapeHtml(n)}</p>`)
    .join("");
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>模型评估 Model evaluation — ${escapeHtml(input.source)}</title>
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:1100px;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}.grid{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}
.card{border:1px solid #ddd;border-radius:6px;padding:1rem}table{border-collapse:collapse;font-size:.85rem}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:right}
</style></head><body>
<h1>模型评估 Model evaluation — ${escapeHtml(input.source)}</h1>
<p>${input.rows} rows, ${input.positives} adverse (${((100 * input.positives) / Math.max(1, input.rows)).toFixed(2)} %). ${methods.map(([m, e]) => `${m}: ${escapeHtml(e.design)}`).join("; ")}.</p>
<table><thead><tr><th>method</th><th>fold</th><th>train rows</th><th>test rows</th><th>AUC</th><th>KS</th><th>Gini</th><th>Brier</th><th>converged</th></tr></thead><tbody>${metricRows}</tbody></table>
${notes}
<div class="grid">
<div class="card"><h2>ROC (out of fold)</h2><canvas id="roc"></canvas></div>
<div class="card"><h2>KS curve</h2><canvas id="ks"></canvas></div>
<div class="card"><h2>校准 Calibration by decile</h2><canvas id="calibration"></canvas></div>
<div class="card"><h2>指标筛选 Indicators left out</h2><table><thead><tr><th>method</th><th>indicator</th><th>reason</th><th>detail</th></tr></thead><tbody>${dropped}</tbody></table></div>
</div>
<h2>分箱 Binning of the kept indicators (all rows)</h2>
<div class="grid">${binnings.map((b, k) => `<div class="card"><h3>${escapeHtml(b.indicator)} — IV ${b.iv.toFixed(3)}</h3><canvas id="bin${k}"></canvas></div>`).join("")}</div>
<script>${chartJs.replaceAll("</script", "<\\/script")}</script>
<script>
const d = ${JSON.stringify(data).replaceAll("<", "\\u003c")};
const colours = ["#1565c0", "#c62828", "#2e7d32", "#ef6c00"];
const line = (points, label, colour, dash) => ({ label, data: points, showLine: true, pointRadius: 0, borderColor: colour, borderDash: dash ?? [] });
const unit = { min: 0, max: 1 };
new Chart(document.getElementById("roc"), { type: "scatter", data: { datasets: [...d.curves.map((c, k) => line(c.roc.map(([x, y]) => ({ x, y })), c.method, colours[k])), line([{ x: 0, y: 0 }, { x: 1, y: 1 }], "chance", "#999", [4, 4])] }, options: { scales: { x: { ...unit, title: { display: true, text: "false positive rate" } }, y: { ...unit, title: { display: true, text: "true positive rate" } } } } });
new Chart(document.getElementById("ks"), { type: "scatter", data: { datasets: d.curves.flatMap((c, k) => [line(c.ks.map(([x, a]) => ({ x, y: a })), c.method + " adverse", colours[k]), line(c.ks.map(([x, , o]) => ({ x, y: o })), c.method + " others", colours[k], [4, 4])]) }, options: { scales: { x: { ...unit, title: { display: true, text: "share of rows, riskiest first" } }, y: unit } } });
new Chart(document.getElementById("calibration"), { type: "scatter", data: { datasets: [...d.curves.map((c, k) => ({ ...line(c.calibration.map((b) => ({ x: b.meanPredicted, y: b.observedRate })), c.method, colours[k]), pointRadius: 3 })), line([{ x: 0, y: 0 }, { x: Math.max(...d.curves.flatMap((c) => c.calibration.map((b) => b.meanPredicted))), y: Math.max(...d.curves.flatMap((c) => c.calibration.map((b) => b.meanPredicted))) }], "perfect", "#999", [4, 4])] }, options: { scales: { x: { title: { display: true, text: "mean predicted" } }, y: { title: { display: true, text: "observed rate" } } } } });
d.binnings.forEach((b, k) => new Chart(document.getElementById("bin" + k), { data: { labels: b.bins.map((x) => x.label), datasets: [{ type: "bar", label: "adverse rate", data: b.bins.map((x) => x.rate), backgroundColor: "#c62828", yAxisID: "y" }, { type: "line", label: "WoE", data: b.bins.map((x) => x.woe), borderColor: "#1565c0", yAxisID: "woe" }] }, options: { scales: { y: { position: "left" }, woe: { position: "right", grid: { drawOnChartArea: false } } } } }));
</script>
</body></html>
`;
}

/** Each bin's label, adverse rate, WoE and rows. */
function binLabels(b: IndicatorBinning, categories: readonly string[] | undefined): { label: string; rate: number; woe: number; rows: number }[] {
  const bound = (x: number | undefined, fallback: string): string => (x === undefined ? fallback : Number(x.toPrecision(4)).toString());
  return b.bins
    .filter((x) => x.count > 0)
    .map((x) => ({
      label:
        x.kind === "missing"
          ? "missing"
          : x.kind === "special"
            ? `= ${categories?.[x.value as number] ?? x.value}`
            : `${x.minClosed ? "[" : "("}${bound(x.min, "−∞")}, ${bound(x.max, "∞")}${x.maxClosed ? "]" : ")"}`,
      rate: x.adverseRate,
      woe: x.woe,
      rows: x.count,
    }));
}
