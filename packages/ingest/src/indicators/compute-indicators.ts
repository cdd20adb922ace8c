/**
 * Point-in-time indicators: for an as-of month, one pass over the event columns into
 * per-enterprise accumulators (typed arrays), then the relationship indicators over a
 * person → enterprises index. Only events recorded on or before the month's last day count;
 * a credit repair recorded by then removes the repaired record's effect; events older than
 * their kind's validity period (影响期) are ignored. For a large province whose columns are in
 * shared memory (as the store loads them) the passes run over two halves of the enterprises on two
 * threads, with the same bytes as one.
 * @module
 */

import { availableParallelism } from "node:os";
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
  sharedMemory,
  ValidationError,
} from "@creditclass/core";
import type { EventAccumulators, EventCodes, EventPassInput, LinkPassInput, PointPassInput } from "./indicator-passes.js";
import { eventPass, linkPass, personPass, pointPass } from "./indicator-passes.js";
import { findEventSplit, isSplittable, splitPass } from "./split-pass.js";

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
  /**
   * Threads for the passes: 1 computes on the calling thread; 2 or more split each pass into two
   * halves of the enterprises, the second on a worker thread (default: 2 on a machine with two or
   * more cores, for a province of {@link THREADED_ENTERPRISES} or more enterprises). The split is
   * used only when the event and register columns are in shared memory; the result is the same
   * bytes either way.
   */
  readonly threads?: number;
}

/**
 * Provinces of this many enterprises or more are computed on every core by default (below it,
 * starting the work on a second thread costs more than it saves).
 * @example
 * computeIndicators(province, p("2026-10"), { threads: province.register.count >= THREADED_ENTERPRISES ? 2 : 1 });
 * @category Indicators
 */
