/**
 * Issues as data: every validation problem is a value with a code, a location and what was
 * expected, collected into a list and carried by one error class. Modelled on zod's issues.
 * @module
 */

/** Where a problem was found: a file and line for records, a path for configs and objects. */
export interface IssueLocation {
  /** Source file, when the record came from a file. */
  readonly file?: string;
  /** 1-based line in the file (the header is line 1). */
  readonly line?: number;
  /** Field (column) name in a record. */
  readonly field?: string;
  /** Path inside a config document or object, e.g. `["families", "supervision", "weight"]`. */
  readonly path?: readonly (string | number)[];
}

/**
 * Every issue code used by creditclass, with its Chinese and English label. Codes are
 * `snake_case` and stable: tools may match on them.
 */
export const ISSUE_LABELS = {
  uscc_length: { zh: "统一社会信用代码长度错误", en: "wrong length of unified social credit code" },
  uscc_illegal_char: { zh: "统一社会信用代码含非法字符", en: "illegal character in unified social credit code" },
  uscc_check_char: { zh: "统一社会信用代码校验码错误", en: "wrong check character of unified social credit code" },
  invalid_date: { zh: "日期无效", en: "invalid calendar date" },
  invalid_period: { zh: "月份无效", en: "invalid period (month)" },
  invalid_risk_class: { zh: "风险分类无效", en: "invalid risk class" },
  invalid_region_code: { zh: "行政区划代码无效", en: "invalid administrative division code" },
  invalid_industry_code: { zh: "行业代码无效", en: "invalid industry code" },
  missing_field: { zh: "缺少必填字段", en: "missing required field" },
  missing_column: { zh: "缺少必需的列", en: "missing required column" },
  invalid_number: { zh: "数值无效", en: "invalid number" },
  invalid_enum: { zh: "取值不在允许范围内", en: "value not among the allowed values" },
  invalid_value: { zh: "取值无效", en: "invalid value" },
  impossible_date: { zh: "日期不合逻辑", en: "impossible date" },
  malformed_record: { zh: "记录格式错误", en: "malformed record" },
  duplicate_record: { zh: "重复记录", en: "duplicate record" },
  unknown_enterprise: { zh: "企业不在登记库中", en: "enterprise not in the register" },
  invalid_config: { zh: "配置无效", en: "invalid configuration" },
  unknown_indicator: { zh: "未知指标", en: "unknown indicator" },
  invalid_expression: { zh: "表达式无效", en: "invalid expression" },
  duplicate_id: { zh: "标识重复", en: "duplicate identifier" },
  length_mismatch: { zh: "列长度不一致", en: "column lengths differ" },
  assignment_impossible: { zh: "无法按回避规则分派检查人员", en: "no inspector assignment satisfies the rules" },
  unknown_alert: { zh: "预警不存在", en: "no such alert" },
  invalid_encoding: { zh: "字符编码无效", en: "bytes not valid in the file's encoding" },
  control_character: { zh: "含控制字符", en: "control character in a field" },
  unbalanced_quote: { zh: "引号不配对", en: "unbalanced quote" },
  duplicate_column: { zh: "列名重复", en: "duplicated column in the header" },
  not_a_database: { zh: "不是数据库文件", en: "not a creditclass database" },
  database_in_use: { zh: "数据库正被其他进程使用", en: "database in use by another process" },
  unfinished_ingest: { zh: "数据库含未完成的归集", en: "unfinished ingest" },
  output_conflict: { zh: "输出路径冲突", en: "output path conflict" },
  unauthorized: { zh: "未认证或令牌无效", en: "missing, unknown or revoked API token" },
  forbidden: { zh: "角色无此权限", en: "the token's role may not do this" },
  not_found: { zh: "不存在或不在管辖范围内", en: "not found in the token's scope" },
  too_many_requests: { zh: "请求过于频繁", en: "rate limit exceeded" },
  payload_too_large: { zh: "请求体过大", en: "request body or batch too large" },
  request_timeout: { zh: "请求超时", en: "request timed out" },
  busy: { zh: "另有任务正在写入", en: "another job is writing" },
  internal_error: { zh: "服务内部错误", en: "internal error" },
} as const satisfies Record<string, { readonly zh: string; readonly en: string }>;

/** A stable issue code: a key of {@link ISSUE_LABELS}. */
export type IssueCode = keyof typeof ISSUE_LABELS;

/** The language of a message: Chinese (`zh`) or English (`en`). */
export type Locale = "zh" | "en";

/**
 * One validation problem.
 *
 * @example
 * const issue: Issue = { code: "uscc_check_char", field: "uscc", line: 12, value: "91330100716105852A",
 *   expected: "check character F", message: "check character is A, expected F" };
 */
export interface Issue extends IssueLocation {
  readonly code: IssueCode;
  /** A specific English sentence about this occurrence. */
  readonly message: string;
  /** The offending value, as read. */
  readonly value?: unknown;
  /** What would have been accepted. */
  readonly expected?: string;
}

