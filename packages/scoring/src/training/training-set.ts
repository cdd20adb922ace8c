/**
 * A point-in-time training set: features as of month M (the indicators, which only see events
 * recorded by M's last day), label = an adverse outcome dated in the H months after M, stacked
 * over several months. Months whose label window runs past the data are refused, since their
 * labels would be censored.
 * @module
 */
import type { IndicatorSource, Period, ProvinceColumns } from "@creditclass/core";
import { addPeriods, DETAIL_CODES, EVENT_KINDS, formatDayNumber, periodDayBounds, periodRange, rowsOfCodes, ValidationError } from "@creditclass/core";

/**
 * Options of {@link buildTrainingSet}.
 * @category Training
 */
export interface TrainingSetOptions {
  readonly from: Period;
  readonly to: Period;
  /** Months after M in which an adverse outcome counts (default 12). */
  readonly horizon?: number;
  /** Feature columns (default: every indicator). */
  readonly features?: readonly string[];
  /** The indicators of a month (point in time: only events recorded by its last day). */
  readonly indicatorsAt: IndicatorSource;
}

/**
 * Stacked rows of (enterprise, month).
 * @category Training
 */
export interface TrainingSet {
  readonly features: readonly string[];
  /** One column per feature, over all rows. */
  readonly columns: readonly Float64Array[];
  /** 1 = adverse outcome within the horizon. */
  readonly label: Uint8Array;
  /** Index into `months` per row. */
  readonly month: Uint16Array;
  readonly months: readonly Period[];
  readonly ids: readonly string[];
  readonly horizon: number;
  readonly rows: number;
}

/** What counts as an adverse outcome: a penalty, a list entry, an inspection that found a problem or no one at the address. */
export const ADVERSE_OUTCOMES = "penalty, abnormal_entry, serious_entry, inspection with result problem or not_found";

/**
 * Builds a training set.
 *
 * @param province - Columns from `loadProvinceColumns`.
 * @param options - Months, horizon, features, the indicators of each month.
 * @returns The stacked set.
 * @throws {ValidationError} When a month's label window ends after the last recorded event.
 * @example
 * const set = buildTrainingSet(province, { from: p("2024-01"), to: p("2025-10"), horizon: 12, indicatorsAt: (m) => computeIndicators(province, m) });
 * set.rows //=> 2_150_000
 * @category Training
 */
export function buildTrainingSet(province: ProvinceColumns, options: TrainingSetOptions): TrainingSet {
  const horizon = options.horizon ?? 12;
  const months = periodRange(options.from, options.to);
  const ev = province.events;
  let lastDay = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < ev.count; j++) if ((ev.recorded[j] as number) > lastDay) lastDay = ev.recorded[j] as number;
  const windowEnd = periodDayBounds(addPeriods(options.to, horizon)).last;
  if (windowEnd > lastDay) {
    throw new ValidationError([
      {
        code: "invalid_period",
        field: "to",
        value: options.to,
        expected: `a month at least ${horizon} months before the data ends`,
        message: `the label window of ${options.to} + ${horizon} months ends ${formatDayNumber(windowEnd)}, after the last recorded event (${Number.isFinite(lastDay) ? formatDayNumber(lastDay) : "none"}): its labels would be censored`,
      },
    ]);
  }
  const labelsOf = outcomeLabeller(province);
  const frames = months.map((m) => options.indicatorsAt(m));
  const features = options.features ?? frames[0]?.columnNames ?? [];
  const rows = frames.reduce((s, f) => s + f.rowCount, 0);
  const columns = features.map(() => new Float64Array(rows));
  const label = new Uint8Array(rows);
  const month = new Uint16Array(rows);
  const ids: string[] = new Array(rows);
  let offset = 0;
  frames.forEach((frame, k) => {
    for (const [c, f] of features.entries()) (columns[c] as Float64Array).set(frame.column(f), offset);
    const frameIds = frame.ids();
    label.set(labelsOf(frameIds, months[k] as Period, horizon), offset);
    month.fill(k, offset, offset + frame.rowCount);
    for (let r = 0; r < frame.rowCount; r++) ids[offset + r] = frameIds[r] as string;
    offset += frame.rowCount;
  });
  return { features, columns, label, month, months, ids, horizon, rows };
}

/**
 * A labeller over a province: for enterprise codes and a month M, 1 where an adverse outcome
 * ({@link ADVERSE_OUTCOMES}) is dated after M's last day and on or before the last day of M + horizon.
 *
 * @param province - Columns from `loadProvinceColumns`.
 * @returns `(ids, period, horizon) => labels`; codes not in the register get 0.
 * @example
 * outcomeLabeller(province)(frame.ids(), p("2025-10"), 12) //=> Uint8Array [0, 1, 0, …]
 * @category Training
 */
export function outcomeLabeller(province: ProvinceColumns): (ids: readonly string[], period: Period, horizon: number) => Uint8Array {
  const adverseDays = adverseDaysByEnterprise(province);
  return (ids, period, horizon) => {
    const { last } = periodDayBounds(period);
    const until = periodDayBounds(addPeriods(period, horizon)).last;
    const out = new Uint8Array(ids.length);
    const { start, days } = adverseDays;
    // Frames hold the register's codes in its order: one merge, not a map of every code.
    const registerRow = rowsOfCodes(ids, province.register.uscc);
    for (let r = 0; r < ids.length; r++) {
      const e = registerRow[r] as number;
      if (e < 0) continue;
      for (let q = start[e] as number; q < (start[e + 1] as number); q++) {
        const d = days[q] as number;
        if (d > last && d <= until) {
          out[r] = 1;
          break;
        }
      }
    }
    return out;
  };
}

/** Days of adverse events per register row, in CSR form. */
function adverseDaysByEnterprise(province: ProvinceColumns): { start: Int32Array; days: Int32Array } {
  const ev = province.events;
  const n = province.register.count;
  const penalty = EVENT_KINDS.indexOf("penalty");
  const abnormal = EVENT_KINDS.indexOf("abnormal_entry");
  const serious = EVENT_KINDS.indexOf("serious_entry");
  const inspection = EVENT_KINDS.indexOf("inspection");
  const problem = DETAIL_CODES.indexOf("problem");
  const notFound = DETAIL_CODES.indexOf("not_found");
  const adverse = (j: number): boolean => {
    const k = ev.kind[j] as number;
    if (k === penalty || k === abnormal || k === serious) return true;
    return k === inspection && (ev.detail[j] === problem || ev.detail[j] === notFound);
  };
  const start = new Int32Array(n + 1);
  for (let j = 0; j < ev.count; j++) if (adverse(j)) start[(ev.ent[j] as number) + 1] = (start[(ev.ent[j] as number) + 1] as number) + 1;
  for (let e = 0; e < n; e++) start[e + 1] = (start[e + 1] as number) + (start[e] as number);
  const fill = start.slice(0, n);
  const days = new Int32Array(start[n] as number);
  for (let j = 0; j < ev.count; j++) {
    if (!adverse(j)) continue;
    const e = ev.ent[j] as number;
    days[fill[e] as number] = ev.day[j] as number;
    fill[e] = (fill[e] as number) + 1;
  }
  return { start, days };
}
