/**
 * The indicator computation's passes over a range of enterprises, written so that a worker thread
 * can run them: each is a self-contained function (no imports, no module state, no inner named
 * functions) over typed arrays, writing only the entries of its own enterprises — so two threads
 * over two ranges give the same bytes as one thread over all of them.
 * @module
 */

/** The per-enterprise accumulators of the event pass (counts as doubles, latest days, report bits). */
export interface EventAccumulators {
  readonly changes_12m: Float64Array;
  readonly legal_rep_changes_6m: Float64Array;
  readonly address_changes_12m: Float64Array;
  readonly shareholder_changes_12m: Float64Array;
  readonly capital_changes_12m: Float64Array;
  readonly name_changes_24m: Float64Array;
  readonly pledges_12m: Float64Array;
  readonly penalties_12m: Float64Array;
  readonly penalties_36m: Float64Array;
  readonly serious_penalties_36m: Float64Array;
  /** In millionths of a point until the point pass divides. */
  readonly penalty_severity_decayed: Float64Array;
  /** In fen. */
  readonly penalty_amount_36m: Float64Array;
  readonly abnormal_entries_36m: Float64Array;
  readonly inspections_24m: Float64Array;
  readonly inspection_problems_24m: Float64Array;
  readonly inspection_not_found_24m: Float64Array;
  readonly complaints_3m: Float64Array;
  readonly complaints_12m: Float64Array;
  readonly reports_12m: Float64Array;
  readonly complaints_this_month: Float64Array;
  readonly complaints_prev3: Float64Array;
  readonly lastChange: Int32Array;
  readonly lastPenalty: Int32Array;
  readonly abnormalIn: Int32Array;
  readonly abnormalOut: Int32Array;
  readonly seriousIn: Int32Array;
  readonly seriousOut: Int32Array;
  /** Bit k: the report for year `lastDue − k` was filed / filed late. */
  readonly filedBits: Uint8Array;
  readonly lateBits: Uint8Array;
  readonly latestYear: Int16Array;
  readonly latestFlags: Uint8Array;
  readonly latestDay: Int32Array;
}

/** What the event pass reads: the event columns, the month, the options, the kind and detail codes. */
export interface EventPassInput {
  readonly ent: Int32Array;
  readonly kind: Uint8Array;
  readonly month: Int32Array;
  readonly recorded: Int32Array;
  readonly repairedOn: Int32Array;
  readonly day: Int32Array;
  readonly detail: Uint8Array;
  readonly amount: Float64Array;
  readonly reportYear: Int16Array;
  readonly flags: Uint8Array;
  readonly asOf: number;
  readonly asOfMonth: number;
  /** Validity in months per event kind. */
  readonly valid: Int32Array;
  /** Points per detail code (minor, general, serious). */
  readonly severityPoints: Float64Array;
  readonly decay: readonly number[];
  /** The last report year due, and each of the three years' filing deadline. */
  readonly lastDue: number;
  readonly deadline: Int32Array;
  /** The event kind and detail codes the pass tells apart. */
  readonly codes: EventCodes;
}

/** Indexes into `EVENT_KINDS` (kinds) and `DETAIL_CODES` (details), by name: plain numbers a worker can be sent. */
export interface EventCodes {
  readonly change: number;
  readonly pledge: number;
  readonly penalty: number;
  readonly abnormalEntry: number;
  readonly abnormalRemoval: number;
  readonly seriousEntry: number;
  readonly seriousRemoval: number;
  readonly inspection: number;
  readonly complaint: number;
  readonly annualReport: number;
  readonly legalRep: number;
  readonly address: number;
  readonly capital: number;
  readonly shareholder: number;
  readonly name: number;
  readonly serious: number;
  readonly problem: number;
  readonly notFound: number;
  readonly report: number;
}

/**
 * The event pass over events `from` … `to` − 1 (whole enterprises: events grouped by enterprise).
 *
 * @param input - Columns and settings.
 * @param a - The accumulators (written only at the range's enterprises).
 * @param from - First event.
 * @param to - End of the range.
 * @example
 * eventPass(input, accumulators, 0, events.count);
 */
