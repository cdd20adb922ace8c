/**
 * The `creditclass` command in a process of its own, as a user runs it: `cli-child.ts <command …>`
 * runs it and, as the process exits, prints `PEAK <GiB>` (its peak resident memory) on stderr.
 * @module
 */
process.on("exit", () => {
  process.stderr.write(`PEAK ${process.resourceUsage().maxRSS / 2 ** 20}\n`);
});
await import(new URL("../../packages/cli/bin/creditclass.js", import.meta.url).href);