/**
 * Renders an issue on one line, with its location, in Chinese or English.
 *
 * @param issue - The issue.
 * @param locale - `en` (default) or `zh`.
 * @returns e.g. `events.csv:12 uscc: wrong check character of unified social credit code — check character is A, expected F`.
 * @example
 * formatIssue({ code: "missing_field", field: "region", line: 3, file: "register.csv", message: "region is empty" })
 * //=> "register.csv:3 region: missing required field — region is empty"
 * @category Errors
 */
export function formatIssue(issue: Issue, locale: Locale = "en"): string {
  const where: string[] = [];
  if (issue.file !== undefined) where.push(issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`);
  else if (issue.line !== undefined) where.push(`line ${issue.line}`);
  if (issue.path !== undefined && issue.path.length > 0) where.push(formatPath(issue.path));
  if (issue.field !== undefined) where.push(issue.field);
  const label = ISSUE_LABELS[issue.code][locale];
  const detail = locale === "en" ? issue.message : issue.expected === undefined ? "" : `应为 ${issue.expected}`;
  const head = where.length > 0 ? `${where.join(" ")}: ` : "";
  return detail === "" ? `${head}${label}` : `${head}${label} — ${detail}`;
}

/**
 * Formats a config path the way a reader writes it: `families.supervision.indicators[3].bins[2]`.
 *
 * @param path - Keys and array indices.
 * @returns The dotted path; `(root)` for an empty path.
 * @example
 * formatPath(["families", "supervision", "indicators", 3]) //=> "families.supervision.indicators[3]"
 * @category Errors
 */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return "(root)";
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out === "" ? key : `.${key}`;
  return out;
}

/**
 * Base class of every error creditclass throws on purpose.
 *
 * @example
 * try { parsePeriod("2026-13"); } catch (e) { if (e instanceof CreditclassError) console.log(e.code); }
 * @category Errors
 */
export class CreditclassError extends Error {
  /** A stable code for programs to match on. */
  readonly code: IssueCode;
  constructor(code: IssueCode, message: string) {
    super(message);
    this.name = "CreditclassError";
    this.code = code;
  }
}

/**
 * A validation failure carrying every issue found, not only the first.
 *
 * @example
 * const err = new ValidationError([{ code: "missing_column", field: "uscc", message: "column uscc is missing" }]);
 * err.message //=> "1 issue: uscc: missing required column — column uscc is missing"
 * @category Errors
 */
export class ValidationError extends CreditclassError {
  /** All issues, in the order they were found. */
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[]) {
    const first = issues[0];
    const head = `${issues.length} issue${issues.length === 1 ? "" : "s"}`;
    super(first?.code ?? "invalid_value", first === undefined ? head : `${head}: ${formatIssue(first)}`);
    this.name = "ValidationError";
    this.issues = issues;
  }
}

/**
 * The outcome of a `safeX` function: the value, or the issues that prevented it.
 * @category Errors
 */
export type SafeResult<T> = { readonly success: true; readonly data: T } | { readonly success: false; readonly issues: readonly Issue[] };

/**
 * The value of a successful {@link SafeResult}, or its issues thrown: how every `parseX` is built
 * from its `safeParseX`.
 *
 * @param result - A safe result.
 * @returns The value.
 * @throws {ValidationError} With the result's issues.
 * @example
 * unwrap(safeParsePeriod("2026-11")) //=> "2026-11"
 * @category Errors
 */
export function unwrap<T>(result: SafeResult<T>): T {
  if (!result.success) throw new ValidationError(result.issues);
  return result.data;
}

/**
 * Issues of a schema validator (zod's shape: a path and a message) as `invalid_config` issues of
 * a config document, so every package reports document errors the same way.
 *
 * @param issues - The validator's issues.
 * @returns One issue each, with the path and the validator's message.
 * @example
 * configIssues([{ path: ["ratios", "B"], message: "Too big" }]) //=> [{ code: "invalid_config", path: ["ratios", "B"], message: "Too big", expected: "Too big" }]
 * @category Errors
 */
export function configIssues(issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[]): Issue[] {
  return issues.map((i) => ({
    code: "invalid_config",
    path: i.path.map((p) => (typeof p === "number" ? p : String(p))),
    message: i.message,
    expected: i.message,
  }));
}

/**
 * Runs a check that throws a {@link ValidationError}, adding its issues to a list instead, so a
 * validator can report every problem of a document at once.
 *
 * @param issues - The list to add to.
 * @param check - The check (other errors pass through).
 * @example
 * collectIssues(issues, () => compileColumnExpression(source, known, path));
 * @category Errors
 */
export function collectIssues(issues: Issue[], check: () => unknown): void {
  try {
    check();
  } catch (e) {
    if (e instanceof ValidationError) issues.push(...e.issues);
    else throw e;
  }
}
