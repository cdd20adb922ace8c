/**
 * The source mapping that matches the generator's bureau-style export: written beside the files
 * as `mapping.json`, so `creditclass ingest --mapping mapping.json DIR` reads them back into the
 * same records as the province in creditclass's own layout.
 * @module
 */
import { BUREAU_TABLES, BUREAU_VALUES } from "./bureau-tables.js";

type Json = Record<string, unknown>;

/** A code table from the generator's value lists: every bureau value back to its code. */
function codeTable(values: string, zh: string, en: string, source: string, unknown: unknown = "quarantine"): Json {
  const table: Record<string, string> = {};
  for (const [code, words] of Object.entries(BUREAU_VALUES[values] ?? {})) for (const w of words) table[w] = code;
  return { name: { zh, en }, source, values: table, unknown };
}

const col = (column: string, extra: Json = {}): Json => ({ column, ...extra });
const kind = (k: string): Json => ({ constant: k });

/**
 * The mapping document of the bureau-style export (a `creditclass.source-mapping`, version 1).
 *
 * @returns The document, ready for `JSON.stringify`.
 * @example
 * bureauMapping().sources.length //=> 11
 * @category Generator
 */
export function bureauMapping(): { kind: string; version: number; sources: Record<string, unknown>[] } & Record<string, unknown> {
  const t = BUREAU_TABLES;
  const uscc = col("统一社会信用代码");
  return {
    kind: "creditclass.source-mapping",
    version: 1,
    name: { zh: "模拟省局导出", en: "generated bureau export" },
    source: "creditclass generate --format bureau: the publicity system's field names (docs/mapping.md)",
    dateFormats: ["YYYY-MM-DD", "YYYY/M/D", "YYYYMMDD", "YYYY年M月D日", "excel"],
    codeTables: {
      entity_type: codeTable("entity_type", "市场主体类型", "market entity type", "工商总局《企业(机构)类型代码表》 and the publicity system's type names"),
      status: codeTable("status", "登记状态", "register status", "国家企业信用信息公示系统 登记状态"),
      party_type: codeTable("party_type", "人员类型", "party type", "国家企业信用信息公示系统 股东类型"),
      role: codeTable("role", "职务", "role", "国家企业信用信息公示系统 主要人员信息"),
      penalty_kind: codeTable("severity", "处罚种类", "kind of penalty", "《中华人民共和国行政处罚法》(2021) 第九条"),
      abnormal_reason: codeTable("abnormal_reason", "经营异常名录原因", "abnormal-list reason", "《企业经营异常名录管理暂行办法》第四条, 第十一条", "keep"),
      serious_reason: codeTable("serious_reason", "严重违法失信名单原因", "serious-list reason", "《市场监督管理严重违法失信名单管理办法》(2021)", {
        default: "serious_violation",
      }),
      inspection_result: codeTable("result", "抽查检查结果", "inspection result", "国家企业信用信息公示系统 抽查检查结果"),
      report_flags: codeTable("flags", "年报异常标记", "annual-report flags", "《企业信息公示暂行条例》第九条"),
      change_item: codeTable("field", "变更事项", "changed item", "国家企业信用信息公示系统 变更信息"),
      complaint_channel: codeTable("channel", "投诉举报类别", "complaint or report", "《市场监督管理投诉举报处理暂行办法》(2019) 第三条、第四条"),
    },
    sources: [
      {
        id: "register",
        name: { zh: "登记注册", en: "register" },
        files: [t.register.file],
        kind: "enterprises",
        records: [
          {
            fields: {
              uscc,
              name: col("企业名称"),
              entity_type: col("市场主体类型", { codes: "entity_type" }),
              region: col("行政区划代码"),
              industry: col("行业代码"),
              established: col("成立日期"),
              registered_capital: col("注册资本（万元）", { unit: "万元" }),
              status: col("登记状态", { codes: "status" }),
              address: col("住所"),
              tags: col("监管标签"),
              recorded: col("核准日期"),
            },
          },
        ],
      },
      {
        id: "persons",
        name: { zh: "主要人员及股东", en: "key persons and shareholders" },
        files: [t.persons.file],
        kind: "relations",
        records: [
          {
            fields: {
              source_id: col("记录编号"),
              uscc,
              party: col("人员编号"),
              party_type: col("人员类型", { codes: "party_type" }),
              role: col("职务", { codes: "role" }),
              since: col("任职日期"),
              recorded: col("数据归集日期"),
            },
          },
        ],
      },
      {
        id: "penalties",
        name: { zh: "行政处罚", en: "administrative penalties" },
        files: [t.penalty.file],
        kind: "events",
        records: [
          {
            fields: {
              source_id: col("处罚记录编号"),
              kind: kind("penalty"),
              uscc,
              case_id: col("决定书文号"),
              severity: col("处罚种类", { codes: "penalty_kind" }),
              amount: col("罚没款金额（元）", { unit: "元" }),
              authority: col("作出决定机关"),
              date: col("处罚决定日期"),
              published: col("公示日期"),
              recorded: col("数据归集日期"),
            },
          },
        ],
      },
      listSource("abnormal_list", "经营异常名录", "abnormal-operations list", t.abnormal.file, "abnormal", "经营异常名录原因", "abnormal_reason"),
      listSource("serious_list", "严重违法失信名单", "serious-violation list", t.serious.file, "serious", "严重违法失信名单原因", "serious_reason"),
      eventSource("inspections", "抽查检查结果", "inspections", t.inspection.file, "inspection", "检查记录编号", "检查日期", {
        task_id: col("抽查任务编号"),
        result: col("检查结果", { codes: "inspection_result" }),
      }),
      eventSource("annual_reports", "年度报告", "annual reports", t.annual_report.file, "annual_report", "年报记录编号", "报送日期", {
        report_year: col("报送年度"),
        flags: col("年报异常标记", { codes: "report_flags" }),
      }),
      eventSource("pledges", "股权出质登记", "equity pledges", t.pledge.file, "pledge", "登记编号", "股权出质设立登记日期", {
        amount: col("出质股权数额（万元）", { unit: "万元" }),
      }),
      eventSource("changes", "变更登记", "registration changes", t.change.file, "change", "变更记录编号", "变更日期", {
        field: col("变更事项", { codes: "change_item" }),
      }),
      eventSource("complaints", "投诉举报", "complaints and reports", t.complaint.file, "complaint", "投诉举报编号", "登记日期", {
        channel: col("类别", { codes: "complaint_channel" }),
      }),
      eventSource("credit_repairs", "信用修复", "credit repairs", t.credit_repair.file, "credit_repair", "修复记录编号", "修复决定日期", {
        repairs: col("被修复记录编号"),
      }),
    ],
  };
}

function eventSource(id: string, zh: string, en: string, file: string, k: string, idColumn: string, dateColumn: string, fields: Json): Json {
  return {
    id,
    name: { zh, en },
    files: [file],
    kind: "events",
    records: [
      { fields: { source_id: col(idColumn), kind: kind(k), uscc: col("统一社会信用代码"), date: col(dateColumn), recorded: col("数据归集日期"), ...fields } },
    ],
  };
}

/** A list table: a row is an entry (where its date is filled) and, where a removal date is filled, a removal. */
function listSource(id: string, zh: string, en: string, file: string, prefix: string, reason: string, codes: string): Json {
  const record = (k: "列入" | "移出", eventKind: string): Json => ({
    when: { filled: `${k}日期` },
    fields: {
      source_id: col(`${k}记录编号`),
      kind: kind(eventKind),
      uscc: col("统一社会信用代码"),
      reason: col(`${k}${reason}`, { codes }),
      date: col(`${k}日期`),
      recorded: col(`${k}归集日期`),
    },
  });
  return { id, name: { zh, en }, files: [file], kind: "events", records: [record("列入", `${prefix}_entry`), record("移出", `${prefix}_removal`)] };
}
