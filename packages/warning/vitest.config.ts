import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "warning",
    include: ["test/**/*.test.ts"],
    setupFiles: ["../../test-setup.ts"],
  },
});
