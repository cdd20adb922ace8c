import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "sampling",
    include: ["test/**/*.test.ts"],
    setupFiles: ["../../test-setup.ts"],
  },
});
