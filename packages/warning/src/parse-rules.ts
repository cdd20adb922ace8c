/**
 * Loading a rule set: zod for the shape, then unique ids, known event details and expressions
 * compiled against the known indicators — every problem an issue with its path.
 * @module
 */
import type { Issue, SafeResult } from "@creditclass/core";
import { collectIssues, compileColumnExpression, configIssues, contentHash, DETAIL_CODES, INDICATOR_CATALOG, unwrap } from "@creditclass/core";
import type { Condition, RuleSet } from "./rule-schema.js";
import { ruleSetSchema } from "./rule-schema.js";

type Path = (string | number)[];

/**
 * Validates a rule set document.
 *
 * @param document - Parsed JSON or a TS object.
 * @param options - Indicator names besides the catalog (custom indicators).
 * @returns The rule set, or every issue with its path.
 * @example
 * safeParseRules({ kind: "creditclass.warning-rules", version: 1, id: "x", name, rules: [{ …, condition: { kind: "window", events: ["change"], days: 0, atLeast: 3 } }] })
 * //=> { success: false, issues: [{ path: ["rules", 0, "condition", "days"], message: "Too small: expected number to be >0" }] }
 * @category Rules
 */
export function safeParseRules(document: unknown, options: { readonly indicators?: readonly string[] } = {}): SafeResult<RuleSet> {
  const parsed = ruleSetSchema.safeParse(document);
  if (!parsed.success) {
    return { success: false, issues: configIssues(parsed.error.issues) };
  }
  const known = [...INDICATOR_CATALOG.map((m) => m.id), ...(options.indicators ?? [])];
  const issues: Issue[] = [];
  const ids = new Set<string>();
  parsed.data.rules.forEach((rule, r) => {
    if (ids.has(rule.id))
      issues.push({ code: "invalid_config", path: ["rules", r, "id"], message: `rule id ${rule.id} is used twice`, expected: "unique ids" });
    ids.add(rule.id);
    checkCondition(rule.condition, ["rules", r, "condition"], known, issues);
  });
  return issues.length > 0 ? { success: false, issues } : { success: true, data: parsed.data };
}

/**
 * Validates a rule set document.
 *
 * @param document - Parsed JSON or a TS object.
 * @param options - Extra indicator names.
 * @returns The rule set.
 * @throws {ValidationError} `invalid_config`, `invalid_expression` or `unknown_indicator` issues with their paths.
 * @example
 * parseRules(NATIONAL_RULES_DOCUMENT).rules.length //=> 7
 * @category Rules
 */
export function parseRules(document: unknown, options: { readonly indicators?: readonly string[] } = {}): RuleSet {
  return unwrap(safeParseRules(document, options));
}

/**
 * The content hash of a rule set, recorded with every batch of alerts.
 *
 * @param rules - A validated rule set.
 * @returns 64 hex digits.
 * @example
 * rulesHash(parseRules(doc)).length //=> 64
 * @category Rules
 */
export function rulesHash(rules: RuleSet): string {
  return contentHash(rules);
}

function checkCondition(c: Condition, path: Path, known: readonly string[], issues: Issue[]): void {
  switch (c.kind) {
    case "threshold":
      if (!known.includes(c.indicator))
        issues.push({
          code: "unknown_indicator",
          path: [...path, "indicator"],
          value: c.indicator,
          message: `unknown indicator ${c.indicator}`,
          expected: "an indicator of the catalog",
        });
      return;
    case "expression":
      collectIssues(issues, () => compileColumnExpression(c.expression, known, [...path, "expression"]));
      return;
    case "window":
      c.details.forEach((d, k) => {
        if (!DETAIL_CODES.includes(d))
          issues.push({
            code: "invalid_enum",
            path: [...path, "details", k],
            value: d,
            message: `unknown event detail ${d}`,
            expected: DETAIL_CODES.join(", "),
          });
      });
      return;
    case "all":
    case "any":
      for (const [k, child] of c.conditions.entries()) checkCondition(child, [...path, "conditions", k], known, issues);
      return;
    case "not":
      checkCondition(c.condition, [...path, "condition"], known, issues);
      return;
    default:
      return;
  }
}
