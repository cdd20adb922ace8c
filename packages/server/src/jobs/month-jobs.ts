/**
 * Month runs as jobs: started by a request, run one at a time on the writer connection, with
 * progress and a final summary; the results become visible to readers when the job has committed
 * them and the snapshot has been reloaded.
 * @module
 */
import { randomBytes } from "node:crypto";
import type { Period } from "@creditclass/core";
import { CreditclassError } from "@creditclass/core";
import type { RunProgress } from "@creditclass/pipeline";
import { runMonth } from "@creditclass/pipeline";
import type { ModelSet } from "@creditclass/scoring";
import type { CreditDatabase } from "@creditclass/store";
import { historySeals } from "@creditclass/store";
import type { SerialQueue } from "./serial-queue.js";

/** A month run as the API shows it. */
export interface MonthJob {
  readonly id: string;
  readonly period: Period;
  state: "running" | "done" | "failed";
  progress: { stage: RunProgress["stage"]; done: number; total: number } | null;
  readonly startedAt: string;
  finishedAt: string | null;
  summary: {
    enterprises: number;
    counts: number[];
    alerts: number;
    planned: number;
    modelHash: string;
    inputFingerprint: string;
    head: string;
    seconds: number;
  } | null;
  error: string | null;
}

/** Options a run request may give. */
export interface MonthRunRequest {
  readonly seed?: string | undefined;
  readonly task?: Readonly<Record<string, unknown>> | undefined;
}

/** The server's month jobs. */
export class MonthJobs {
  private readonly jobs = new Map<string, MonthJob>();
  private current: MonthJob | undefined;

  /**
   * @param db - The writer connection.
   * @param writer - Its queue (ingest and plan draws share it).
   * @param models - The model set of runs.
   * @param committed - Called after a run committed (reloads the snapshot).
   */
  constructor(
    private readonly db: CreditDatabase,
    private readonly writer: SerialQueue,
    private readonly models: ModelSet,
    private readonly committed: () => Promise<void>,
  ) {}

  /**
   * Starts a month's run, or returns the run of that month already under way.
   *
   * @throws {CreditclassError} `busy` when another month is running.
   */
  start(period: Period, request: MonthRunRequest): { job: MonthJob; created: boolean } {
    if (this.current !== undefined && this.current.state === "running") {
      if (this.current.period === period) return { job: this.current, created: false };
      throw new CreditclassError("busy", `month ${this.current.period} is running (job ${this.current.id}); try again when it is done`);
    }
    const job: MonthJob = {
      id: randomBytes(8).toString("hex"),
      period,
      state: "running",
      progress: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      summary: null,
      error: null,
    };
    this.jobs.set(job.id, job);
    this.current = job;
    const t0 = performance.now();
    void this.writer
      .run(() =>
        runMonth(this.db, period, {
          models: this.models,
          ...(request.seed === undefined ? {} : { seed: request.seed }),
          ...(request.task === undefined ? {} : { task: request.task }),
          report: false,
          onProgress: (p) => {
            job.progress = { stage: p.stage, done: p.done, total: p.total };
          },
        }),
      )
      .then(async (result) => {
        await this.committed();
        const month = result.months[0];
        job.summary = {
          enterprises: month?.run.enterprises ?? 0,
          counts: [...(month?.run.counts ?? [])],
          alerts: month?.alertCount ?? 0,
          planned: result.plan.plan.capacity.planned,
          modelHash: month?.run.modelHash ?? "",
          inputFingerprint: month?.run.inputFingerprint ?? "",
          head: (await historySeals(this.db)).at(-1)?.head ?? "",
          seconds: (performance.now() - t0) / 1000,
        };
        job.state = "done";
      })
      .catch((e: unknown) => {
        job.state = "failed";
        job.error = e instanceof Error ? (e.message.split("\n")[0] ?? "failed") : String(e);
      })
      .finally(() => {
        job.finishedAt = new Date().toISOString();
      });
    return { job, created: true };
  }

  /** A job by id. */
  get(id: string): MonthJob | undefined {
    return this.jobs.get(id);
  }

  /** Whether a month is running. */
  get running(): boolean {
    return this.current?.state === "running";
  }

  /** Resolves when no month is running (for shutdown). */
  async idle(): Promise<void> {
    while (this.running) await new Promise((r) => setTimeout(r, 50));
  }
}
