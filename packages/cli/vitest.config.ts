import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "cli",
    include: ["test/**/*.test.ts"],
    setupFiles: ["../../test-setup.ts"],
    globalSetup: ["test/browser-setup.ts"],
  },
});