export function eventPass(input: EventPassInput, a: EventAccumulators, from: number, to: number): void {
  const { ent, kind: kinds, month: months, recorded, repairedOn, day: days, detail: details, amount: amounts, reportYear, flags: flagColumn } = input;
  const { asOf, asOfMonth, valid, severityPoints, decay, lastDue, deadline } = input;
  const { codes } = input;
  const [K_CHANGE, K_PLEDGE, K_PENALTY, K_ABNORMAL_ENTRY, K_ABNORMAL_REMOVAL] = [
    codes.change,
    codes.pledge,
    codes.penalty,
    codes.abnormalEntry,
    codes.abnormalRemoval,
  ];
  const [K_SERIOUS_ENTRY, K_SERIOUS_REMOVAL, K_INSPECTION, K_COMPLAINT, K_ANNUAL_REPORT] = [
    codes.seriousEntry,
    codes.seriousRemoval,
    codes.inspection,
    codes.complaint,
    codes.annualReport,
  ];
  const [D_LEGAL_REP, D_ADDRESS, D_CAPITAL, D_SHAREHOLDER, D_NAME] = [codes.legalRep, codes.address, codes.capital, codes.shareholder, codes.name];
  const [D_SERIOUS, D_PROBLEM, D_NOT_FOUND, D_REPORT] = [codes.serious, codes.problem, codes.notFound, codes.report];
  const { lastChange, lastPenalty, abnormalIn, abnormalOut, seriousIn, seriousOut, filedBits, lateBits, latestYear, latestFlags, latestDay } = a;
  for (let j = from; j < to; j++) {
    if ((recorded[j] as number) > asOf) continue;
    const e = ent[j] as number;
    const kind = kinds[j] as number;
    const age = asOfMonth - (months[j] as number);
    if (age >= (valid[kind] as number)) continue;
    const repaired = (repairedOn[j] as number) <= asOf;
    const day = days[j] as number;
    const detail = details[j] as number;
    switch (kind) {
      case K_CHANGE:
        if (day > (lastChange[e] as number)) lastChange[e] = day;
        if (age < 12) {
          a.changes_12m[e] = (a.changes_12m[e] as number) + 1;
          if (detail === D_ADDRESS) a.address_changes_12m[e] = (a.address_changes_12m[e] as number) + 1;
          else if (detail === D_SHAREHOLDER) a.shareholder_changes_12m[e] = (a.shareholder_changes_12m[e] as number) + 1;
          else if (detail === D_CAPITAL) a.capital_changes_12m[e] = (a.capital_changes_12m[e] as number) + 1;
        }
        if (age < 6 && detail === D_LEGAL_REP) a.legal_rep_changes_6m[e] = (a.legal_rep_changes_6m[e] as number) + 1;
        if (age < 24 && detail === D_NAME) a.name_changes_24m[e] = (a.name_changes_24m[e] as number) + 1;
        break;
      case K_PLEDGE:
        if (age < 12) a.pledges_12m[e] = (a.pledges_12m[e] as number) + 1;
        break;
      case K_PENALTY: {
        if (repaired) break;
        if (day > (lastPenalty[e] as number)) lastPenalty[e] = day;
        if (age < 12) a.penalties_12m[e] = (a.penalties_12m[e] as number) + 1;
        if (age < 36) {
          a.penalties_36m[e] = (a.penalties_36m[e] as number) + 1;
          if (detail === D_SERIOUS) a.serious_penalties_36m[e] = (a.serious_penalties_36m[e] as number) + 1;
          // Whole fen (0.01 yuan): integer sums are exact, so the result does not depend on event order.
          const amount = amounts[j] as number;
          if (amount > 0) a.penalty_amount_36m[e] = (a.penalty_amount_36m[e] as number) + Math.round(amount * 100);
        }
        // In millionths of a point, for the same reason.
        const years = Math.floor((asOf - day) / 365.25);
        a.penalty_severity_decayed[e] =
          (a.penalty_severity_decayed[e] as number) + Math.round((severityPoints[detail] ?? 0) * (decay[Math.min(years, decay.length - 1)] ?? 0) * 1e6);
        break;
      }
      case K_ABNORMAL_ENTRY:
        if (repaired) break;
        if (day > (abnormalIn[e] as number)) abnormalIn[e] = day;
        if (age < 36) a.abnormal_entries_36m[e] = (a.abnormal_entries_36m[e] as number) + 1;
        break;
      case K_ABNORMAL_REMOVAL:
        if (day > (abnormalOut[e] as number)) abnormalOut[e] = day;
        break;
      case K_SERIOUS_ENTRY:
        if (!repaired && day > (seriousIn[e] as number)) seriousIn[e] = day;
        break;
      case K_SERIOUS_REMOVAL:
        if (day > (seriousOut[e] as number)) seriousOut[e] = day;
        break;
      case K_INSPECTION:
        if (age < 24) {
          a.inspections_24m[e] = (a.inspections_24m[e] as number) + 1;
          if (detail === D_PROBLEM) a.inspection_problems_24m[e] = (a.inspection_problems_24m[e] as number) + 1;
          else if (detail === D_NOT_FOUND) a.inspection_not_found_24m[e] = (a.inspection_not_found_24m[e] as number) + 1;
        }
        break;
      case K_COMPLAINT:
        if (age < 3) a.complaints_3m[e] = (a.complaints_3m[e] as number) + 1;
        if (age < 12) {
          a.complaints_12m[e] = (a.complaints_12m[e] as number) + 1;
          if (detail === D_REPORT) a.reports_12m[e] = (a.reports_12m[e] as number) + 1;
        }
        if (age === 0) a.complaints_this_month[e] = (a.complaints_this_month[e] as number) + 1;
        else if (age <= 3) a.complaints_prev3[e] = (a.complaints_prev3[e] as number) + 1;
        break;
      case K_ANNUAL_REPORT: {
        const year = reportYear[j] as number;
        const k = lastDue - year;
        if (k >= 0 && k < 3) {
          filedBits[e] = (filedBits[e] as number) | (1 << k);
          if (day > (deadline[k] as number)) lateBits[e] = (lateBits[e] as number) | (1 << k);
        }
        // The latest report; of two for one year the later filed, then the larger flags: order-independent.
        const flags = flagColumn[j] as number;
        const latest = latestYear[e] as number;
        if (year > latest || (year === latest && (day > (latestDay[e] as number) || (day === latestDay[e] && flags > (latestFlags[e] as number))))) {
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
}

/** What the point pass reads and writes: register columns, the event accumulators' results, the point columns. */
export interface PointPassInput {
  readonly established: Int32Array;
  readonly registerRecorded: Int32Array;
  readonly entityType: Uint8Array;
  readonly capital: Float64Array;
  readonly asOf: number;
  /** The value of an accumulator's day that saw no event. */
  readonly noDay: number;
  /** Day number of 1 January of year `lastDue − k + 1`, k = 0, 1, 2: an enterprise established on or after it had no report due for year `lastDue − k`. */
  readonly yearAfterStart: Int32Array;
  /** The flag bits of a report with zero employees and zero revenue. */
  readonly zeroBoth: number;
  /** 1 where the enterprise exists as of the month (written). */
  readonly exists: Uint8Array;
  readonly ageMonths: Float64Array;
  readonly isIndividual: Float64Array;
  readonly logCapital: Float64Array;
  readonly isNew: Float64Array;
  readonly sinceChange: Float64Array;
  readonly sincePenalty: Float64Array;
  readonly onAbnormal: Float64Array;
  readonly onSerious: Float64Array;
  readonly problemRate: Float64Array;
  readonly reportMissing: Float64Array;
  readonly reportLate: Float64Array;
  readonly reportZero: Float64Array;
  readonly growth: Float64Array;
  readonly penaltyAmountLog: Float64Array;
}

/**
 * Which enterprises `from` … `to` − 1 exist as of the month, and their point values.
 *
 * @param p - Register columns and the point columns.
 * @param a - The event pass's accumulators (`penalty_severity_decayed` turned into points here).
 * @param from - First enterprise.
 * @param to - End of the range.
 * @example
 * pointPass(points, accumulators, 0, register.count);
 */
export function pointPass(p: PointPassInput, a: EventAccumulators, from: number, to: number): void {
  const { asOf, noDay, yearAfterStart, zeroBoth } = p;
  for (let e = from; e < to; e++) {
    const established = p.established[e] as number;
    if (established > asOf || (p.registerRecorded[e] as number) > asOf) continue;
    p.exists[e] = 1;
    const age = (asOf - established) / 30.4375;
    p.ageMonths[e] = Math.floor(age);
    p.isIndividual[e] = p.entityType[e] === 5 ? 1 : 0;
    const capital = p.capital[e] as number;
    p.logCapital[e] = Number.isNaN(capital) ? Number.NaN : Math.log1p(capital);
    p.isNew[e] = age < 6 ? 1 : 0;
    const lastChange = a.lastChange[e] as number;
    const lastPenalty = a.lastPenalty[e] as number;
    p.sinceChange[e] = lastChange === noDay ? Number.NaN : Math.floor((asOf - lastChange) / 30.4375);
    p.sincePenalty[e] = lastPenalty === noDay ? Number.NaN : Math.floor((asOf - lastPenalty) / 30.4375);
    p.onAbnormal[e] = (a.abnormalIn[e] as number) > (a.abnormalOut[e] as number) ? 1 : 0;
    p.onSerious[e] = (a.seriousIn[e] as number) > (a.seriousOut[e] as number) ? 1 : 0;
    const inspections = a.inspections_24m[e] as number;
    p.problemRate[e] = inspections === 0 ? Number.NaN : ((a.inspection_problems_24m[e] as number) + (a.inspection_not_found_24m[e] as number)) / inspections;
    let missing = 0;
    let late = 0;
    for (let k = 0; k < 3; k++) {
      // Established in a year after lastDue − k: no report was due for that year.
      if (established >= (yearAfterStart[k] as number)) continue;
      if (((a.filedBits[e] as number) & (1 << k)) === 0) missing++;
      else if (((a.lateBits[e] as number) & (1 << k)) !== 0) late++;
    }
    p.reportMissing[e] = missing;
    p.reportLate[e] = late;
    p.reportZero[e] = ((a.latestFlags[e] as number) & zeroBoth) === zeroBoth ? 1 : 0;
    p.growth[e] = ((a.complaints_this_month[e] as number) + 1) / ((a.complaints_prev3[e] as number) / 3 + 1);
    p.penaltyAmountLog[e] = Math.log1p((a.penalty_amount_36m[e] as number) / 100);
    a.penalty_severity_decayed[e] = (a.penalty_severity_decayed[e] as number) / 1e6;
  }
}

/** What the relationship passes read: each enterprise's relations in force (CSR), per-enterprise flags, the per-person statistics. */
export interface LinkPassInput {
  /** Enterprise e's relations are positions `start[e]` … `start[e + 1]` − 1. */
  readonly start: Int32Array;
  readonly party: Int32Array;
  /** 1 where the relation is as legal representative. */
  readonly legal: Uint8Array;
  /** Per enterprise, 0/1: on either list; penalised in 36 months. */
  readonly listed: Uint8Array;
  readonly penalised: Uint8Array;
  readonly exists: Uint8Array;
  readonly address: Int32Array;
  /** Enterprises per address id. */
  readonly perAddress: Int32Array;
  readonly maxLinks: number;
  readonly sameAddress: Float64Array;
  readonly related: Float64Array;
  readonly listedShare: Float64Array;
  readonly penalisedShare: Float64Array;
  readonly legalRepCount: Float64Array;
}

/**
 * Adds enterprises `from` … `to` − 1 to the per-person statistics, four integers per person
 * (enterprises, as legal representative, listed, penalised): a person in two roles at one
 * enterprise counts once, except as legal representative. Integer sums, so statistics gathered
 * per range and added give the same numbers.
 *
 * @param l - The relations and flags.
 * @param stats - The statistics to add to.
 * @param from - First enterprise.
 * @param to - End of the range.
 * @example
 * personPass(links, stats, 0, register.count);
 */
export function personPass(l: LinkPassInput, stats: Int32Array, from: number, to: number): void {
  const { start, party, legal, listed, penalised } = l;
  for (let e = from; e < to; e++) {
    const first = start[e] as number;
    const end = start[e + 1] as number;
    for (let k = first; k < end; k++) {
      const who = party[k] as number;
      const at = who * 4;
      if (legal[k] === 1) stats[at + 1] = (stats[at + 1] as number) + 1;
      let repeated = false;
      for (let i = first; i < k && !repeated; i++) repeated = party[i] === who;
      if (repeated) continue;
      stats[at] = (stats[at] as number) + 1;
      stats[at + 2] = (stats[at + 2] as number) + (listed[e] as number);
      stats[at + 3] = (stats[at + 3] as number) + (penalised[e] as number);
    }
  }
}

/**
 * The relationship indicators of enterprises `from` … `to` − 1 from the per-person statistics:
 * enterprises at the same address, linked enterprises (link-weighted, persons with more than
 * `maxLinks` enterprises left out), the listed and penalised shares among them, and the most
 * enterprises a legal representative of this one represents elsewhere.
 *
 * @param l - The relations, flags and output columns.
 * @param stats - The complete per-person statistics.
 * @param from - First enterprise.
 * @param to - End of the range.
 * @example
 * linkPass(links, stats, 0, register.count);
 */
export function linkPass(l: LinkPassInput, stats: Int32Array, from: number, to: number): void {
  const { start, party, legal, listed, penalised, exists, address, perAddress, maxLinks } = l;
  for (let e = from; e < to; e++) {
    if (exists[e] !== 1) continue;
    l.sameAddress[e] = (perAddress[address[e] as number] ?? 1) - 1;
    const first = start[e] as number;
    const end = start[e + 1] as number;
    let links = 0;
    let linkedListed = 0;
    let linkedPenalised = 0;
    let reps = 0;
    for (let k = first; k < end; k++) {
      const who = party[k] as number;
      const at = who * 4;
      if (legal[k] === 1) reps = Math.max(reps, (stats[at + 1] as number) - 1);
      const degree = stats[at] as number;
      let repeated = false;
      for (let i = first; i < k && !repeated; i++) repeated = party[i] === who;
      if (repeated || degree > maxLinks) continue;
      links += degree - 1;
      linkedListed += (stats[at + 2] as number) - (listed[e] as number);
      linkedPenalised += (stats[at + 3] as number) - (penalised[e] as number);
    }
    l.related[e] = links;
    l.listedShare[e] = links === 0 ? 0 : linkedListed / links;
    l.penalisedShare[e] = links === 0 ? 0 : linkedPenalised / links;
    l.legalRepCount[e] = reps;
  }
}
