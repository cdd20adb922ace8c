/**
 * The code tables of the built-in presets: how the national enterprise credit information
 * publicity system (国家企业信用信息公示系统) and provincial exports write entity types, register
 * statuses, penalty kinds, list reasons, inspection results, change items, roles and channels,
 * each with the published source its values come from.
 * @module
 */
import type { SourceMappingInput } from "./mapping-document.js";

type CodeTables = NonNullable<SourceMappingInput["codeTables"]>;

const company = (codes: readonly string[]): Record<string, string> => Object.fromEntries(codes.map((c) => [c, "company"]));

/**
 * The preset code tables, keyed by name; `source` cites where each table's values are published.
 *
 * @example
 * PRESET_CODE_TABLES.status?.values["吊销，未注销"] //=> "revoked"
 * @category Mapping
 */
export const PRESET_CODE_TABLES: CodeTables = {
  entity_type: {
    name: { zh: "市场主体类型", en: "market entity type" },
    source:
      "工商总局《企业(机构)类型代码表》(1000 内资公司: 1100–1190 有限责任公司, 1200–1229 股份有限公司; 2000 内资分公司: 2100, 2200), and the type names the publicity system prints; GB 32100-2015 position 2 (1 enterprise, 2 individual business, 3 farmers' cooperative)",
    values: {
      ...company([
        "1000",
        "1100",
        "1110",
        "1120",
        "1121",
        "1122",
        "1123",
        "1130",
        "1140",
        "1150",
        "1151",
        "1152",
        "1153",
        "1190",
        "1200",
        "1210",
        "1211",
        "1212",
        "1213",
        "1219",
        "1220",
        "1221",
        "1222",
        "1223",
        "1229",
      ]),
      有限责任公司: "company",
      "有限责任公司(自然人投资或控股)": "company",
      "有限责任公司(自然人独资)": "company",
      "有限责任公司(国有独资)": "company",
      一人有限责任公司: "company",
      股份有限公司: "company",
      "其他股份有限公司(非上市)": "company",
      "2000": "branch",
      "2100": "branch",
      "2200": "branch",
      分公司: "branch",
      有限责任公司分公司: "branch",
      股份有限公司分公司: "branch",
      个人独资企业: "sole_proprietorship",
      合伙企业: "partnership",
      普通合伙企业: "partnership",
      特殊普通合伙企业: "partnership",
      有限合伙企业: "partnership",
      农民专业合作社: "cooperative",
      农民专业合作社联合社: "cooperative",
      个体工商户: "individual",
      个体: "individual",
    },
    unknown: "quarantine",
  },
  status: {
    name: { zh: "登记状态", en: "register status" },
    source:
      "国家企业信用信息公示系统 登记状态 (存续（在营、开业、在册）, 在业, 吊销，未注销, 吊销，已注销, 注销, 迁出, 撤销); 迁出 and 撤销 are left to the bureau (quarantined)",
    values: {
      "存续（在营、开业、在册）": "active",
      存续: "active",
      在业: "active",
      在营: "active",
      开业: "active",
      在册: "active",
      "吊销，未注销": "revoked",
      吊销: "revoked",
      "吊销，已注销": "deregistered",
      注销: "deregistered",
    },
    unknown: "quarantine",
  },
  penalty_kind: {
    name: { zh: "处罚种类", en: "kind of penalty" },
    source:
      "《中华人民共和国行政处罚法》(2021) 第九条 (警告、通报批评; 罚款、没收违法所得、没收非法财物; 暂扣许可证件、降低资质等级、吊销许可证件; 限制开展生产经营活动、责令停产停业、责令关闭、限制从业; 行政拘留); grouped into creditclass's severities by the order of that article (reputational → minor, pecuniary → general, licence and activity → serious)",
    values: {
      警告: "minor",
      通报批评: "minor",
      罚款: "general",
      没收违法所得: "general",
      没收非法财物: "general",
      "没收违法所得、没收非法财物": "general",
      暂扣许可证件: "serious",
      降低资质等级: "serious",
      吊销许可证件: "serious",
      吊销许可证: "serious",
      吊销营业执照: "serious",
      限制开展生产经营活动: "serious",
      责令停产停业: "serious",
      责令关闭: "serious",
      限制从业: "serious",
      行政拘留: "serious",
    },
    unknown: "quarantine",
  },
  abnormal_reason: {
    name: { zh: "列入/移出经营异常名录原因", en: "reason of an abnormal-list entry or removal" },
    source: "《企业经营异常名录管理暂行办法》(原国家工商总局令第68号, 2014) 第四条 (列入) and 第十一条–第十四条 (移出); other reasons are kept as written",
    values: {
      未按照规定期限公示年度报告: "no_annual_report",
      "未按照《企业信息公示暂行条例》第八条规定的期限公示年度报告": "no_annual_report",
      未在责令的期限内公示有关企业信息: "no_information_disclosure",
      公示企业信息隐瞒真实情况弄虚作假: "false_disclosure",
      "公示企业信息隐瞒真实情况、弄虚作假": "false_disclosure",
      通过登记的住所或者经营场所无法联系: "unreachable_address",
      补报未报年份的年度报告并公示: "report_filed",
      履行公示义务: "information_disclosed",
      更正其公示的信息: "information_corrected",
      依法办理住所或者经营场所变更登记: "address_reachable",
    },
    unknown: "keep",
  },
  serious_reason: {
    name: { zh: "列入严重违法失信名单原因", en: "reason of a serious-violation list entry" },
    source:
      "《市场监督管理严重违法失信名单管理办法》(国家市场监督管理总局令第44号, 2021) 第二章; the reasons are kept as a single code, the list itself is what indicators read",
    values: {},
    unknown: { default: "serious_violation" },
  },
  inspection_result: {
    name: { zh: "抽查检查结果", en: "inspection result" },
    source:
      "国家企业信用信息公示系统 抽查检查结果 (未发现问题; 未按规定公示应当公示的信息; 公示信息隐瞒真实情况、弄虚作假; 通过登记的住所（经营场所）无法联系; 未发现开展本次抽查涉及的经营活动; 发现问题已责令改正; 不配合检查情节严重), per 《企业公示信息抽查暂行办法》(原国家工商总局令第67号, 2014)",
    values: {
      未发现问题: "compliant",
      正常: "compliant",
      未按规定公示应当公示的信息: "problem",
      "公示信息隐瞒真实情况、弄虚作假": "problem",
      发现问题已责令改正: "problem",
      发现问题待后续处理: "problem",
      不配合检查情节严重: "problem",
      "通过登记的住所（经营场所）无法联系": "not_found",
      通过登记的住所或者经营场所无法联系: "not_found",
      未发现开展本次抽查涉及的经营活动: "not_found",
    },
    unknown: "quarantine",
  },
  change_item: {
    name: { zh: "变更事项", en: "changed item" },
    source: "国家企业信用信息公示系统 变更信息 变更事项 (《市场主体登记管理条例》(2021) 第八条 登记事项)",
    values: {
      法定代表人变更: "legal_rep",
      负责人变更: "legal_rep",
      "法定代表人（负责人）变更": "legal_rep",
      住所变更: "address",
      经营场所变更: "address",
      注册资本变更: "capital",
      "注册资本（金）变更": "capital",
      "投资人（股权）变更": "shareholder",
      "股东（发起人）变更": "shareholder",
      投资人变更: "shareholder",
      名称变更: "name",
      经营范围变更: "scope",
    },
    unknown: "quarantine",
  },
  role: {
    name: { zh: "职务/身份", en: "role" },
    source: "国家企业信用信息公示系统 主要人员信息 and 股东及出资信息; 《公司法》(2023) 第十条 (法定代表人), 第四章 (董事、监事、经理)",
    values: {
      法定代表人: "legal_rep",
      负责人: "legal_rep",
      经营者: "legal_rep",
      执行事务合伙人: "legal_rep",
      股东: "shareholder",
      发起人: "shareholder",
      投资人: "shareholder",
      董事: "manager",
      董事长: "manager",
      执行董事: "manager",
      监事: "manager",
      经理: "manager",
      总经理: "manager",
    },
    unknown: "quarantine",
  },
  party_type: {
    name: { zh: "人员/股东类型", en: "party type" },
    source: "国家企业信用信息公示系统 股东及出资信息 股东类型 (自然人股东, 企业法人, …)",
    values: { 自然人: "person", 自然人股东: "person", 企业法人: "enterprise", 法人股东: "enterprise", 企业: "enterprise" },
    unknown: "quarantine",
  },
  complaint_channel: {
    name: { zh: "投诉举报类别", en: "complaint or report" },
    source: "《市场监督管理投诉举报处理暂行办法》(国家市场监督管理总局令第20号, 2019) 第三条 (投诉) and 第四条 (举报)",
    values: { 投诉: "complaint", 举报: "report" },
    unknown: "quarantine",
  },
  report_flags: {
    name: { zh: "年报异常标记", en: "annual-report flags" },
    source: "《企业信息公示暂行条例》(2024 修订) 第九条 年度报告内容 (从业人数、营业总收入、资产总额)",
    values: {
      从业人数为零: "zero_employees",
      营业总收入为零: "zero_revenue",
      资产总额为零: "zero_assets",
      "从业人数、营业总收入均为零": "zero_employees;zero_revenue",
    },
    unknown: "quarantine",
  },
};
