/**
 * The bureau-style tables the generator writes: one per business line, with the publicity
 * system's Chinese headers, the code values a bureau's platform writes, and the date format of
 * each column; and the values creditclass's own codes become.
 * @module
 */

/** How a date column is written: a format, or a mix by row of date cells (ISO text in CSV), spreadsheet serial days and `YYYYMMDD` text. */
export type DateStyle = "YYYY-MM-DD" | "YYYY/M/D" | "YYYYMMDD" | "YYYY年M月D日" | "mixed";

/** One bureau table: its file, header and, per column, how dates are written. */
export interface BureauTable {
  readonly file: string;
  readonly header: readonly string[];
  readonly encoding: "utf-8" | "gb18030" | "xlsx";
  /** Column index → date style of the date columns. */
  readonly dates: Readonly<Record<number, DateStyle>>;
}

/**
 * The tables, by the record or event kinds they hold.
 *
 * @example
 * BUREAU_TABLES.register.encoding //=> "gb18030"
 */
export const BUREAU_TABLES = {
  register: {
    file: "登记注册信息.csv",
    header: [
      "统一社会信用代码",
      "企业名称",
      "市场主体类型",
      "行政区划代码",
      "行业代码",
      "成立日期",
      "注册资本（万元）",
      "登记状态",
      "住所",
      "监管标签",
      "核准日期",
    ],
    encoding: "gb18030",
    dates: { 5: "YYYY年M月D日", 10: "YYYY-MM-DD" },
  },
  persons: {
    file: "主要人员及股东.csv",
    header: ["记录编号", "统一社会信用代码", "人员编号", "人员类型", "职务", "任职日期", "数据归集日期"],
    encoding: "utf-8",
    dates: { 5: "YYYY/M/D", 6: "YYYY/M/D" },
  },
  penalty: {
    file: "行政处罚.csv",
    header: ["处罚记录编号", "统一社会信用代码", "决定书文号", "处罚种类", "罚没款金额（元）", "作出决定机关", "处罚决定日期", "公示日期", "数据归集日期"],
    encoding: "utf-8",
    dates: { 6: "mixed", 7: "mixed", 8: "mixed" },
  },
  abnormal: {
    file: "经营异常名录.csv",
    header: [
      "列入记录编号",
      "统一社会信用代码",
      "列入经营异常名录原因",
      "列入日期",
      "列入归集日期",
      "移出记录编号",
      "移出经营异常名录原因",
      "移出日期",
      "移出归集日期",
    ],
    encoding: "utf-8",
    dates: { 3: "YYYY-MM-DD", 4: "YYYY-MM-DD", 7: "YYYY-MM-DD", 8: "YYYY-MM-DD" },
  },
  serious: {
    file: "严重违法失信名单.xlsx",
    header: [
      "列入记录编号",
      "统一社会信用代码",
      "列入严重违法失信名单原因",
      "列入日期",
      "列入归集日期",
      "移出记录编号",
      "移出严重违法失信名单原因",
      "移出日期",
      "移出归集日期",
    ],
    encoding: "xlsx",
    dates: { 3: "mixed", 4: "mixed", 7: "mixed", 8: "mixed" },
  },
  inspection: {
    file: "抽查检查结果.csv",
    header: ["检查记录编号", "统一社会信用代码", "抽查任务编号", "检查结果", "检查日期", "数据归集日期"],
    encoding: "utf-8",
    dates: { 4: "YYYYMMDD", 5: "YYYYMMDD" },
  },
  annual_report: {
    file: "年度报告.csv",
    header: ["年报记录编号", "统一社会信用代码", "报送年度", "年报异常标记", "报送日期", "数据归集日期"],
    encoding: "utf-8",
    dates: { 4: "YYYY/M/D", 5: "YYYY/M/D" },
  },
  pledge: {
    file: "股权出质登记.csv",
    header: ["登记编号", "统一社会信用代码", "出质股权数额（万元）", "股权出质设立登记日期", "数据归集日期"],
    encoding: "utf-8",
    dates: { 3: "YYYY-MM-DD", 4: "YYYY-MM-DD" },
  },
  change: {
    file: "变更登记.csv",
    header: ["变更记录编号", "统一社会信用代码", "变更事项", "变更日期", "数据归集日期"],
    encoding: "utf-8",
    dates: { 3: "YYYY-MM-DD", 4: "YYYY-MM-DD" },
  },
  complaint: {
    file: "投诉举报.csv",
    header: ["投诉举报编号", "统一社会信用代码", "类别", "登记日期", "数据归集日期"],
    encoding: "utf-8",
    dates: { 3: "YYYY-MM-DD", 4: "YYYY-MM-DD" },
  },
  credit_repair: {
    file: "信用修复.csv",
    header: ["修复记录编号", "统一社会信用代码", "被修复记录编号", "修复决定日期", "数据归集日期"],
    encoding: "utf-8",
    dates: { 3: "YYYY-MM-DD", 4: "YYYY-MM-DD" },
  },
} as const satisfies Record<string, BureauTable>;

/**
 * The bureau's words for creditclass's codes; where a code has several, rows take them in turn.
 *
 * @example
 * BUREAU_VALUES.status?.revoked //=> ["吊销，未注销"]
 */
export const BUREAU_VALUES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  entity_type: {
    company: ["1130", "有限责任公司", "1151", "1220"],
    branch: ["2100"],
    partnership: ["有限合伙企业", "普通合伙企业"],
    sole_proprietorship: ["个人独资企业"],
    cooperative: ["农民专业合作社"],
    individual: ["个体工商户"],
  },
  status: { active: ["存续（在营、开业、在册）", "在业"], revoked: ["吊销，未注销"], deregistered: ["注销"] },
  party_type: { person: ["自然人"], enterprise: ["企业法人"] },
  role: { legal_rep: ["法定代表人"], shareholder: ["股东"], manager: ["监事"] },
  severity: { minor: ["警告"], general: ["罚款", "没收违法所得"], serious: ["责令停产停业", "吊销许可证件"] },
  abnormal_reason: {
    no_annual_report: ["未按照《企业信息公示暂行条例》第八条规定的期限公示年度报告"],
    report_filed: ["补报未报年份的年度报告并公示"],
  },
  serious_reason: { serious_violation: ["被列入经营异常名录届满3年仍未履行相关义务"] },
  result: { compliant: ["未发现问题"], problem: ["发现问题已责令改正", "未按规定公示应当公示的信息"], not_found: ["通过登记的住所（经营场所）无法联系"] },
  flags: { "zero_employees;zero_revenue": ["从业人数、营业总收入均为零"] },
  field: {
    legal_rep: ["法定代表人变更"],
    address: ["住所变更"],
    capital: ["注册资本变更"],
    shareholder: ["投资人（股权）变更"],
    name: ["名称变更"],
    scope: ["经营范围变更"],
  },
  channel: { complaint: ["投诉"], report: ["举报"] },
};