export const THREADED_ENTERPRISES = 100_000;

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
const kindCode = (k: EventKind): number => EVENT_KINDS.indexOf(k);
const detailCode = (d: (typeof DETAIL_CODES)[number]): number => DETAIL_CODES.indexOf(d);
const EVENT_CODES: EventCodes = {
  change: kindCode("change"),
  pledge: kindCode("pledge"),
  penalty: kindCode("penalty"),
  abnormalEntry: kindCode("abnormal_entry"),
  abnormalRemoval: kindCode("abnormal_removal"),
  seriousEntry: kindCode("serious_entry"),
  seriousRemoval: kindCode("serious_removal"),
  inspection: kindCode("inspection"),
  complaint: kindCode("complaint"),
  annualReport: kindCode("annual_report"),
  legalRep: detailCode("legal_rep"),
  address: detailCode("address"),
  capital: detailCode("capital"),
  shareholder: detailCode("shareholder"),
  name: detailCode("name"),
  serious: detailCode("serious"),
  problem: detailCode("problem"),
  notFound: detailCode("not_found"),
  report: detailCode("report"),
};
const D_MINOR = DETAIL_CODES.indexOf("minor");
const D_GENERAL = DETAIL_CODES.indexOf("general");
const D_SERIOUS = DETAIL_CODES.indexOf("serious");
const ROLE_LEGAL_REP = 0;
/** The passes one worker serves. */
const PASSES = { eventPass, pointPass, personPass, linkPass };
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
  const threads = options.threads ?? (province.register.count >= THREADED_ENTERPRISES ? availableParallelism() : 1);
  // A worker that did not answer may still be writing its arrays: then start again on one thread, in fresh ones.
  const values =
    (threads > 1 && isSplittable(province) ? indicatorColumns(province, period, options, true) : undefined) ??
    (indicatorColumns(province, period, options, false) as IndicatorColumns);
  const { register: reg } = province;
  const n = reg.count;
  const { exists } = values;
  // Keep the enterprises that exist, in register order.
  let rows = 0;
  for (let e = 0; e < n; e++) rows += exists[e] ?? 0;
  const keep = new Int32Array(rows);
  for (let e = 0, k = 0; e < n; e++) if (exists[e] === 1) keep[k++] = e;
  // Every enterprise exists (the usual latest month): the register's own list of codes is the frame's.
  const ids = rows === n ? reg.uscc : Array.from(keep, (e) => reg.uscc[e] ?? "");
  const columns = new Map<string, Float64Array>();
  for (const meta of INDICATOR_CATALOG) {
    const source = values.columns.get(meta.id);
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

/** Every built-in indicator per register row, and which rows exist as of the month. */
interface IndicatorColumns {
  readonly exists: Uint8Array;
  readonly columns: Map<string, Float64Array>;
}

/**
 * The passes: events into accumulators, point values, relationships. With `threaded`, every array
 * is in shared memory and each pass runs over two halves on two threads; undefined when a worker
 * failed.
 */
function indicatorColumns(province: ProvinceColumns, period: Period, options: IndicatorOptions, threaded: boolean): IndicatorColumns | undefined {
  const { register: reg, events: ev } = province;
  const n = reg.count;
  const memory = (bytes: number): ArrayBuffer | SharedArrayBuffer => (threaded ? sharedMemory(bytes) : new ArrayBuffer(bytes));
  const f64 = (): Float64Array => new Float64Array(memory(8 * n));
  const days = (): Int32Array => new Int32Array(memory(4 * n)).fill(MINUS_INF);
  const bytes = (): Uint8Array => new Uint8Array(memory(n));
  const { last: asOf } = periodDayBounds(period);
  const asOfYear = Number(period.slice(0, 4));
  const points = options.severityPoints ?? { minor: 1, general: 2, serious: 4 };
  const severityPoints = new Float64Array(DETAIL_CODES.length);
  severityPoints[D_MINOR] = points.minor;
  severityPoints[D_GENERAL] = points.general;
  severityPoints[D_SERIOUS] = points.serious;
  // Annual reports: bit k stands for report year lastDue − k (k = 0, 1, 2).
  const lastDue = asOf >= daysFromCivil(asOfYear, 6, 30) ? asOfYear - 1 : asOfYear - 2;
  const acc: EventAccumulators = {
    changes_12m: f64(),
    legal_rep_changes_6m: f64(),
    address_changes_12m: f64(),
    shareholder_changes_12m: f64(),
    capital_changes_12m: f64(),
    name_changes_24m: f64(),
    pledges_12m: f64(),
    penalties_12m: f64(),
    penalties_36m: f64(),
    serious_penalties_36m: f64(),
    penalty_severity_decayed: f64(),
    penalty_amount_36m: f64(),
    abnormal_entries_36m: f64(),
    inspections_24m: f64(),
    inspection_problems_24m: f64(),
    inspection_not_found_24m: f64(),
    complaints_3m: f64(),
    complaints_12m: f64(),
    reports_12m: f64(),
    complaints_this_month: f64(),
    complaints_prev3: f64(),
    lastChange: days(),
    lastPenalty: days(),
    abnormalIn: days(),
    abnormalOut: days(),
    seriousIn: days(),
    seriousOut: days(),
    filedBits: bytes(),
    lateBits: bytes(),
    latestYear: new Int16Array(memory(2 * n)),
    latestFlags: bytes(),
    latestDay: days(),
  };
  const events: EventPassInput = {
    ...ev,
    asOf,
    asOfMonth: asOfYear * 12 + Number(period.slice(5, 7)) - 1,
    valid: Int32Array.from(EVENT_KINDS, (k) => options.validityMonths?.[k] ?? DEFAULT_VALIDITY_MONTHS[k]),
    severityPoints,
    decay: options.decay ?? [1, 0.6, 0.3, 0.15],
    lastDue,
    // The filing deadline (30 June of the next year) of the k-th report year before the last one due.
    deadline: Int32Array.from({ length: 3 }, (_, k) => daysFromCivil(lastDue - k + 1, 6, 30)),
    codes: EVENT_CODES,
  };
  const half = n >> 1;
  if (!threaded) eventPass(events, acc, 0, ev.count);
  else if (!splitPass(eventPass, events, [acc, acc], 0, findEventSplit(ev.ent, ev.count), ev.count, PASSES)) return undefined;

  // Which enterprises exist as of the month, and the per-enterprise point values.
  const zeroBoth = FLAG_BITS.zero_employees | FLAG_BITS.zero_revenue;
  const p: PointPassInput = {
    established: reg.established,
    registerRecorded: reg.recorded,
    entityType: reg.entityType,
    capital: reg.capital,
    asOf,
    noDay: MINUS_INF,
    yearAfterStart: Int32Array.from({ length: 3 }, (_, k) => daysFromCivil(lastDue - k + 1, 1, 1)),
    zeroBoth,
    exists: bytes(),
    ageMonths: f64(),
    isIndividual: f64(),
    logCapital: f64(),
    isNew: f64(),
    sinceChange: f64(),
    sincePenalty: f64(),
    onAbnormal: f64(),
    onSerious: f64(),
    problemRate: f64(),
    reportMissing: f64(),
    reportLate: f64(),
    reportZero: f64(),
    growth: f64(),
    penaltyAmountLog: f64(),
  };
  if (!threaded) pointPass(p, acc, 0, n);
  else if (!splitPass(pointPass, p, [acc, acc], 0, half, n, PASSES)) return undefined;

  const links = linkInput(province, p, acc.penalties_36m, options.maxLinksPerPerson ?? 500, memory);
  const stats = new Int32Array(memory(16 * links.parties));
  if (!threaded) personPass(links.input, stats, 0, n);
  else {
    // Persons are shared between the halves: each half counts into its own statistics, then they are added (integers: the same sums).
    const other = new Int32Array(memory(16 * links.parties));
    if (!splitPass(personPass, links.input, [stats, other], 0, half, n, PASSES)) return undefined;
    for (let k = 0; k < stats.length; k++) stats[k] = (stats[k] as number) + (other[k] as number);
  }
  if (!threaded) linkPass(links.input, stats, 0, n);
  else if (!splitPass(linkPass, links.input, [stats, stats], 0, half, n, PASSES)) return undefined;

  const columns = new Map<string, Float64Array>([
    ["age_months", p.ageMonths],
    ["is_individual", p.isIndividual],
    ["log_registered_capital", p.logCapital],
    ["is_new_enterprise", p.isNew],
    ["changes_12m", acc.changes_12m],
    ["legal_rep_changes_6m", acc.legal_rep_changes_6m],
    ["address_changes_12m", acc.address_changes_12m],
    ["shareholder_changes_12m", acc.shareholder_changes_12m],
    ["capital_changes_12m", acc.capital_changes_12m],
    ["name_changes_24m", acc.name_changes_24m],
    ["months_since_last_change", p.sinceChange],
    ["annual_report_missing", p.reportMissing],
    ["annual_report_late", p.reportLate],
    ["annual_report_zero", p.reportZero],
    ["pledges_12m", acc.pledges_12m],
    ["penalties_12m", acc.penalties_12m],
    ["penalties_36m", acc.penalties_36m],
    ["serious_penalties_36m", acc.serious_penalties_36m],
    ["penalty_severity_decayed", acc.penalty_severity_decayed],
    ["penalty_amount_log_36m", p.penaltyAmountLog],
    ["months_since_last_penalty", p.sincePenalty],
    ["on_abnormal_list", p.onAbnormal],
    ["abnormal_entries_36m", acc.abnormal_entries_36m],
    ["on_serious_list", p.onSerious],
    ["inspections_24m", acc.inspections_24m],
    ["inspection_problems_24m", acc.inspection_problems_24m],
    ["inspection_not_found_24m", acc.inspection_not_found_24m],
    ["inspection_problem_rate_24m", p.problemRate],
    ["same_address_count", links.input.sameAddress],
    ["related_enterprises", links.input.related],
    ["related_listed_share", links.input.listedShare],
    ["related_penalised_share", links.input.penalisedShare],
    ["legal_rep_enterprise_count", links.input.legalRepCount],
    ["complaints_3m", acc.complaints_3m],
    ["complaints_12m", acc.complaints_12m],
    ["reports_12m", acc.reports_12m],
    ["complaint_growth", p.growth],
  ]);
  return { exists: p.exists, columns };
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
 * What the relationship passes read, over existing enterprises and relations in force at the
 * month's end, in O(links): enterprises per address, each enterprise's relations (CSR: positions
 * `start[e]` … `start[e + 1]` − 1, persons and legal-representative flags), and per enterprise
 * whether it is listed or penalised; the passes then count per person and sum per enterprise (an
 * enterprise linked through two shared persons counts twice: link-weighted; persons with more than
 * `maxLinks` enterprises — registration agents — are left out).
 */
function linkInput(
  province: ProvinceColumns,
  p: PointPassInput,
  penalties36: Float64Array,
  maxLinks: number,
  memory: (bytes: number) => ArrayBuffer | SharedArrayBuffer,
): { input: LinkPassInput; parties: number } {
  const { register: reg, relations: rel } = province;
  const { ent: relEnt, party: relParty, role: relRole, since: relSince, recorded: relRecorded } = rel;
  const { exists, asOf } = p;
  const n = reg.count;
  let addresses = 0;
  for (let e = 0; e < n; e++) addresses = Math.max(addresses, (reg.address[e] ?? 0) + 1);
  const perAddress = new Int32Array(memory(4 * addresses));
  for (let e = 0; e < n; e++) if (exists[e] === 1) perAddress[reg.address[e] ?? 0] = (perAddress[reg.address[e] ?? 0] ?? 0) + 1;
  const start = new Int32Array(memory(4 * (n + 1)));
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
  const party = new Int32Array(memory(4 * (start[n] ?? 0)));
  const legal = new Uint8Array(memory(start[n] ?? 0));
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
  const listed = new Uint8Array(memory(n));
  const penalised = new Uint8Array(memory(n));
  for (let e = 0; e < n; e++) {
    listed[e] = (p.onAbnormal[e] ?? 0) > 0 || (p.onSerious[e] ?? 0) > 0 ? 1 : 0;
    penalised[e] = (penalties36[e] ?? 0) > 0 ? 1 : 0;
  }
  const f64 = (): Float64Array => new Float64Array(memory(8 * n));
  return {
    input: {
      start,
      party,
      legal,
      listed,
      penalised,
      exists,
      address: reg.address,
      perAddress,
      maxLinks,
      sameAddress: f64(),
      related: f64(),
      listedShare: f64(),
      penalisedShare: f64(),
      legalRepCount: f64(),
    },
    parties,
  };
}
