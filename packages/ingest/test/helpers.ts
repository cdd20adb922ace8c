import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { completeUscc } from "@creditclass/core";

export function tempDir(prefix = "cc-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A valid code for test enterprise number `n`. */
export function code(n: number): string {
  return completeUscc(`91330106${String(n).padStart(9, "0")}`);
}

export function enterprise(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    uscc: code(n),
    name: `测试企业${n}有限公司`,
    entity_type: "company",
    region: "330106",
    industry: "F5211",
    established: "2020-01-15",
    registered_capital: 100,
    status: "active",
    address: `ADDR-${n}`,
    recorded: "2020-01-16",
    ...overrides,
  };
}

let seq = 0;
export function event(n: number, kind: string, date: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  seq++;
  return { source_id: `T${seq}`, kind, uscc: code(n), date, recorded: date, ...fields };
}
