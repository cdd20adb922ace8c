#!/usr/bin/env node
// In the workspace (tsconfig.json beside src/, not published) run the TypeScript sources through tsx,
// since the workspace packages export their sources; an installed package runs its built dist/.
import { existsSync } from "node:fs";

if (existsSync(new URL("../tsconfig.json", import.meta.url))) {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("../src/main.ts", import.meta.url).href);
} else {
  await import(new URL("../dist/main.js", import.meta.url).href);
}
