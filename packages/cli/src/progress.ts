/**
 * Progress bars on standard error, only when it is a terminal (quiet in pipes, tests and CI).
 * @module
 */
import cliProgress from "cli-progress";

/** A running progress bar. */
export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

/**
 * Starts a progress bar.
 *
 * @param label - What is being done, e.g. `generate`.
 * @param total - Units of work.
 * @param unit - Unit name shown after the counts.
 * @returns The bar (a no-op when standard error is not a terminal).
 * @example
 * const bar = startProgress("ingest events.csv", bytes, "bytes"); bar.update(n); bar.stop();
 */
export function startProgress(label: string, total: number, unit: string): Progress {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(28)} [{bar}] {percentage}% | {value}/{total} ${unit} | {duration_formatted}`,
      hideCursor: true,
      clearOnComplete: false,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update(done, newTotal) {
      if (newTotal !== undefined) bar.setTotal(newTotal);
      bar.update(done);
    },
    stop() {
      bar.stop();
    },
  };
}
