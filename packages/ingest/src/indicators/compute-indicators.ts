/**
 * Point-in-time indicators: for an as-of month, one pass over the event columns into
 * per-enterprise accumulators (typed arrays), then the relationship indicators over a
 * person → enterprises index. Only events recorded on or before the month's last day count;
 * a credit repair recorded by then removes the repaired record's effect; events older than
 * their kind's validity period (影响期) are ignored.
 * @module
 */
import type { EventKind, IndicatorMeta, Period, ProvinceColumns } from "@creditclass/core";
import {
  compileColumnExpression,
  DETAIL_CODES,
  daysFromCivil,
  EVENT_KINDS,
  FLAG_BITS,
  INDICATOR_CATALOG,
  IndicatorFrame,
  periodDayBounds,
  ValidationError,
  yearOfDay,
} from "@creditclass/core";

/**
 * A user-defined indicator: a function of the built-in frame, or a mathjs expression over its columns.
 * @category Indicators
 */
export type CustomIndicator =
  | { readonly meta: IndicatorMeta; readonly compute: (frame: IndicatorFrame) => Float64Array }
  | { readonly meta: IndicatorMeta; readonly expression: string };

/**
 * Options of {@link computeIndicators}.
 * @category Indicators
 */
export interface IndicatorOptions {
  /** Months an event of a kind counts (影响期); defaults in {@link DEFAULT_VALIDITY_MONTHS}. */
  readonly validityMonths?: Partial<Readonly<Record<EventKind, number>>>;
  /** Decay weight by the event's age in whole years (last weight applies beyond); default `[1, 0.6, 0.3, 0.15]`. */
  readonly decay?: readonly number[];
  /** Points per penalty severity for `penalty_severity_decayed`; default minor 1, general 2, serious 4. */
  readonly severityPoints?: Readonly<{ minor: number; general: number; serious: number }>;
  /** Persons linked to more enterprises than this are left out of relationship indicators (registration agents); default 500. */
  readonly maxLinksPerPerson?: number;
  /** Extra indicators, computed in order after the built-ins (each may use the ones before it). */
  readonly custom?: readonly CustomIndicator[];
}

/**
 * Default validity periods in months. Penalties: 3 years, as the public-display period of
 * general-procedure penalties (《市场监督管理行政处罚信息公示规定》2021, art. 14); other kinds
 * likewise 36 months; list entries count while the enterprise stays on the list.
 */
export const DEFAULT_VALIDITY_MONTHS: Readonly<Record<EventKind, number>> = {
  change: 36,
  annual_report: 60,
  penalty: 36,
  abnormal_entry: 1200,
  abnormal_removal: 1200,
  serious_entry: 1200,
  serious_removal: 1200,
  inspection: 36,
  complaint: 36,
  credit_repair: 1200,
  pledge: 36,
};

// Codes as constants (not object look-ups) in the hot loop.
const K_CHANGE = EVENT_KINDS.indexOf("change");
const K_ANNUAL_REPORT = EVENT_KINDS.indexOf("annual_report");
const K_PENALTY = EVENT_KINDS.indexOf("penalty");
const K_ABNORMAL_ENTRY = EVENT_KINDS.indexOf("abnormal_entry");
const K_ABNORMAL_REMOVAL = EVENT_KINDS.indexOf("abnormal_removal");
const K_SERIOUS_ENTRY = EVENT_KINDS.indexOf("serious_entry");
const K_SERIOUS_REMOVAL = EVENT_KINDS.indexOf("serious_removal");
const K_INSPECTION = EVENT_KINDS.indexOf("inspection");
const K_COMPLAINT = EVENT_KINDS.indexOf("complaint");
const K_PLEDGE = EVENT_KINDS.indexOf("pledge");
const D_LEGAL_REP = DETAIL_CODES.indexOf("legal_rep");
const D_ADDRESS = DETAIL_CODES.indexOf("address");
const D_CAPITAL = DETAIL_CODES.indexOf("capital");
const D_SHAREHOLDER = DETAIL_CODES.indexOf("shareholder");
const D_NAME = DETAIL_CODES.indexOf("name");
const D_MINOR = DETAIL_CODES.indexOf("minor");
const D_GENERAL = DETAIL_CODES.indexOf("general");
const D_SERIOUS = DETAIL_CODES.indexOf("serious");
const D_PROBLEM = DETAIL_CODES.indexOf("problem");
const D_NOT_FOUND = DETAIL_CODES.indexOf("not_found");
const D_REPORT = DETAIL_CODES.indexOf("report");
const ROLE_LEGAL_REP = 0;
const MINUS_INF = -2_147_483_648;

