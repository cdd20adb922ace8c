/**
 * Renders docs/warning-rules.md from the national rule set, with why each rule exists, so the
 * document never drifts from the rules. `pnpm docs:warning` writes it; a test fails when stale.
 * @module
 */
import { writeFileSync } from "node:fs";
import type { Condition } from "@creditclass/warning";
import { MEASURE_LABELS, NATIONAL_RULES, rulesHash } from "@creditclass/warning";

/**
 * The Markdown text of the national rule set.
 *
 * @returns The document.
 * @example
 * renderWarningDocs().startsWith("# National early-warning rules") //=> true
 */
export function renderWarningDocs(): string {
  const lines = [
    "# National early-warning rules 全国通用预警规则",
    "",
    "Generated from `NATIONAL_RULES_DOCUMENT` in `packages/warning/src/national-rules.ts` by `pnpm docs:warning`; do not edit by hand.",
    `Rule set \`${NATIONAL_RULES.id}\`, content hash \`${rulesHash(NATIONAL_RULES)}\`.`,
    "",
    "Rules are evaluated as of a day (for `creditclass warn`, the month's last day) over events recorded by then. Measures, mildest first:",
    "提醒 reminder, 警示 warning, 约谈 interview, 检查 inspection (国市监信发〔2022〕6号 §十二). A rule does not alert the same enterprise again within its cooldown.",
    "",
    "| rule | 名称 / name | severity | measure | cooldown | condition |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const r of NATIONAL_RULES.rules) {
    lines.push(
      `| \`${r.id}\` | ${r.name.zh} / ${r.name.en} | ${r.severity} | ${MEASURE_LABELS[r.measure].zh} ${r.measure} | ${r.cooldownDays} d | ${describe(r.condition)} |`,
    );
  }
  lines.push("", "## Why each rule exists", "");
  for (const r of NATIONAL_RULES.rules) lines.push(`- **${r.name.zh} (${r.id})**: ${r.rationale ?? ""}`);
  lines.push(
    "",
    "## Engines",
    "",
    "- **Batch** (`evaluateMonth`, `creditclass warn --db … --period … --out alerts.csv`): every rule as of the month's last day, over the events",
    "  recorded by then, the month's indicators (computed when not given) and, for class transitions, the stored classes of the month and",
    "  the one before. Each alert carries its evidence (the observed counts, values or transition).",
    "- **Streaming** (`createStreamingEngine`, `creditclass watch --events file.ndjson|- --state state.json`): `push(event)` evaluates only the",
    "  rules whose window or growth conditions the event's kind can change, for that enterprise, and returns their alerts at once. State is",
    "  bounded (window days older than the window and months older than the comparison are dropped) and snapshots to JSON; restoring it",
    "  and continuing gives exactly the alerts of an uninterrupted stream (property-tested). Rules with indicator, group or transition",
    "  conditions (here `abnormal_registration`, `annual_report_overdue`, `sudden_deterioration`) need the batch engine.",
    '- Rules are JSON documents (`kind: "creditclass.warning-rules"`) validated by zod; errors name the path (`rules[1].condition.expression: unknown name nope at position 23`).',
  );
  return `${lines.join("\n")}\n`;
}

function describe(c: Condition): string {
  switch (c.kind) {
    case "threshold":
      return `\`${c.indicator} ${c.op} ${c.value}\``;
    case "expression":
      return `\`${c.expression}\``;
    case "window":
      return `≥ ${c.atLeast} ${c.events.join("/")}${c.details.length > 0 ? ` (${c.details.join("/")})` : ""} in the last ${c.days} days`;
    case "growth":
      return `${c.events.join("/")} this month ≥ ${c.factor} × the trailing ${c.trailingMonths}-month mean and ≥ ${c.minimum}`;
    case "group":
      return `≥ ${c.atLeast} enterprises registered at the same ${c.by} in the last ${c.days} days`;
    case "transition":
      return c.stepsUp !== undefined ? `class worse by ≥ ${c.stepsUp} in a month` : `class ${c.from.join("/") || "any"} → ${c.to.join("/") || "any"}`;
    case "all":
      return c.conditions.map(describe).join(" **and** ");
    case "any":
      return c.conditions.map(describe).join(" **or** ");
    case "not":
      return `**not** (${describe(c.condition)})`;
  }
}

if (process.argv[1]?.endsWith("warning-docs.ts")) {
  writeFileSync(new URL("../docs/warning-rules.md", import.meta.url), renderWarningDocs());
}
