/**
 * The built-in table presets: the field names of the national enterprise credit information
 * publicity system (国家企业信用信息公示系统, www.gsxt.gov.cn) for the register and each event
 * table, with the variants provincial exports use, and the code table each coded field goes
 * through. `mapping draft` recognises a bureau's files by them.
 * @module
 */
import type { Bilingual } from "@creditclass/core";
import type { RecordKind } from "../schemas.js";

/** A preset field: the header names that mean it (first = the publicity system's), its code table and unit. */
export interface PresetField {
  readonly names: readonly string[];
  readonly codes?: string;
  readonly unit?: "元" | "万元";
  readonly optional?: boolean;
}

/** One record a preset table yields. */
export interface PresetRecord {
  /** A column that must be filled for the record to exist (names, first found). */
  readonly when?: readonly string[];
  readonly constants?: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, PresetField>>;
}

/**
 * A table a bureau exports, as the publicity system names its fields.
 * @category Mapping
 */
export interface TablePreset {
  readonly id: string;
  readonly name: Bilingual;
  readonly kind: RecordKind;
  /** Words in file names that suggest the table. */
  readonly fileHints: readonly string[];
  readonly records: readonly PresetRecord[];
  /** Where the field names come from. */
  readonly source: string;
}

const GSXT = "国家企业信用信息公示系统 (www.gsxt.gov.cn) 公示项目 and 《企业信息公示暂行条例》(2024 修订) 第六条–第十条";
const USCC: PresetField = { names: ["统一社会信用代码", "统一社会信用代码/注册号", "注册号", "社会信用代码", "信用代码", "uscc"] };
const RECORDED: PresetField = { names: ["数据归集日期", "归集日期", "入库日期", "公示日期", "录入日期", "recorded"] };
const ID = (extra: readonly string[]): PresetField => ({ names: [...extra, "记录编号", "业务编号", "数据编号", "source_id"] });

/**
 * The built-in table presets.
 *
 * @example
 * TABLE_PRESETS.map((p) => p.id) //=> ["register", "persons", "penalties", "abnormal_list", "serious_list", "inspections", "annual_reports", "pledges", "changes", "complaints", "credit_repairs"]
 * @category Mapping
 */
