/**
 * Validates one raw record of a kind: its zod schema, then the dates' order. Turns zod's issues
 * into creditclass issues with the field, the value and what was expected.
 * @module
 */
import type { Issue, IssueCode } from "@creditclass/core";
import { parseDayNumber } from "@creditclass/core";
import type { z } from "zod";
import type { Enterprise, RecordKind, RegulatoryEvent, Relation } from "./schemas.js";
import { RECORD_SCHEMAS } from "./schemas.js";

/** The validated record type of each kind. */
export interface RecordTypes {
  enterprises: Enterprise;
  relations: Relation;
  events: RegulatoryEvent;
}

/** The outcome of validating one record. */
export type RecordValidation<K extends RecordKind> = { readonly ok: true; readonly record: RecordTypes[K] } | { readonly ok: false; readonly issues: Issue[] };

/**
 * Validates a raw record (string or number fields; absent = missing).
 *
 * @param kind - Record kind.
 * @param raw - Field values by column name.
 * @returns The typed record, or every issue found (without file/line: the caller adds them).
 * @example
 * validateRecord("events", { source_id: "e1", kind: "complaint", uscc: "91330100716105852F",
 *   date: "2026-01-05", recorded: "2026-01-04", channel: "report" })
 * //=> { ok: false, issues: [{ code: "impossible_date", field: "recorded", … }] }
 * @category Ingestion
 */
export function validateRecord<K extends RecordKind>(kind: K, raw: Readonly<Record<string, unknown>>): RecordValidation<K> {
  const parsed = (RECORD_SCHEMAS[kind] as z.ZodType).safeParse(raw);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => fromZodIssue(i, raw)) };
  const record = parsed.data as RecordTypes[K];
  const issues = chronologyIssues(kind, record);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, record };
}

function chronologyIssues(kind: RecordKind, record: RecordTypes[RecordKind]): Issue[] {
  const before = (field: string, value: string, other: string, otherValue: string, why: string): Issue => ({
    code: "impossible_date",
    field,
    value,
    expected: `a date on or after ${other} ${otherValue}`,
    message: `${field} ${value} is before ${other} ${otherValue}: ${why}`,
  });
  const issues: Issue[] = [];
  if (kind === "enterprises") {
    const e = record as Enterprise;
    if (parseDayNumber(e.recorded) < parseDayNumber(e.established))
      issues.push(before("recorded", e.recorded, "established", e.established, "registered before it was established"));
  } else if (kind === "relations") {
    const r = record as Relation;
    if (parseDayNumber(r.recorded) < parseDayNumber(r.since)) issues.push(before("recorded", r.recorded, "since", r.since, "recorded before it began"));
  } else {
    const e = record as RegulatoryEvent;
    if (parseDayNumber(e.recorded) < parseDayNumber(e.date)) issues.push(before("recorded", e.recorded, "date", e.date, "recorded before it happened"));
    if (e.kind === "penalty" && parseDayNumber(e.published) < parseDayNumber(e.date))
      issues.push(before("published", e.published, "date", e.date, "published before the decision"));
  }
  return issues;
}

function fromZodIssue(issue: z.core.$ZodIssue, raw: Readonly<Record<string, unknown>>): Issue {
  const field = issue.path.map(String).join(".") || undefined;
  const value = field === undefined ? undefined : raw[field];
  const location = field === undefined ? {} : { field };
  if (value === undefined && (issue.code === "invalid_type" || issue.code === "invalid_union")) {
    return { ...location, code: "missing_field", expected: "a value", message: `${field ?? "record"} is missing` };
  }
  const paramsCode = issue.code === "custom" ? (issue.params as { code?: IssueCode } | undefined)?.code : undefined;
  const code: IssueCode =
    paramsCode ??
    (issue.code === "invalid_value" || issue.code === "invalid_union"
      ? "invalid_enum"
      : issue.code === "invalid_type" && issue.expected === "number"
        ? "invalid_number"
        : "invalid_value");
  const expected =
    issue.code === "invalid_value"
      ? `one of ${issue.values.map(String).join(", ")}`
      : issue.code === "invalid_union" && "options" in issue
        ? `one of ${(issue.options as unknown[]).map(String).join(", ")}`
        : issue.code === "too_small" || issue.code === "too_big"
          ? issue.message
          : undefined;
  const message = `${field ?? "record"} ${JSON.stringify(value)} ${issue.code === "custom" ? issue.message : expected === undefined ? issue.message.toLowerCase() : `is not ${expected}`}`;
  return { ...location, code, value, ...(expected === undefined ? {} : { expected }), message };
}
