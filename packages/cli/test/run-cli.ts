import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const bin = new URL("../bin/creditclass.js", import.meta.url).pathname;

/** Runs the creditclass binary; never throws, returns the exit code and both streams. */
export async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("node", [bin, ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
