/**
 * Global setup of the cli tests: Debian's Chromium for the report test, installed here (with
 * apt-get, from the Debian mirror) when the machine does not have it yet.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM = "/usr/bin/chromium";

export default function setup(): void {
  if (existsSync(CHROMIUM)) return;
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "ignore", env });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], { stdio: "ignore", env });
}