/**
 * Computes every built-in indicator (and the custom ones) for the enterprises that exist at the
 * end of `period` (established and recorded by then).
 *
 * @param province - Columns from `loadProvinceColumns` of `@creditclass/store`.
 * @param period - The as-of month.
 * @param options - Validity, decay, severity points, custom indicators.
 * @returns One row per enterprise, one column per indicator, with metadata and the period.
 * @throws {ValidationError} For a custom indicator with an invalid expression or the wrong length.
 * @example
 * const frame = computeIndicators(await loadProvinceColumns(db), parsePeriod("2026-10"));
 * frame.value("penalties_12m", 0) //=> 0
 * @category Indicators
 */
export function computeIndicators(province: ProvinceColumns, period: Period, options: IndicatorOptions = {}): IndicatorFrame {
  const { register: reg, events: ev } = province;
  const n = reg.count;
  const { last: asOf } = periodDayBounds(period);
  const asOfYear = Number(period.slice(0, 4));
  const asOfMonth = asOfYear * 12 + Number(period.slice(5, 7)) - 1;
  const validity = EVENT_KINDS.map((k) => options.validityMonths?.[k] ?? DEFAULT_VALIDITY_MONTHS[k]);
  const decay = options.decay ?? [1, 0.6, 0.3, 0.15];
  const points = options.severityPoints ?? { minor: 1, general: 2, serious: 4 };
  const severityPoints = new Float64Array(DETAIL_CODES.length);
  severityPoints[D_MINOR] = points.minor;
  severityPoints[D_GENERAL] = points.general;
  severityPoints[D_SERIOUS] = points.serious;

  const col = (): Float64Array => new Float64Array(n);
  const c = {
    changes_12m: col(),
    legal_rep_changes_6m: col(),
    address_changes_12m: col(),
    shareholder_changes_12m: col(),
    capital_changes_12m: col(),
    name_changes_24m: col(),
    pledges_12m: col(),
    penalties_12m: col(),
    penalties_36m: col(),
    serious_penalties_36m: col(),
    penalty_severity_decayed: col(),
    penalty_amount_36m: col(),
    abnormal_entries_36m: col(),
    inspections_24m: col(),
    inspection_problems_24m: col(),
    inspection_not_found_24m: col(),
    complaints_3m: col(),
    complaints_12m: col(),
    reports_12m: col(),
    complaints_this_month: col(),
    complaints_prev3: col(),
  };
  const lastChange = new Int32Array(n).fill(MINUS_INF);
  const lastPenalty = new Int32Array(n).fill(MINUS_INF);
  const abnormalIn = new Int32Array(n).fill(MINUS_INF);
  const abnormalOut = new Int32Array(n).fill(MINUS_INF);
  const seriousIn = new Int32Array(n).fill(MINUS_INF);
  const seriousOut = new Int32Array(n).fill(MINUS_INF);
  // Annual reports: bit k stands for report year lastDue − k (k = 0, 1, 2).
  const lastDue = asOf >= daysFromCivil(asOfYear, 6, 30) ? asOfYear - 1 : asOfYear - 2;
  // The filing deadline (30 June of the next year) of the k-th report year before the last one due.
  const deadline = Int32Array.from({ length: 3 }, (_, k) => daysFromCivil(lastDue - k + 1, 6, 30));
  const filedBits = new Uint8Array(n);
  const lateBits = new Uint8Array(n);
  const latestYear = new Int16Array(n);
  const latestFlags = new Uint8Array(n);
  const latestDay = new Int32Array(n).fill(MINUS_INF);

  const { ent, kind: kinds, month: months, recorded, repairedOn, day: days, detail: details, amount: amounts, reportYear, flags: flagColumn } = ev;
  const valid = Int32Array.from(validity);
  for (let j = 0; j < ev.count; j++) {
    if ((recorded[j] ?? 0) > asOf) continue;
    const e = ent[j] ?? 0;
    const kind = kinds[j] ?? 0;
    const age = asOfMonth - (months[j] ?? 0);
    if (age >= (valid[kind] ?? 0)) continue;
    const repaired = (repairedOn[j] ?? 0) <= asOf;
    const day = days[j] ?? 0;
    const detail = details[j] ?? 255;
    switch (kind) {
      case K_CHANGE:
        if (day > (lastChange[e] ?? 0)) lastChange[e] = day;
        if (age < 12) {
          add(c.changes_12m, e);
          if (detail === D_ADDRESS) add(c.address_changes_12m, e);
          else if (detail === D_SHAREHOLDER) add(c.shareholder_changes_12m, e);
          else if (detail === D_CAPITAL) add(c.capital_changes_12m, e);
        }
        if (age < 6 && detail === D_LEGAL_REP) add(c.legal_rep_changes_6m, e);
        if (age < 24 && detail === D_NAME) add(c.name_changes_24m, e);
        break;
      case K_PLEDGE:
        if (age < 12) add(c.pledges_12m, e);
        break;
      case K_PENALTY: {
        if (repaired) break;
        if (day > (lastPenalty[e] ?? 0)) lastPenalty[e] = day;
        if (age < 12) add(c.penalties_12m, e);
        if (age < 36) {
          add(c.penalties_36m, e);
          if (detail === D_SERIOUS) add(c.serious_penalties_36m, e);
          // Whole fen (0.01 yuan): integer sums are exact, so the result does not depend on event order.
          const amount = amounts[j] ?? 0;
          if (amount > 0) c.penalty_amount_36m[e] = (c.penalty_amount_36m[e] ?? 0) + Math.round(amount * 100);
        }
        // In millionths of a point, for the same reason.
        const years = Math.floor((asOf - day) / 365.25);
        c.penalty_severity_decayed[e] =
          (c.penalty_severity_decayed[e] ?? 0) + Math.round((severityPoints[detail] ?? 0) * (decay[Math.min(years, decay.length - 1)] ?? 0) * 1e6);
        break;
      }
      case K_ABNORMAL_ENTRY:
        if (repaired) break;
        if (day > (abnormalIn[e] ?? 0)) abnormalIn[e] = day;
        if (age < 36) add(c.abnormal_entries_36m, e);
        break;
      case K_ABNORMAL_REMOVAL:
        if (day > (abnormalOut[e] ?? 0)) abnormalOut[e] = day;
        break;
      case K_SERIOUS_ENTRY:
        if (!repaired && day > (seriousIn[e] ?? 0)) seriousIn[e] = day;
        break;
      case K_SERIOUS_REMOVAL:
        if (day > (seriousOut[e] ?? 0)) seriousOut[e] = day;
        break;
      case K_INSPECTION:
        if (age < 24) {
          add(c.inspections_24m, e);
          if (detail === D_PROBLEM) add(c.inspection_problems_24m, e);
          else if (detail === D_NOT_FOUND) add(c.inspection_not_found_24m, e);
        }
        break;
      case K_COMPLAINT:
        if (age < 3) add(c.complaints_3m, e);
        if (age < 12) {
          add(c.complaints_12m, e);
          if (detail === D_REPORT) add(c.reports_12m, e);
        }
        if (age === 0) add(c.complaints_this_month, e);
        else if (age <= 3) add(c.complaints_prev3, e);
        break;
      case K_ANNUAL_REPORT: {
        const year = reportYear[j] ?? 0;
        const k = lastDue - year;
        if (k >= 0 && k < 3) {
          filedBits[e] = (filedBits[e] ?? 0) | (1 << k);
          if (day > (deadline[k] as number)) lateBits[e] = (lateBits[e] ?? 0) | (1 << k);
        }
        // The latest report; of two for one year the later filed, then the larger flags: order-independent.
        const flags = flagColumn[j] ?? 0;
        const latest = latestYear[e] ?? 0;
        if (year > latest || (year === latest && (day > (latestDay[e] ?? 0) || (day === latestDay[e] && flags > (latestFlags[e] ?? 0))))) {
          latestYear[e] = year;
          latestDay[e] = day;
          latestFlags[e] = flags;
        }
        break;
      }
      default:
        break;
    }
  }

  // Which enterprises exist as of the month, and the per-enterprise point values.
  const exists = new Uint8Array(n);
  const values = new Map<string, Float64Array>();
  const set = (id: string, v: Float64Array): void => void values.set(id, v);
  const ageMonths = col();
  const isIndividual = col();
  const logCapital = col();
  const isNew = col();
  const sinceChange = col();
  const sincePenalty = col();
  const onAbnormal = col();
  const onSerious = col();
  const problemRate = col();
  const reportMissing = col();
  const reportLate = col();
  const reportZero = col();
  const growth = col();
  const penaltyAmountLog = col();
  const zeroBoth = FLAG_BITS.zero_employees | FLAG_BITS.zero_revenue;
  for (let e = 0; e < n; e++) {
    const established = reg.established[e] ?? 0;
    if (established > asOf || (reg.recorded[e] ?? 0) > asOf) continue;
    exists[e] = 1;
    const age = (asOf - established) / 30.4375;
    ageMonths[e] = Math.floor(age);
    isIndividual[e] = reg.entityType[e] === 5 ? 1 : 0;
    const capital = reg.capital[e] ?? Number.NaN;
    logCapital[e] = Number.isNaN(capital) ? Number.NaN : Math.log1p(capital);
    isNew[e] = age < 6 ? 1 : 0;
    sinceChange[e] = (lastChange[e] ?? MINUS_INF) === MINUS_INF ? Number.NaN : Math.floor((asOf - (lastChange[e] ?? 0)) / 30.4375);
    sincePenalty[e] = (lastPenalty[e] ?? MINUS_INF) === MINUS_INF ? Number.NaN : Math.floor((asOf - (lastPenalty[e] ?? 0)) / 30.4375);
    onAbnormal[e] = (abnormalIn[e] ?? 0) > (abnormalOut[e] ?? 0) ? 1 : 0;
    onSerious[e] = (seriousIn[e] ?? 0) > (seriousOut[e] ?? 0) ? 1 : 0;
    const inspections = c.inspections_24m[e] ?? 0;
    problemRate[e] = inspections === 0 ? Number.NaN : ((c.inspection_problems_24m[e] ?? 0) + (c.inspection_not_found_24m[e] ?? 0)) / inspections;
    const establishedYear = yearOfDay(established);
    let missing = 0;
    let late = 0;
    for (let k = 0; k < 3; k++) {
      if (lastDue - k < establishedYear) continue;
      if (((filedBits[e] ?? 0) & (1 << k)) === 0) missing++;
      else if (((lateBits[e] ?? 0) & (1 << k)) !== 0) late++;
    }
    reportMissing[e] = missing;
    reportLate[e] = late;
    reportZero[e] = ((latestFlags[e] ?? 0) & zeroBoth) === zeroBoth ? 1 : 0;
    growth[e] = ((c.complaints_this_month[e] ?? 0) + 1) / ((c.complaints_prev3[e] ?? 0) / 3 + 1);
    penaltyAmountLog[e] = Math.log1p((c.penalty_amount_36m[e] ?? 0) / 100);
    c.penalty_severity_decayed[e] = (c.penalty_severity_decayed[e] ?? 0) / 1e6;
  }
  const rel = relationshipIndicators(province, exists, asOf, onAbnormal, onSerious, c.penalties_36m, options.maxLinksPerPerson ?? 500);

  set("age_months", ageMonths);
  set("is_individual", isIndividual);
  set("log_registered_capital", logCapital);
  set("is_new_enterprise", isNew);
  for (const id of [
    "changes_12m",
    "legal_rep_changes_6m",
    "address_changes_12m",
    "shareholder_changes_12m",
    "capital_changes_12m",
    "name_changes_24m",
  ] as const)
    set(id, c[id]);
  set("months_since_last_change", sinceChange);
  set("annual_report_missing", reportMissing);
  set("annual_report_late", reportLate);
  set("annual_report_zero", reportZero);
  set("pledges_12m", c.pledges_12m);
  for (const id of ["penalties_12m", "penalties_36m", "serious_penalties_36m", "penalty_severity_decayed"] as const) set(id, c[id]);
  set("penalty_amount_log_36m", penaltyAmountLog);
  set("months_since_last_penalty", sincePenalty);
  set("on_abnormal_list", onAbnormal);
  set("abnormal_entries_36m", c.abnormal_entries_36m);
  set("on_serious_list", onSerious);
  for (const id of ["inspections_24m", "inspection_problems_24m", "inspection_not_found_24m"] as const) set(id, c[id]);
  set("inspection_problem_rate_24m", problemRate);
  for (const [id, v] of Object.entries(rel)) set(id, v);
  for (const id of ["complaints_3m", "complaints_12m", "reports_12m"] as const) set(id, c[id]);
  set("complaint_growth", growth);

  // Keep the enterprises that exist, in register order.
  let rows = 0;
  for (let e = 0; e < n; e++) rows += exists[e] ?? 0;
  const keep = new Int32Array(rows);
  for (let e = 0, k = 0; e < n; e++) if (exists[e] === 1) keep[k++] = e;
  const ids = Array.from(keep, (e) => reg.uscc[e] ?? "");
  const columns = new Map<string, Float64Array>();
  for (const meta of INDICATOR_CATALOG) {
    const source = values.get(meta.id);
    if (source === undefined) throw new Error(`indicator ${meta.id} was not computed`);
    // When every enterprise exists (the usual latest month) the arrays are the result as they are.
    if (rows === n) {
      columns.set(meta.id, source);
      continue;
    }
    const out = new Float64Array(rows);
    for (let k = 0; k < rows; k++) out[k] = source[keep[k] ?? 0] ?? Number.NaN;
    columns.set(meta.id, out);
  }
  let frame = IndicatorFrame.fromColumns({ ids, columns, meta: INDICATOR_CATALOG, period });
  (options.custom ?? []).forEach((custom, i) => {
    frame = frame.withColumn(custom.meta.id, customValues(custom, frame, i), custom.meta);
  });
  return frame;
}

