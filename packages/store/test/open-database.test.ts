import { describe, expect, it } from "vitest";
import { openDatabase } from "../src/index.js";

describe("openDatabase", () => {
  it("gives DuckDB the memory it is allowed, and its own default otherwise", async () => {
    const limited = await openDatabase(":memory:", { memoryLimit: 512 * 2 ** 20 });
    const unlimited = await openDatabase(":memory:");
    try {
      const limit = async (db: typeof limited): Promise<string> => String((await db.all("SELECT current_setting('memory_limit') AS m"))[0]?.m);
      expect(await limit(limited)).toBe("512.0 MiB");
      expect(await limit(unlimited)).not.toBe("512.0 MiB");
    } finally {
      limited.close();
      unlimited.close();
    }
  });
});
