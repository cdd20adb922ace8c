/**
 * The indicator catalog: every built-in indicator with its family, Chinese and English name,
 * unit, direction and window. Ids are stable; models refer to them.
 * @module
 */
import type { IndicatorFamily, IndicatorMeta } from "../indicator.js";

const m = (id: string, family: IndicatorFamily, zh: string, en: string, unit: string, direction: "risk" | "safety", window?: string): IndicatorMeta =>
  window === undefined ? { id, family, name: { zh, en }, unit, direction } : { id, family, name: { zh, en }, unit, direction, window };

/**
 * The built-in indicators, by family.
 *
 * @example
 * INDICATOR_CATALOG.find((m) => m.id === "penalties_12m")?.name.zh //=> "近12个月行政处罚次数"
 * @category Indicators
 */
export const INDICATOR_CATALOG: readonly IndicatorMeta[] = [
  m("age_months", "basic", "成立月数", "Enterprise age", "months", "safety"),
  m("is_individual", "basic", "是否个体工商户", "Individual business", "flag", "risk"),
  m("log_registered_capital", "basic", "注册资本（对数）", "Registered capital (log of 10k yuan + 1)", "log", "safety"),
  m("is_new_enterprise", "basic", "新设企业（成立不满6个月）", "Established less than 6 months ago", "flag", "risk"),
  m("changes_12m", "dynamic", "近12个月变更登记次数", "Registration changes, last 12 months", "count", "risk", "12 months"),
  m("legal_rep_changes_6m", "dynamic", "近6个月法定代表人变更次数", "Legal-representative changes, last 6 months", "count", "risk", "6 months"),
  m("address_changes_12m", "dynamic", "近12个月住所变更次数", "Address changes, last 12 months", "count", "risk", "12 months"),
  m("shareholder_changes_12m", "dynamic", "近12个月股东变更次数", "Shareholder changes, last 12 months", "count", "risk", "12 months"),
  m("capital_changes_12m", "dynamic", "近12个月注册资本变更次数", "Capital changes, last 12 months", "count", "risk", "12 months"),
  m("name_changes_24m", "dynamic", "近24个月名称变更次数", "Name changes, last 24 months", "count", "risk", "24 months"),
  m("months_since_last_change", "dynamic", "距最近一次变更月数", "Months since the last registration change", "months", "safety"),
  m("annual_report_missing", "dynamic", "近3年未报年报数", "Annual reports missing, last 3 due years", "count", "risk", "3 report years"),
  m("annual_report_late", "dynamic", "近3年逾期报送年报数", "Annual reports filed late, last 3 due years", "count", "risk", "3 report years"),
  m("annual_report_zero", "dynamic", "最近年报从业人数及营业收入为零", "Latest annual report shows zero employees and zero revenue", "flag", "risk"),
  m("pledges_12m", "dynamic", "近12个月股权出质次数", "Equity pledges, last 12 months", "count", "risk", "12 months"),
  m("penalties_12m", "supervision", "近12个月行政处罚次数", "Administrative penalties, last 12 months", "count", "risk", "12 months"),
  m("penalties_36m", "supervision", "近36个月行政处罚次数", "Administrative penalties, last 36 months", "count", "risk", "36 months"),
  m("serious_penalties_36m", "supervision", "近36个月严重行政处罚次数", "Serious penalties, last 36 months", "count", "risk", "36 months"),
  m(
    "penalty_severity_decayed",
    "supervision",
    "行政处罚严重程度加权（时间衰减）",
    "Penalties weighted by severity and time decay",
    "points",
    "risk",
    "validity period",
  ),
  m("penalty_amount_log_36m", "supervision", "近36个月罚没金额（对数）", "Penalty amounts, last 36 months (log of yuan + 1)", "log", "risk", "36 months"),
  m("months_since_last_penalty", "supervision", "距最近一次行政处罚月数", "Months since the last penalty", "months", "safety"),
  m("on_abnormal_list", "supervision", "当前列入经营异常名录", "Currently on the abnormal-operations list", "flag", "risk"),
  m("abnormal_entries_36m", "supervision", "近36个月列入经营异常名录次数", "Abnormal-operations list entries, last 36 months", "count", "risk", "36 months"),
  m("on_serious_list", "supervision", "当前列入严重违法失信名单", "Currently on the serious-violation list", "flag", "risk"),
  m("inspections_24m", "supervision", "近24个月被抽查检查次数", "Inspections, last 24 months", "count", "risk", "24 months"),
  m("inspection_problems_24m", "supervision", "近24个月抽查发现问题次数", "Inspections that found problems, last 24 months", "count", "risk", "24 months"),
  m(
    "inspection_not_found_24m",
    "supervision",
    "近24个月通过登记住所无法联系次数",
    "Not found at the registered address, last 24 months",
    "count",
    "risk",
    "24 months",
  ),
  m(
    "inspection_problem_rate_24m",
    "supervision",
    "近24个月抽查问题发现率",
    "Share of inspections that found problems, last 24 months",
    "ratio",
    "risk",
    "24 months",
  ),
  m("same_address_count", "relationship", "同一住所登记的其他企业数", "Other enterprises registered at the same address", "count", "risk"),
  m("related_enterprises", "relationship", "通过相同人员关联的企业数", "Enterprises linked through a shared person", "count", "risk"),
  m("related_listed_share", "relationship", "关联企业列入名录名单比例", "Share of linked enterprises on the abnormal or serious list", "ratio", "risk"),
  m(
    "related_penalised_share",
    "relationship",
    "关联企业近36个月受处罚比例",
    "Share of linked enterprises penalised in the last 36 months",
    "ratio",
    "risk",
    "36 months",
  ),
  m(
    "legal_rep_enterprise_count",
    "relationship",
    "法定代表人担任法定代表人的其他企业数",
    "Other enterprises of the same legal representative",
    "count",
    "risk",
  ),
  m("complaints_3m", "social", "近3个月投诉举报次数", "Complaints and reports, last 3 months", "count", "risk", "3 months"),
  m("complaints_12m", "social", "近12个月投诉举报次数", "Complaints and reports, last 12 months", "count", "risk", "12 months"),
  m("reports_12m", "social", "近12个月举报次数", "Reports (举报), last 12 months", "count", "risk", "12 months"),
  m(
    "complaint_growth",
    "social",
    "本月投诉举报较前3个月均值增长倍数",
    "This month's complaints against the trailing 3-month mean, (c + 1) / (mean + 1)",
    "ratio",
    "risk",
    "4 months",
  ),
];