function add(column: Float64Array, e: number): void {
  column[e] = (column[e] ?? 0) + 1;
}

function customValues(custom: CustomIndicator, frame: IndicatorFrame, index: number): Float64Array {
  const values =
    "expression" in custom
      ? compileColumnExpression(custom.expression, frame.columnNames, ["custom", index, "expression"]).evaluate((name) => frame.column(name), frame.rowCount)
      : custom.compute(frame);
  if (values.length !== frame.rowCount) {
    throw new ValidationError([
      {
        code: "length_mismatch",
        path: ["custom", index],
        field: custom.meta.id,
        value: values.length,
        expected: `${frame.rowCount} values`,
        message: `custom indicator ${custom.meta.id} returned ${values.length} values for ${frame.rowCount} rows`,
      },
    ]);
  }
  return values;
}

/**
 * Relationship indicators over existing enterprises and relations in force at `asOf`, in O(links):
 * per person, the number of enterprises and how many of them are listed or penalised; per
 * enterprise, sums over its persons. An enterprise linked through two shared persons counts
 * twice (link-weighted); persons with more than `maxLinks` enterprises (registration agents) are left out.
 */
function relationshipIndicators(
  province: ProvinceColumns,
  exists: Uint8Array,
  asOf: number,
  onAbnormal: Float64Array,
  onSerious: Float64Array,
  penalties36: Float64Array,
  maxLinks: number,
): Record<"same_address_count" | "related_enterprises" | "related_listed_share" | "related_penalised_share" | "legal_rep_enterprise_count", Float64Array> {
  const { register: reg, relations: rel } = province;
  const { ent: relEnt, party: relParty, role: relRole, since: relSince, recorded: relRecorded } = rel;
  const n = reg.count;
  let addresses = 0;
  for (let e = 0; e < n; e++) addresses = Math.max(addresses, (reg.address[e] ?? 0) + 1);
  const perAddress = new Int32Array(addresses);
  for (let e = 0; e < n; e++) if (exists[e] === 1) perAddress[reg.address[e] ?? 0] = (perAddress[reg.address[e] ?? 0] ?? 0) + 1;

  // Enterprise → relations in force (CSR), then distinct persons per enterprise.
  const start = new Int32Array(n + 1);
  const active = new Uint8Array(rel.count);
  let parties = 0;
  for (let r = 0; r < rel.count; r++) {
    const e = relEnt[r] ?? 0;
    if (exists[e] !== 1 || (relSince[r] ?? 0) > asOf || (relRecorded[r] ?? 0) > asOf) continue;
    active[r] = 1;
    start[e + 1] = (start[e + 1] ?? 0) + 1;
    if ((relParty[r] ?? 0) >= parties) parties = (relParty[r] ?? 0) + 1;
  }
  for (let e = 0; e < n; e++) start[e + 1] = (start[e + 1] ?? 0) + (start[e] ?? 0);
  const party = new Int32Array(start[n] ?? 0);
  const legal = new Uint8Array(start[n] ?? 0);
  const fill = start.slice(0, n);
  for (let r = 0; r < rel.count; r++) {
    if (active[r] !== 1) continue;
    const e = relEnt[r] ?? 0;
    const k = fill[e] ?? 0;
    party[k] = relParty[r] ?? 0;
    legal[k] = relRole[r] === ROLE_LEGAL_REP ? 1 : 0;
    fill[e] = k + 1;
  }
  // Per enterprise: listed (on either list) and penalised, as 0/1.
  const listed = new Uint8Array(n);
  const penalised = new Uint8Array(n);
  for (let e = 0; e < n; e++) {
    listed[e] = (onAbnormal[e] ?? 0) > 0 || (onSerious[e] ?? 0) > 0 ? 1 : 0;
    penalised[e] = (penalties36[e] ?? 0) > 0 ? 1 : 0;
  }
  // Per person, interleaved so that one cache line holds all four: enterprises, as legal
  // representative, listed, penalised. (Person look-ups are random: memory latency dominates.)
  const stats = new Int32Array(parties * 4);
  /** Whether position k repeats a person already seen among this enterprise's relations (one person in two roles). */
  const repeated = (e: number, k: number): boolean => {
    for (let i = start[e] ?? 0; i < k; i++) if (party[i] === party[k]) return true;
    return false;
  };
  for (let e = 0; e < n; e++) {
    for (let k = start[e] ?? 0; k < (start[e + 1] ?? 0); k++) {
      const at = (party[k] ?? 0) * 4;
      if (legal[k] === 1) stats[at + 1] = (stats[at + 1] ?? 0) + 1;
      if (repeated(e, k)) continue;
      stats[at] = (stats[at] ?? 0) + 1;
      stats[at + 2] = (stats[at + 2] ?? 0) + (listed[e] ?? 0);
      stats[at + 3] = (stats[at + 3] ?? 0) + (penalised[e] ?? 0);
    }
  }
  const sameAddress = new Float64Array(n);
  const related = new Float64Array(n);
  const listedShare = new Float64Array(n);
  const penalisedShare = new Float64Array(n);
  const legalRepCount = new Float64Array(n);
  for (let e = 0; e < n; e++) {
    if (exists[e] !== 1) continue;
    sameAddress[e] = (perAddress[reg.address[e] ?? 0] ?? 1) - 1;
    let links = 0;
    let linkedListed = 0;
    let linkedPenalised = 0;
    let reps = 0;
    for (let k = start[e] ?? 0; k < (start[e + 1] ?? 0); k++) {
      const at = (party[k] ?? 0) * 4;
      if (legal[k] === 1) reps = Math.max(reps, (stats[at + 1] ?? 1) - 1);
      const degree = stats[at] ?? 0;
      if (repeated(e, k) || degree > maxLinks) continue;
      links += degree - 1;
      linkedListed += (stats[at + 2] ?? 0) - (listed[e] ?? 0);
      linkedPenalised += (stats[at + 3] ?? 0) - (penalised[e] ?? 0);
    }
    related[e] = links;
    listedShare[e] = links === 0 ? 0 : linkedListed / links;
    penalisedShare[e] = links === 0 ? 0 : linkedPenalised / links;
    legalRepCount[e] = reps;
  }
  return {
    same_address_count: sameAddress,
    related_enterprises: related,
    related_listed_share: listedShare,
    related_penalised_share: penalisedShare,
    legal_rep_enterprise_count: legalRepCount,
  };
}
