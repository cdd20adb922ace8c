/**
 * A seeded, deterministic generator of a province's register, relations and events: skewed
 * like real data, driven by a latent risk per enterprise, with planted anomalies, optional dirty
 * records, and a ground truth of adverse outcomes in the 12 months after the data ends.
 * @module
 */
import { once } from "node:events";
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EntityType, Period, Random } from "@creditclass/core";
import { addPeriods, compileCalendar, completeUscc, createRandom, formatDayNumber, periodDayBounds, seedWords, USCC_ALPHABET } from "@creditclass/core";
import iconv from "iconv-lite";

/**
 * Options of {@link generateProvince}.
 * @category Generator
 */
export interface GenerateOptions {
  /** Number of enterprises in the register (default 10,000). */
  readonly enterprises?: number;
  /** Seed text (default `"1"`). */
  readonly seed?: string;
  /** Last month of data (required: pass `lastCompletePeriod(today)` for "now"). */
  readonly end: Period;
  /** Months of events (default 48). */
  readonly months?: number;
  /** Two-digit GB/T 2260 province prefix (default `33`, Zhejiang). */
  readonly province?: string;
  /** Share of records made dirty (invalid codes, impossible dates, missing fields, duplicates, unknown enterprises); default 0. */
  readonly dirtyRate?: number;
  /** File encoding (default `utf-8`; `gb18030` as many government exports are). */
  readonly encoding?: "utf-8" | "gb18030";
  /** Called after each block of enterprises with `(done, total)`. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * What was generated, written to `manifest.json` beside the data.
 * @category Generator
 */
export interface GenerateSummary {
  readonly seed: string;
  readonly end: Period;
  readonly months: number;
  readonly enterprises: number;
  readonly relations: number;
  readonly events: number;
  readonly anomalies: number;
  /** Dirty records planted, by kind: lets tests check the quarantine finds each. */
  readonly dirty: Readonly<Record<DirtyKind, number>>;
  readonly encoding: "utf-8" | "gb18030";
}

/** The kinds of dirty record the generator plants. */
export type DirtyKind = "invalid_code" | "impossible_date" | "missing_field" | "duplicate" | "unknown_enterprise";

/** Entity types in the order they are drawn (most common first; the order is part of the seeded output), with their shares. */
const DRAWN_TYPES: readonly EntityType[] = ["company", "individual", "partnership", "sole_proprietorship", "cooperative", "branch"];
const ENTITY_WEIGHTS = [62, 30, 3, 2, 2, 1];
/** USCC position 2 by entity type: 1 enterprise, 2 individual business, 3 farmers' cooperative (GB 32100 Annex A, SAMR registrations). */
const TYPE_DIGIT: Record<EntityType, string> = {
  company: "1",
  individual: "2",
  partnership: "1",
  sole_proprietorship: "1",
  cooperative: "3",
  branch: "1",
};
/** Industry divisions with shares resembling a coastal province's register, and a risk offset per division. */
const INDUSTRIES: readonly (readonly [string, number, number])[] = [
  ["F51", 16, 0.1],
  ["F52", 18, 0.15],
  ["I65", 6, 0],
  ["L72", 8, 0.2],
  ["C13", 2, 0.3],
  ["C18", 3, 0.1],
  ["C33", 3, 0.1],
  ["C38", 2, 0],
  ["E48", 4, 0.3],
  ["H61", 3, 0.2],
  ["H62", 7, 0.35],
  ["M75", 5, -0.1],
  ["O80", 6, 0.25],
  ["G54", 4, 0.2],
  ["K70", 3, 0.4],
  ["A01", 4, -0.2],
  ["P83", 2, 0],
  ["Q84", 1, 0.1],
  ["R88", 2, 0.1],
  ["J66", 1, 0.5],
];
const CHANGE_FIELDS = ["legal_rep", "address", "capital", "shareholder", "name", "scope"] as const;
const CHANGE_WEIGHTS = [2, 3, 2, 3, 1, 4];
const AUTHORITIES = ["市场监督管理局", "综合行政执法局", "市场监管分局"];
const EVENT_HEADER =
  "source_id,kind,uscc,date,recorded,field,report_year,flags,severity,amount,published,authority,case_id,reason,task_id,result,channel,repairs";
const ENTERPRISE_HEADER = "uscc,name,entity_type,region,industry,established,registered_capital,status,address,tags,recorded";
const RELATION_HEADER = "source_id,uscc,party,party_type,role,since,recorded";
const NAME_PARTS = ["华", "兴", "盛", "达", "鑫", "恒", "宏", "源", "瑞", "嘉", "丰", "泰", "诚", "信", "联", "创"];
const NAME_SUFFIX: Record<EntityType, string> = {
  company: "有限公司",
  individual: "商行",
  partnership: "合伙企业（有限合伙）",
  sole_proprietorship: "个人独资企业",
  cooperative: "专业合作社",
  branch: "有限公司分公司",
};

interface Ent {
  index: number;
  uscc: string;
  type: EntityType;
  region: string;
  industry: string;
  established: number;
  capital: number | undefined;
  status: "active" | "revoked" | "deregistered";
  address: string;
  legalRep: string;
  risk: number;
  tags: string;
}

/**
 * Generates a province into `outDir`: `enterprises.csv`, `relations.csv`, `events.csv`,
 * `anomalies.csv`, `truth.csv` and `manifest.json`. Same options ⇒ byte-identical files.
 *
 * @param outDir - Folder to write (created if needed).
 * @param options - Size, seed, end month, dirtiness, encoding.
 * @returns Counts of what was written.
 * @example
 * await generateProvince("out/province", { enterprises: 1000, seed: "7", end: parsePeriod("2026-10") });
 * @category Generator
 */
export async function generateProvince(outDir: string, options: GenerateOptions): Promise<GenerateSummary> {
  const n = options.enterprises ?? 10_000;
  const seed = options.seed ?? "1";
  const months = options.months ?? 48;
  const province = options.province ?? "33";
  const dirtyRate = options.dirtyRate ?? 0;
  const encoding = options.encoding ?? "utf-8";
  const words = seedWords(seed);
  const first = periodDayBounds(addPeriods(options.end, 1 - months)).first;
  const last = periodDayBounds(options.end).last;
  const calendar = compileCalendar();
  mkdirSync(outDir, { recursive: true });

  const regions = makeRegions(province);
  const plan = planAnomalies(n, createRandom(words, -1), options.end, months);
  const enterprisesOut = new CsvOut(join(outDir, "enterprises.csv"), ENTERPRISE_HEADER, encoding);
  const relationsOut = new CsvOut(join(outDir, "relations.csv"), RELATION_HEADER, encoding);
  const eventsOut = new CsvOut(join(outDir, "events.csv"), EVENT_HEADER, encoding);
  const truthOut = new CsvOut(join(outDir, "truth.csv"), "uscc,latent_risk,adverse_12m", "utf-8");
  const dirty: Record<DirtyKind, number> = { invalid_code: 0, impossible_date: 0, missing_field: 0, duplicate: 0, unknown_enterprise: 0 };
  const persons = Math.max(10, Math.floor(n * 0.8));
  let relationCount = 0;
  let eventCount = 0;
  const usccs: string[] = new Array(n);

  for (let i = 0; i < n; i++) {
    const rnd = createRandom(words, i);
    const e = makeEnterprise(i, rnd, regions, plan, first, last, persons);
    usccs[i] = e.uscc;
    const dirtyRoll = dirtyRate > 0 ? rnd.next() : 1;
    let line = `${e.uscc},${NAME_PARTS[i % 16]}${NAME_PARTS[(i >> 4) % 16]}${NAME_PARTS[(i >> 8) % 16]}${i}${NAME_SUFFIX[e.type]},${e.type},${e.region},${e.industry},${formatDayNumber(e.established)},${e.capital === undefined ? "" : e.capital.toFixed(1)},${e.status},${e.address},${e.tags},${formatDayNumber(e.established + rnd.int(5))}`;
    if (dirtyRoll < dirtyRate * 0.3) {
      line = `${e.uscc.slice(0, 17)}${e.uscc[17] === "0" ? "1" : "0"}${line.slice(18)}`;
      dirty.invalid_code++;
    } else if (dirtyRoll < dirtyRate * 0.5) {
      line = line.replace(`,${e.region},`, ",,");
      dirty.missing_field++;
    }
    enterprisesOut.push(line);
    if (dirtyRoll >= dirtyRate * 0.5 && dirtyRoll < dirtyRate * 0.6) {
      enterprisesOut.push(line);
      dirty.duplicate++;
    }

    relationCount += writeRelations(e, rnd, relationsOut, persons);
    const events = simulateEvents(e, rnd, plan, first, last, calendar);
    for (const ev of events) {
      const roll = dirtyRate > 0 ? rnd.next() : 1;
      // The place of an event after the data's end: not written nor made dirty, but its draw is
      // made, so every other record (and truth.csv) stays as it was.
      if (ev === undefined) continue;
      let text = ev;
      if (roll < dirtyRate * 0.25) {
        text = swapRecordedBeforeDate(ev);
        dirty.impossible_date++;
      } else if (roll < dirtyRate * 0.4) {
        const parts = text.split(",");
        parts[2] = "";
        text = parts.join(",");
        dirty.missing_field++;
      }
      eventsOut.push(text);
      eventCount++;
      if (roll >= dirtyRate * 0.4 && roll < dirtyRate * 0.55) {
        eventsOut.push(text);
        dirty.duplicate++;
      } else if (roll >= dirtyRate * 0.55 && roll < dirtyRate * 0.65) {
        const parts = text.split(",");
        parts[0] = `${parts[0]}x`;
        parts[2] = completeUscc(`92${province}9999${orgCode(i + 7_000_000)}`.slice(0, 17));
        eventsOut.push(parts.join(","));
        dirty.unknown_enterprise++;
      }
    }
    truthOut.push(`${e.uscc},${e.risk.toFixed(4)},${adverseWithin12(e, rnd) ? 1 : 0}`);
    if ((i & 0x3fff) === 0x3fff) {
      await Promise.all([enterprisesOut.drain(), relationsOut.drain(), eventsOut.drain(), truthOut.drain()]);
      options.onProgress?.(i + 1, n);
    }
  }
  await Promise.all([enterprisesOut.close(), relationsOut.close(), eventsOut.close(), truthOut.close()]);
  options.onProgress?.(n, n);

  const anomalyLines = plan.anomalies.map((a, k) => `A${k + 1},${a.kind},${a.month},${a.members.map((m) => usccs[m]).join(";")}`);
  writeFileSync(join(outDir, "anomalies.csv"), `anomaly_id,kind,month,usccs\n${anomalyLines.join("\n")}\n`);
  const summary: GenerateSummary = {
    seed,
    end: options.end,
    months,
    enterprises: n,
    relations: relationCount,
    events: eventCount,
    anomalies: plan.anomalies.length,
    dirty,
    encoding,
  };
  writeFileSync(join(outDir, "manifest.json"), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

/** Planted anomalies and the enterprises they touch. */
interface AnomalyPlan {
  readonly anomalies: { kind: "abnormal_registration" | "legal_rep_burst" | "complaint_surge"; month: Period; members: number[] }[];
  /** Enterprise index → cluster (address, person, established day). */
  readonly cluster: Map<number, { address: string; person: string; established: number }>;
  readonly burst: Map<number, number>;
  readonly surge: Map<number, number>;
}

function planAnomalies(n: number, rnd: Random, end: Period, months: number): AnomalyPlan {
  const anomalies: AnomalyPlan["anomalies"] = [];
  const cluster: AnomalyPlan["cluster"] = new Map();
  const burst: AnomalyPlan["burst"] = new Map();
  const surge: AnomalyPlan["surge"] = new Map();
  const used = new Set<number>();
  const free = (): number => {
    for (;;) {
      const i = rnd.int(n);
      if (!used.has(i)) {
        used.add(i);
        return i;
      }
    }
  };
  const recentMonth = (): Period => addPeriods(end, -rnd.int(Math.min(12, months - 6)));
  const count = Math.max(2, Math.floor(n / 25_000));
  if (n < 200) return { anomalies, cluster, burst, surge };
  for (let k = 0; k < count; k++) {
    const month = recentMonth();
    const { first } = periodDayBounds(month);
    const members = Array.from({ length: 8 + rnd.int(7) }, free);
    const address = `CLUSTER-${k + 1}`;
    const person = `P-CL${k + 1}`;
    for (const m of members) cluster.set(m, { address, person, established: first + rnd.int(20) });
    anomalies.push({ kind: "abnormal_registration", month, members });
  }
  for (let k = 0; k < count * 2; k++) {
    const month = recentMonth();
    const i = free();
    burst.set(i, periodDayBounds(month).last);
    anomalies.push({ kind: "legal_rep_burst", month, members: [i] });
  }
  for (let k = 0; k < count * 2; k++) {
    const month = recentMonth();
    const i = free();
    surge.set(i, periodDayBounds(month).first);
    anomalies.push({ kind: "complaint_surge", month, members: [i] });
  }
  return { anomalies, cluster, burst, surge };
}

function makeRegions(province: string): string[] {
  const out: string[] = [];
  for (let city = 1; city <= 11; city++) {
    const counties = 3 + ((city * 7) % 8);
    for (let county = 2; county < 2 + counties; county++) out.push(`${province}${String(city).padStart(2, "0")}${String(county).padStart(2, "0")}`);
  }
  return out;
}

/** Nine organisation-code characters from an index: a bijection (multiplier coprime with 31⁹), so codes never collide. */
function orgCode(index: number): string {
  let x = (BigInt(index) * 1_000_003n + 12_345n) % 26_439_622_160_671n;
  let s = "";
  for (let k = 0; k < 9; k++) {
    s = USCC_ALPHABET.charAt(Number(x % 31n)) + s;
    x /= 31n;
  }
  return s;
}

function makeEnterprise(index: number, rnd: Random, regions: readonly string[], plan: AnomalyPlan, first: number, last: number, persons: number): Ent {
  const type = rnd.pick(DRAWN_TYPES, ENTITY_WEIGHTS);
  // Zipf-like regional concentration: the provincial capital's districts hold the most.
  const region = regions[Math.min(regions.length - 1, Math.floor(regions.length * rnd.next() ** 1.8))] ?? "";
  const [industry, , industryRisk] = rnd.pick(
    INDUSTRIES,
    INDUSTRIES.map((x) => x[1]),
  );
  const uscc = completeUscc(`9${TYPE_DIGIT[type]}${region}${orgCode(index)}`);
  // Establishment: exponential growth of registrations, ~20 years of history.
  const ageDays = Math.floor(-Math.log(1 - rnd.next() * 0.95) * 365 * 6);
  let established = last - 15 - ageDays;
  let address = `ADDR-${region}-${rnd.int(Math.max(50, Math.floor(persons / 3)))}`;
  // A person's own risk is shared by the enterprises they represent.
  const legalRepIndex = Math.floor(persons * rnd.next() ** 1.3);
  let legalRep = `P${legalRepIndex}`;
  const personEffect = createRandom(seedWords(`person-${legalRepIndex}`), 0).normal();
  const clusterInfo = plan.cluster.get(index);
  // An enterprise planted with a burst or surge existed over a year before it, so the events fall in the anomaly's month.
  const planted = plan.burst.get(index) ?? plan.surge.get(index);
  if (planted !== undefined) established = Math.min(established, planted - 400);
  if (clusterInfo !== undefined) {
    established = clusterInfo.established;
    address = clusterInfo.address;
    legalRep = clusterInfo.person;
  }
  const young = last - established < 365 ? 0.4 : 0;
  const z = 0.8 * rnd.normal() + 0.5 * personEffect + (industryRisk ?? 0) + young + (clusterInfo ? 1.5 : 0);
  const risk = 1 / (1 + Math.exp(-(z * 1.3 - 2.2)));
  const statusRoll = rnd.next();
  const status = statusRoll < 0.02 + 0.1 * risk ? "revoked" : statusRoll < 0.07 + 0.1 * risk ? "deregistered" : "active";
  const capital = type === "individual" ? undefined : Math.round(Math.exp(4 + 1.5 * rnd.normal()) * 10) / 10;
  const tags = [
    industry?.startsWith("H6") || industry === "C13" ? "food" : "",
    established > first && industry === "I65" && rnd.next() < 0.3 ? "new_business_form" : "",
  ]
    .filter((t) => t !== "")
    .join(";");
  return { index, uscc, type, region, industry: industry ?? "F52", established: Math.max(0, established), capital, status, address, legalRep, risk, tags };
}

function writeRelations(e: Ent, rnd: Random, out: CsvOut, persons: number): number {
  const since = formatDayNumber(e.established);
  out.push(`R${e.index}-0,${e.uscc},${e.legalRep},person,legal_rep,${since},${since}`);
  let count = 1;
  const holders = e.type === "individual" ? 0 : 1 + rnd.int(3);
  for (let k = 1; k <= holders; k++) {
    const party = k === 1 && rnd.next() < 0.5 ? e.legalRep : `P${Math.floor(persons * rnd.next() ** 1.3)}`;
    out.push(`R${e.index}-${k},${e.uscc},${party},person,shareholder,${since},${since}`);
    count++;
  }
  return count;
}

/** Monthly event intensities for an enterprise of latent risk `r`. */
function rates(r: number): { penalty: number; complaint: number; change: number; inspection: number; pledge: number } {
  return { penalty: 0.002 + 0.03 * r, complaint: 0.085 + 0.2 * r, change: 0.05 + 0.04 * r, inspection: 0.009 + 0.01 * r, pledge: 0.004 };
}

/**
 * An enterprise's events as CSV lines, each dated on or before `last` and recorded on or after its date.
 * `undefined` keeps the place of an event that falls after `last` (drawn, so the random stream is
 * the same as if it were written, but not in the data: the bureau does not know it yet).
 */
function simulateEvents(
  e: Ent,
  rnd: Random,
  plan: AnomalyPlan,
  first: number,
  last: number,
  calendar: ReturnType<typeof compileCalendar>,
): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  const r = e.risk;
  const rate = rates(r);
  const start = Math.max(first, e.established);
  // Deregistered and revoked enterprises stop somewhere in the window.
  const stop = e.status === "active" ? last : Math.max(start, last - rnd.int(last - start + 1));
  let seq = 0;
  const id = (): string => `E${e.index}-${seq++}`;
  const lag = (day: number): number => Math.min(last, day + rnd.int(4));
  const base = (kind: string, day: number, recorded = lag(day)): string => `${id()},${kind},${e.uscc},${formatDayNumber(day)},${formatDayNumber(recorded)}`;
  const span = stop - start + 1;
  const poissonDays = (perMonth: number): number[] => {
    const k = rnd.poisson((perMonth * span) / 30.4);
    return Array.from({ length: k }, () => start + rnd.int(span)).sort((a, b) => a - b);
  };
  const penalties: { id: string; day: number; severity: string }[] = [];
  for (const day of poissonDays(rate.change)) out.push(`${base("change", day)},${rnd.pick(CHANGE_FIELDS, CHANGE_WEIGHTS)},,,,,,,,,,,,`);
  for (const day of poissonDays(rate.penalty)) {
    const severity = rnd.pick(["minor", "general", "serious"], [5, 3.5, 1.5 + 3 * r]);
    const amount = Math.round(Math.exp(7 + 1.4 * rnd.normal() + (severity === "serious" ? 2 : 0)));
    // Most are published within 7 working days of the decision; some later (timeliness).
    const published = calendar.addWorkingDays(day, rnd.next() < 0.9 ? 1 + rnd.int(7) : 8 + rnd.int(20));
    const sid = id();
    penalties.push({ id: sid, day, severity });
    const pub = Math.min(published, last);
    out.push(
      `${sid},penalty,${e.uscc},${formatDayNumber(day)},${formatDayNumber(pub)},,,,${severity},${amount},${formatDayNumber(pub)},${rnd.pick(AUTHORITIES)},CASE-${e.index}-${seq},,,,,`,
    );
  }
  for (const day of poissonDays(rate.complaint)) out.push(`${base("complaint", day)},,,,,,,,,,,,${rnd.next() < 0.7 ? "complaint" : "report"},`);
  for (const day of poissonDays(rate.inspection)) {
    const roll = rnd.next();
    const result = roll < 0.02 + 0.25 * r ? "not_found" : roll < 0.07 + 0.6 * r ? "problem" : "compliant";
    out.push(`${base("inspection", day)},,,,,,,,,,TASK-${Math.floor(day / 91)},${result},,`);
  }
  if (e.type !== "individual")
    for (const day of poissonDays(rate.pledge)) out.push(`${base("pledge", day)},,,,,${Math.round(Math.exp(5 + rnd.normal()))},,,,,,,,`);

  // Annual reports for each year Y due 1 Jan – 30 Jun of Y+1.
  const firstYear = Number(formatDayNumber(start).slice(0, 4));
  const lastYear = Number(formatDayNumber(stop).slice(0, 4));
  let abnormalOpen = false;
  let listedOn = 0;
  let seriousListed = false;
  // Listed for three years without filing: onto the serious-violation list (企业信息公示暂行条例 2014
  // 第十七条第二款; 市场监督管理严重违法失信名单管理办法 2021 keeps the rule). Recorded a week later,
  // without a random draw, so every other event of the province is as before.
  const threeYearRule = (by: number): void => {
    const mark = listedOn + 3 * 365 + 1;
    if (!abnormalOpen || seriousListed || mark > by || mark > last) return;
    out.push(`${base("serious_entry", mark, Math.min(mark + 7, last))},,,,,,,,,serious_violation,,,,`);
    seriousListed = true;
  };
  for (let y = Math.max(firstYear, Number(formatDayNumber(e.established).slice(0, 4))); y < lastYear; y++) {
    const due = Date.UTC(y + 1, 5, 30) / 86_400_000;
    if (due > stop + 200) break;
    const roll = rnd.next();
    const zero = rnd.next() < 0.05 + 0.3 * r ? "zero_employees;zero_revenue" : "";
    if (roll < 0.02 + 0.35 * r) {
      // Missing: listed as abnormal after the deadline.
      if (due + 10 <= stop && !abnormalOpen) {
        out.push(`${base("abnormal_entry", due + 10)},,,,,,,,,no_annual_report,,,,`);
        abnormalOpen = true;
        listedOn = due + 10;
      }
      continue;
    }
    const late = roll < 0.07 + 0.6 * r;
    const filed = late ? due + 1 + rnd.int(150) : due - 170 + rnd.int(170);
    if (filed > stop) continue;
    out.push(`${base("annual_report", filed)},,${y},${zero},,,,,,,,,,`);
    threeYearRule(filed + 2);
    if (abnormalOpen && late && rnd.next() < 0.6) {
      // Three days after a filing in the data's last days the removal falls after the end (its `recorded`,
      // clamped to the end, would be before its date): the enterprise is still listed when the data ends.
      const removal = `${base("abnormal_removal", filed + 3)},,,,,,,,,report_filed,,,,`;
      out.push(filed + 3 <= last ? removal : undefined);
      abnormalOpen = false;
    }
  }
  threeYearRule(stop);
  // Serious-violation list for the riskiest.
  if (r > 0.6 && rnd.next() < 0.15 * r) out.push(`${base("serious_entry", start + rnd.int(span))},,,,,,,,,serious_violation,,,,`);
  // Credit repair of some minor and general penalties after 6–18 months.
  for (const p of penalties) {
    if (p.severity !== "serious" && rnd.next() < 0.25) {
      const day = p.day + 180 + rnd.int(360);
      if (day <= stop) out.push(`${base("credit_repair", day)},,,,,,,,,,,,,${p.id}`);
    }
  }
  // Planted anomalies.
  const burstEnd = plan.burst.get(e.index);
  if (burstEnd !== undefined)
    for (let k = 0; k < 3 + rnd.int(3); k++) out.push(`${base("change", Math.max(e.established, burstEnd - rnd.int(100)))},legal_rep,,,,,,,,,,,,`);
  const surgeStart = plan.surge.get(e.index);
  if (surgeStart !== undefined) for (let k = 0; k < 8 + rnd.int(8); k++) out.push(`${base("complaint", surgeStart + rnd.int(25))},,,,,,,,,,,,complaint,`);
  return out;
}

/** Whether an enterprise of its latent risk has a penalty, inspection problem or list entry in the 12 months after the data. */
function adverseWithin12(e: Ent, rnd: Random): boolean {
  if (e.status === "deregistered") return false;
  const rate = rates(e.risk);
  const monthly = rate.penalty + rate.inspection * (0.07 + 0.6 * e.risk) + 0.004 * e.risk;
  return rnd.next() < 1 - Math.exp(-12 * monthly);
}

function swapRecordedBeforeDate(line: string): string {
  const parts = line.split(",");
  const date = parts[3] ?? "";
  const year = Number(date.slice(0, 4));
  parts[4] = `${year - 1}${date.slice(4)}`.replace("-02-29", "-02-28");
  return parts.join(",");
}

/** A CSV file written in blocks, optionally encoded as GB18030. */
class CsvOut {
  readonly #stream;
  readonly #encoding: "utf-8" | "gb18030";
  #lines: string[] = [];
  constructor(path: string, header: string, encoding: "utf-8" | "gb18030") {
    this.#stream = createWriteStream(path);
    this.#encoding = encoding;
    this.#lines.push(header);
  }
  push(line: string): void {
    this.#lines.push(line);
    if (this.#lines.length >= 8192) this.#write();
  }
  async drain(): Promise<void> {
    this.#write();
    if (this.#stream.writableNeedDrain) await once(this.#stream, "drain");
  }
  async close(): Promise<void> {
    this.#write();
    this.#stream.end();
    await once(this.#stream, "finish");
  }
  #write(): void {
    if (this.#lines.length === 0) return;
    const text = `${this.#lines.join("\n")}\n`;
    this.#lines = [];
    this.#stream.write(this.#encoding === "utf-8" ? text : iconv.encode(text, "gb18030"));
  }
}
