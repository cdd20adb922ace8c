import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "ingest",
    include: ["test/**/*.test.ts"],
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
    setupFiles: ["../../test-setup.ts"],
  },
});
