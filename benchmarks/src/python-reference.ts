/**
 * The Python references (numpy, scikit-learn) of a benchmark, run in the same `pnpm bench`
 * invocation on the data the benchmark wrote: a virtual environment under `benchmarks/.venv`,
 * built once from local wheels (no package index), then `benchmarks/python/reference.py`. Where no
 * Python matches the wheels, or they are missing, the reference is skipped with a note.
 * @module
 */
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, writeSync } from "node:fs";
import { join } from "node:path";
import { dataDir } from "./common.js";

const VENV = new URL("../.venv", import.meta.url).pathname;
const SCRIPT = new URL("../python/reference.py", import.meta.url).pathname;
const PACKAGES = ["numpy", "pandas", "scikit-learn", "duckdb", "pyarrow"];
/** Installed when a wheel is there; the references that need them are skipped with a note otherwise. */
const OPTIONAL_PACKAGES = ["lightgbm"];
/** Folders of wheels: `CREDITCLASS_WHEELS` (colon-separated) or this machine's two local folders. */
const WHEELS = (process.env.CREDITCLASS_WHEELS ?? "/opt/pypi/files:/opt/pypi-more/files").split(":").filter((d) => existsSync(d));

/** A reference's answer, or why it did not run. */
export type PythonReference<T> =
  | { readonly ran: true; readonly value: T & { readonly tool: string; readonly seconds: number; readonly runs: readonly number[]; readonly peakGiB: number } }
  | { readonly ran: false; readonly note: string };

/**
 * Runs a workload of `benchmarks/python/reference.py` on a folder the benchmark wrote.
 *
 * @param workload - `logistic`, `score`, `gbm` or `lightgbm` (see the script's header for the files each reads).
 * @param folder - The folder under `benchmarks/data`.
 * @param runs - Timed runs after one warm-up (the median is reported).
 * @returns The script's JSON answer, or a note saying why the reference was skipped (also printed to stderr).
 * @throws {Error} When the script itself fails: a reference that ran and broke is not skipped silently.
 * @example
 * const ref = pythonReference<{ auc: number }>("logistic", folder, 1);
 * if (ref.ran) ref.value.seconds //=> 2.3
 */
export function pythonReference<T>(workload: "logistic" | "score" | "gbm" | "lightgbm", folder: string, runs: number): PythonReference<T> {
  const python = venvPython();
  if (typeof python !== "string") {
    process.stderr.write(`python reference ${workload} skipped: ${python.note}\n`);
    return { ran: false, note: python.note };
  }
  installOptional(python);
  const out = execFileSync(python, [SCRIPT, workload, folder, "--runs", String(runs)], { encoding: "utf8", maxBuffer: 1 << 26 });
  const value = JSON.parse(out.trim().split("\n").at(-1) ?? "{}");
  if (typeof value.skipped === "string") {
    process.stderr.write(`python reference ${workload} skipped: ${value.skipped}\n`);
    return { ran: false, note: value.skipped };
  }
  return { ran: true, value };
}

/**
 * A fresh folder for a reference's input, under the size's data folder (never outside `benchmarks/`).
 *
 * @param size - A size key (`100k`).
 * @param name - The workload and its rows, e.g. `logistic-100000`.
 * @returns The folder, created.
 * @example
 * referenceFolder("100k", "score-100000") //=> ".../benchmarks/data/100k/reference/score-100000"
 */
export function referenceFolder(size: string, name: string): string {
  const folder = join(dataDir(size), "reference", name);
  mkdirSync(folder, { recursive: true });
  return folder;
}

/**
 * Writes equal-length columns as one column-major little-endian float64 file (`x.f64`), the layout
 * numpy reads as a Fortran-ordered matrix without a copy.
 *
 * @param folder - From {@link referenceFolder}.
 * @param columns - The columns, in the reference's order.
 * @example
 * writeColumnMajor(folder, [new Float64Array([1, 2]), new Float64Array([3, 4])]); // x.f64 = 1 2 3 4
 */
export function writeColumnMajor(folder: string, columns: readonly Float64Array[]): void {
  // Column by column: a 10M × 32 matrix would be another 2.4 GiB in memory.
  const fd = openSync(join(folder, "x.f64"), "w");
  for (const c of columns) {
    const bytes = new Uint8Array(c.buffer, c.byteOffset, c.byteLength);
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
  }
  closeSync(fd);
}

/** The venv's interpreter, built on first use; or why there is none. */
function venvPython(): string | { note: string } {
  const python = join(VENV, "bin", "python");
  if (existsSync(python) && imports(python)) return python;
  const versions = [
    ...new Set(
      WHEELS.flatMap((d) => readdirSync(d))
        .map((f) => /^scikit_learn-.*-cp3(\d+)-.*\.whl$/.exec(f)?.[1])
        .filter((v) => v !== undefined),
    ),
  ];
  if (versions.length === 0) return { note: `no scikit_learn wheel in ${WHEELS.join(", ") || "the wheel folders"} (set CREDITCLASS_WHEELS)` };
  // The interpreter whose version the wheels were built for (cp311 → python3.11), else python3 if it matches.
  const interpreter = [...versions.map((v) => `python3.${v}`), "python3"].find(
    (cmd) => spawnSync(cmd, ["-c", `import sys; sys.exit(0 if f"{sys.version_info[1]}" in ${JSON.stringify(versions)} else 1)`]).status === 0,
  );
  if (interpreter === undefined) return { note: `no python3 for the wheels' versions (3.${versions.join(", 3.")})` };
  process.stderr.write(`creating ${VENV} with ${interpreter} from local wheels…\n`);
  const steps: [string, string[]][] = [
    [interpreter, ["-m", "venv", VENV]],
    [python, ["-m", "pip", "install", "--quiet", "--no-index", ...WHEELS.flatMap((d) => ["--find-links", d]), ...PACKAGES]],
  ];
  for (const [cmd, args] of steps) {
    const run = spawnSync(cmd, args, { encoding: "utf8" });
    if (run.status !== 0) return { note: `${cmd} ${args.slice(0, 2).join(" ")} failed: ${(run.stderr || run.stdout).trim().split("\n").at(-1)}` };
  }
  return imports(python) ? python : { note: "the venv does not import numpy, pandas, scikit-learn, duckdb and pyarrow" };
}

/** Optional packages, once per venv: a missing wheel only skips the references that need it. */
function installOptional(python: string): void {
  for (const name of OPTIONAL_PACKAGES) {
    if (spawnSync(python, ["-c", `import ${name}`]).status === 0) continue;
    spawnSync(python, ["-m", "pip", "install", "--quiet", "--no-index", ...WHEELS.flatMap((d) => ["--find-links", d]), name], { encoding: "utf8" });
  }
}

function imports(python: string): boolean {
  return spawnSync(python, ["-c", "import numpy, pandas, sklearn, duckdb, pyarrow"]).status === 0;
}
