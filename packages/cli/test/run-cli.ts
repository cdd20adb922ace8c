import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { runCommand } from "../src/run-command.js";

const run = promisify(execFile);
const bin = new URL("../bin/creditclass.js", import.meta.url).pathname;

/**
 * Runs the creditclass command in this process (what the binary runs, without a second of process
 * start per call); never throws, returns the exit code and both streams as the binary prints them.
 * Calls must not overlap: the streams are captured by replacing the process's writers while it runs.
 */
export async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const writers = { stdout: process.stdout.write, stderr: process.stderr.write };
  const consoles = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  const line =
    (sink: string[]) =>
    (...values: unknown[]) => {
      sink.push(`${values.map((v) => (typeof v === "string" ? v : String(v))).join(" ")}\n`);
    };
  const capture = (sink: string[]) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      sink.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      const done = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  console.log = line(out);
  console.info = line(out);
  console.warn = line(err);
  console.error = line(err);
  try {
    const code = await runCommand(["node", "creditclass", ...args]);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.stdout.write = writers.stdout;
    process.stderr.write = writers.stderr;
    Object.assign(console, consoles);
  }
}

/** Runs the creditclass binary in a process of its own (for what only a process shows: its start, signals, stdin). */
export async function cliProcess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("node", [bin, ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
