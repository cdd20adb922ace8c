/**
 * Renders docs/indicators.md from the indicator catalog, so the table never drifts from the code.
 * `pnpm docs:indicators` writes it; a test fails when the committed file is stale.
 * @module
 */
import { writeFileSync } from "node:fs";
import { FAMILY_LABELS, INDICATOR_CATALOG, INDICATOR_FAMILIES } from "@creditclass/core";
import { DEFAULT_VALIDITY_MONTHS } from "@creditclass/ingest";

/**
 * The Markdown text of the indicator catalog.
 *
 * @returns The document.
 * @example
 * renderIndicatorDocs().startsWith("# Indicator catalog") //=> true
 */
export function renderIndicatorDocs(): string {
  const lines = [
    "# Indicator catalog 指标目录",
    "",
    "Generated from `INDICATOR_CATALOG` in `packages/ingest/src/indicators/catalog.ts` by `pnpm docs:indicators`; do not edit by hand.",
    "",
    "Every indicator is computed **as of a month**: only events recorded on or before the month's last day count (no look-ahead).",
    'Windows are calendar months ending with the as-of month ("last 12 months" of 2026-10 is 2025-11 … 2026-10), by the event\'s own date.',
    "A credit repair recorded by the month's end removes the repaired penalty or list entry from every indicator (the record itself is kept, so a",
    "past month recomputes as it was). Events older than their kind's validity period (影响期) are ignored; `penalty_severity_decayed`",
    "weighs penalties by severity points (minor 1, general 2, serious 4) and a time decay (1 / 0.6 / 0.3 / 0.15 for events up to 1 / 2 / 3 / more years old).",
    "Direction `risk` means a higher value is riskier; `safety`, less risky. Missing values are NaN (empty in CSV) and listed below.",
    "",
  ];
  for (const family of INDICATOR_FAMILIES) {
    lines.push(
      `## ${FAMILY_LABELS[family].zh} — ${FAMILY_LABELS[family].en}`,
      "",
      "| id | 名称 | name | unit | direction | window |",
      "| --- | --- | --- | --- | --- | --- |",
    );
    for (const m of INDICATOR_CATALOG.filter((x) => x.family === family)) {
      lines.push(`| \`${m.id}\` | ${m.name.zh} | ${m.name.en} | ${m.unit} | ${m.direction} | ${m.window ?? "—"} |`);
    }
    lines.push("");
  }
  lines.push(
    "## Missing values",
    "",
    "- `log_registered_capital`: individual businesses (个体工商户) register no capital.",
    "- `months_since_last_change`, `months_since_last_penalty`: no such event in the validity period.",
    "- `inspection_problem_rate_24m`: not inspected in the last 24 months.",
    "",
    "## Default validity periods (months)",
    "",
    "| event kind | months |",
    "| --- | ---: |",
    ...Object.entries(DEFAULT_VALIDITY_MONTHS).map(([k, v]) => `| ${k} | ${v >= 1200 ? "while on the list / unlimited" : v} |`),
    "",
    "## Your own indicators",
    "",
    "`computeIndicators(province, period, { custom: [...] })` takes indicators as a function of the built-in frame",
    "(`{ meta, compute: (frame) => Float64Array }`) or as a mathjs expression over earlier columns",
    '(`{ meta, expression: "penalties_36m / max(age_months, 1)" }`), compiled once through an allow-list of operators and functions.',
    "",
    "## Threads",
    "",
    "For a province of 100,000 enterprises or more (`THREADED_ENTERPRISES`) whose columns are in shared memory — as `loadProvinceColumns`",
    "loads them, from DuckDB or from the columnar cache — the passes (events, point values, per-person statistics, per-enterprise links)",
    "each run over two halves of the enterprises, one on the calling thread and one on a pooled worker thread (`threads: 1` keeps them on",
    "one). Each half writes only its own enterprises' entries, and the per-person statistics are integer counts added after, so the",
    "frame is the same bytes on one thread or two (tested). Columns you build yourself in ordinary memory, or events not grouped by",
    "enterprise, are computed on one thread; so is everything after a worker failed or did not answer in time (the month is computed",
    "again on one thread, in fresh arrays).",
    "",
  );
  return `${lines.join("\n")}`;
}

if (process.argv[1]?.endsWith("indicator-docs.ts")) {
  writeFileSync(new URL("../docs/indicators.md", import.meta.url), renderIndicatorDocs());
}