export const TABLE_PRESETS: readonly TablePreset[] = [
  {
    id: "register",
    name: { zh: "登记注册", en: "register" },
    kind: "enterprises",
    fileHints: ["登记", "注册", "主体", "企业基本", "register", "enterprise"],
    source: `${GSXT}: 营业执照信息 (统一社会信用代码, 企业名称, 类型, 成立日期, 注册资本, 登记状态, 住所, 核准日期)`,
    records: [
      {
        fields: {
          uscc: USCC,
          name: { names: ["企业名称", "名称", "市场主体名称", "name"] },
          entity_type: { names: ["市场主体类型", "企业类型", "类型", "主体类型", "entity_type"], codes: "entity_type" },
          region: { names: ["行政区划代码", "登记机关区划", "所属区划", "区划代码", "region"] },
          industry: { names: ["行业代码", "国民经济行业代码", "行业门类代码", "industry"] },
          established: { names: ["成立日期", "注册日期", "established"] },
          registered_capital: { names: ["注册资本（万元）", "注册资本", "注册资金", "registered_capital"], unit: "万元", optional: true },
          status: { names: ["登记状态", "经营状态", "企业状态", "status"], codes: "status" },
          address: { names: ["住所", "经营场所", "住所（经营场所）", "地址", "address"] },
          tags: { names: ["标签", "监管标签", "tags"], optional: true },
          recorded: { names: ["核准日期", ...RECORDED.names] },
        },
      },
    ],
  },
  {
    id: "persons",
    name: { zh: "主要人员及股东", en: "key persons and shareholders" },
    kind: "relations",
    fileHints: ["人员", "股东", "出资", "relation"],
    source: `${GSXT}: 主要人员信息 (姓名, 职务), 股东及出资信息 (股东, 股东类型)`,
    records: [
      {
        fields: {
          source_id: ID(["关系编号"]),
          uscc: USCC,
          party: { names: ["人员编号", "证件号码（脱敏）", "股东编号", "party"] },
          party_type: { names: ["人员类型", "股东类型", "party_type"], codes: "party_type" },
          role: { names: ["职务", "身份", "角色", "role"], codes: "role" },
          since: { names: ["任职日期", "出资日期", "起始日期", "since"] },
          recorded: RECORDED,
        },
      },
    ],
  },
  {
    id: "penalties",
    name: { zh: "行政处罚", en: "administrative penalties" },
    kind: "events",
    fileHints: ["处罚", "penalt"],
    source: `${GSXT}: 行政处罚信息 (决定书文号, 违法行为类型, 行政处罚内容, 作出行政处罚决定机关名称, 作出行政处罚决定日期, 公示日期); 处罚种类 per 《行政处罚法》第九条`,
    records: [
      {
        constants: { kind: "penalty" },
        fields: {
          source_id: ID(["处罚记录编号"]),
          uscc: USCC,
          case_id: { names: ["决定书文号", "行政处罚决定书文号", "处罚决定书文号", "case_id"] },
          severity: { names: ["处罚种类", "处罚类别", "行政处罚种类", "severity"], codes: "penalty_kind" },
          amount: { names: ["罚没款金额（元）", "罚款金额（元）", "罚没金额", "罚款金额", "amount"], unit: "元" },
          authority: { names: ["作出决定机关", "作出行政处罚决定机关名称", "处罚机关", "authority"] },
          date: { names: ["处罚决定日期", "作出行政处罚决定日期", "决定日期", "date"] },
          published: { names: ["公示日期", "published"] },
          recorded: { names: ["数据归集日期", "归集日期", "入库日期", "公示日期", "recorded"] },
        },
      },
    ],
  },
  {
    id: "abnormal_list",
    name: { zh: "经营异常名录", en: "abnormal-operations list" },
    kind: "events",
    fileHints: ["经营异常", "异常名录", "abnormal"],
    source: `${GSXT}: 列入经营异常名录信息 (列入经营异常名录原因, 列入日期, 作出决定机关(列入), 移出经营异常名录原因, 移出日期, 作出决定机关(移出))`,
    records: [
      {
        constants: { kind: "abnormal_entry" },
        fields: {
          source_id: ID(["列入记录编号"]),
          uscc: USCC,
          reason: { names: ["列入经营异常名录原因", "列入原因"], codes: "abnormal_reason" },
          date: { names: ["列入日期"] },
          recorded: { names: ["列入归集日期", ...RECORDED.names] },
        },
      },
      {
        when: ["移出日期"],
        constants: { kind: "abnormal_removal" },
        fields: {
          source_id: { names: ["移出记录编号"] },
          uscc: USCC,
          reason: { names: ["移出经营异常名录原因", "移出原因"], codes: "abnormal_reason" },
          date: { names: ["移出日期"] },
          recorded: { names: ["移出归集日期"] },
        },
      },
    ],
  },
  {
    id: "serious_list",
    name: { zh: "严重违法失信名单", en: "serious-violation list" },
    kind: "events",
    fileHints: ["严重违法", "失信", "serious"],
    source: `${GSXT}: 列入严重违法失信名单（黑名单）信息 (列入原因, 列入日期, 作出决定机关(列入), 移出原因, 移出日期)`,
    records: [
      {
        constants: { kind: "serious_entry" },
        fields: {
          source_id: ID(["列入记录编号"]),
          uscc: USCC,
          reason: { names: ["列入严重违法失信名单原因", "列入原因", "类别"], codes: "serious_reason" },
          date: { names: ["列入日期"] },
          recorded: { names: ["列入归集日期", ...RECORDED.names] },
        },
      },
      {
        when: ["移出日期"],
        constants: { kind: "serious_removal" },
        fields: {
          source_id: { names: ["移出记录编号"] },
          uscc: USCC,
          reason: { names: ["移出严重违法失信名单原因", "移出原因"], codes: "serious_reason" },
          date: { names: ["移出日期"] },
          recorded: { names: ["移出归集日期"] },
        },
      },
    ],
  },
  {
    id: "inspections",
    name: { zh: "抽查检查结果", en: "spot checks and inspections" },
    kind: "events",
    fileHints: ["抽查", "检查", "inspection"],
    source: `${GSXT}: 抽查检查结果信息 (检查实施机关, 类型, 日期, 结果)`,
    records: [
      {
        constants: { kind: "inspection" },
        fields: {
          source_id: ID(["检查记录编号"]),
          uscc: USCC,
          task_id: { names: ["抽查任务编号", "任务编号", "task_id"] },
          result: { names: ["检查结果", "抽查检查结果", "结果", "result"], codes: "inspection_result" },
          date: { names: ["检查日期", "抽查日期", "日期", "date"] },
          recorded: RECORDED,
        },
      },
    ],
  },
  {
    id: "annual_reports",
    name: { zh: "年度报告", en: "annual reports" },
    kind: "events",
    fileHints: ["年报", "年度报告", "annual"],
    source: `${GSXT}: 企业年报 (报送年度, 公示日期); 《企业信息公示暂行条例》第八条 (1月1日至6月30日报送)`,
    records: [
      {
        constants: { kind: "annual_report" },
        fields: {
          source_id: ID(["年报记录编号"]),
          uscc: USCC,
          report_year: { names: ["报送年度", "年报年度", "年度", "report_year"] },
          flags: { names: ["年报异常标记", "异常标记", "flags"], codes: "report_flags", optional: true },
          date: { names: ["报送日期", "年报报送日期", "提交日期", "date"] },
          recorded: RECORDED,
        },
      },
    ],
  },
  {
    id: "pledges",
    name: { zh: "股权出质登记", en: "equity pledges" },
    kind: "events",
    fileHints: ["出质", "质押", "pledge"],
    source: `${GSXT}: 股权出质登记信息 (登记编号, 出质股权数额, 股权出质设立登记日期)`,
    records: [
      {
        constants: { kind: "pledge" },
        fields: {
          source_id: ID(["登记编号"]),
          uscc: USCC,
          amount: { names: ["出质股权数额（万元）", "出质股权数额", "出质金额", "amount"], unit: "万元" },
          date: { names: ["股权出质设立登记日期", "登记日期", "出质登记日期", "date"] },
          recorded: RECORDED,
        },
      },
    ],
  },
  {
    id: "changes",
    name: { zh: "变更登记", en: "registration changes" },
    kind: "events",
    fileHints: ["变更", "change"],
    source: `${GSXT}: 变更信息 (变更事项, 变更前内容, 变更后内容, 变更日期)`,
    records: [
      {
        constants: { kind: "change" },
        fields: {
          source_id: ID(["变更记录编号"]),
          uscc: USCC,
          field: { names: ["变更事项", "变更项目", "field"], codes: "change_item" },
          date: { names: ["变更日期", "核准日期", "date"] },
          recorded: RECORDED,
        },
      },
    ],
  },
  {
    id: "complaints",
    name: { zh: "投诉举报", en: "complaints and reports" },
    kind: "events",
    fileHints: ["投诉", "举报", "complaint"],
    source: "《市场监督管理投诉举报处理暂行办法》(国家市场监督管理总局令第20号, 2019): 投诉举报登记 (登记编号, 类别, 登记日期)",
    records: [
      {
        constants: { kind: "complaint" },
        fields: {
          source_id: ID(["投诉举报编号", "登记编号"]),
          uscc: { names: ["被投诉举报人统一社会信用代码", ...USCC.names] },
          channel: { names: ["类别", "投诉举报类别", "诉求类型", "channel"], codes: "complaint_channel" },
          date: { names: ["登记日期", "受理日期", "投诉举报日期", "date"] },
          recorded: RECORDED,
        },
      },
    ],
  },
  {
    id: "credit_repairs",
    name: { zh: "信用修复", en: "credit repairs" },
    kind: "events",
    fileHints: ["信用修复", "修复", "repair"],
    source: "《市场监督管理信用修复管理办法》(国市监信规〔2021〕3号): 信用修复决定 (修复记录, 被修复的处罚或名单记录, 决定日期)",
    records: [
      {
        constants: { kind: "credit_repair" },
        fields: {
          source_id: ID(["修复记录编号"]),
          uscc: USCC,
          repairs: { names: ["被修复记录编号", "原记录编号", "repairs"] },
          date: { names: ["修复决定日期", "决定日期", "date"] },
          recorded: RECORDED,
        },
      },
    ],
  },
];
