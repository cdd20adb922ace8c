import { defineConfig } from "vitest/config";

// Month boundaries depend on the time zone: pin one far from UTC so a date bug shows.
process.env.TZ = "Asia/Shanghai";

export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts"],
  },
});
