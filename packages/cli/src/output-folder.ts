/**
 * Where a command writes a folder of outputs, and the rule that keeps the user's files safe: a
 * command writes only into a folder that is new, empty, or a previous output of the same command
 * (it keeps a manifest, `.creditclass-output.json`, of what it wrote), never overwrites a file it
 * did not write, never deletes anything but its own earlier outputs, and refuses the current
 * folder or one of its parents.
 * @module
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { CreditclassError } from "@creditclass/core";

/** The manifest's file name. */
const MANIFEST = ".creditclass-output.json";

/**
 * A folder a command writes its outputs into.
 *
 * @example
 * const out = OutputFolder.open("out/demo", "demo");
 * out.removePrevious();
 * writeFileAtomic(out.claim("report.html"), html);
 * out.finish();
 */
export class OutputFolder {
  readonly #dir: string;
  readonly #command: string;
  readonly #previous: ReadonlySet<string>;
  readonly #written = new Set<string>();

  private constructor(dir: string, command: string, previous: ReadonlySet<string>) {
    this.#dir = dir;
    this.#command = command;
    this.#previous = previous;
  }

  /**
   * Opens (creating) the folder, or refuses it.
   *
   * @param dir - The folder.
   * @param command - The command writing it (a previous output of another command is refused).
   * @returns The folder.
   * @throws {CreditclassError} `output_conflict` for a file, the current folder or a parent of it, or a non-empty folder that is not this command's earlier output.
   * @example
   * OutputFolder.open("out/demo", "demo")
   */
  static open(dir: string, command: string): OutputFolder {
    const full = resolve(dir);
    const cwd = process.cwd();
    if (full === cwd || cwd.startsWith(full.endsWith(sep) ? full : `${full}${sep}`))
      throw new CreditclassError("output_conflict", `--out ${dir} is the current folder or one of its parents: choose a folder of its own`);
    if (existsSync(full) && !lstatSync(full).isDirectory()) throw new CreditclassError("output_conflict", `--out ${dir} is a file, not a folder`);
    let previous = new Set<string>();
    if (existsSync(full)) {
      const entries = readdirSync(full);
      if (entries.length > 0) {
        const manifest = join(full, MANIFEST);
        const recorded = existsSync(manifest) ? readManifest(manifest) : undefined;
        if (recorded === undefined || recorded.command !== command) {
          throw new CreditclassError(
            "output_conflict",
            `--out ${dir} holds files that creditclass ${command} did not write (${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", …" : ""}): choose an empty or new folder`,
          );
        }
        previous = new Set(recorded.files);
      }
    }
    mkdirSync(full, { recursive: true });
    return new OutputFolder(full, command, previous);
  }

  /** The folder's absolute path. */
  get path(): string {
    return this.#dir;
  }

  /**
   * Deletes the files this command wrote last time (and nothing else), so a re-run starts clean.
   *
   * @example
   * out.removePrevious()
   */
  removePrevious(): void {
    for (const name of this.#previous) rmSync(join(this.#dir, name), { force: true });
    for (const name of [...this.#previous].map((n) => dirname(n)).filter((d) => d !== ".")) {
      const sub = join(this.#dir, name);
      if (existsSync(sub) && readdirSync(sub).length === 0) rmSync(sub, { recursive: true, force: true });
    }
  }

  /**
   * Claims a file to write: its path, refused when a file is there that this command did not write.
   *
   * @param name - Relative name, e.g. `plan.csv` or `data/events.csv`.
   * @returns The absolute path.
   * @throws {CreditclassError} `output_conflict` when the name is taken by a file of the user's.
   * @example
   * out.claim("plan.csv")
   */
  claim(name: string): string {
    const path = join(this.#dir, name);
    if (existsSync(path) && !this.#previous.has(name) && !this.#written.has(name))
      throw new CreditclassError("output_conflict", `${path} exists and was not written by creditclass ${this.#command}: not overwritten`);
    mkdirSync(dirname(path), { recursive: true });
    this.#written.add(name);
    return path;
  }

  /**
   * Records what was written (the manifest), so the next run of the same command may replace it.
   *
   * @example
   * out.finish()
   */
  finish(): void {
    // Earlier outputs still there (another month's files of `run`) stay this command's.
    const kept = [...this.#previous].filter((name) => existsSync(join(this.#dir, name)));
    const files = [...new Set([...kept, ...this.#written])].sort();
    writeFileAtomic(join(this.#dir, MANIFEST), `${JSON.stringify({ command: this.#command, files }, null, 2)}\n`);
  }
}

function readManifest(path: string): { command: string; files: string[] } | undefined {
  try {
    const value = JSON.parse(readFileSync(path, "utf8")) as { command?: unknown; files?: unknown };
    if (typeof value.command !== "string" || !Array.isArray(value.files)) return undefined;
    // Only plain relative names inside the folder: a manifest must never make us delete elsewhere.
    const files = value.files.map(String).filter((f) => f !== "" && !f.startsWith("/") && !f.split(/[\\/]/).includes(".."));
    return { command: value.command, files };
  } catch {
    return undefined;
  }
}

/**
 * Writes a text file whole or not at all: a temporary name beside it, then a rename.
 *
 * @param path - The file.
 * @param text - Its content.
 * @example
 * writeFileAtomic("plan.audit.json", json)
 */
export function writeFileAtomic(path: string, text: string): void {
  const temporary = join(dirname(path), `.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
