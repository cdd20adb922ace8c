/**
 * Reading a query's result into typed-array columns: numeric vectors copied out chunk by chunk
 * (a memcpy each), text columns value by value, without ever holding the whole result in DuckDB
 * beside the copy. Used by the province loader and the class table of a month.
 * @module
 */
import { sharedMemory } from "@creditclass/core";
import type { DuckDBValue } from "@duckdb/node-api";
import type { CreditDatabase } from "../database/open-database.js";

/** A query's columns by name, each converted on request. */
export interface ColumnReader {
  readonly rows: number;
  int32(name: string): Int32Array;
  uint8(name: string): Uint8Array;
  float64(name: string): Float64Array;
  strings(name: string): string[];
}

type NumberArray = Int32Array | Uint8Array | Int16Array | Float64Array;

/** One result column as it streams in: numbers copied into blocks of a million rows, or texts. */
class ColumnBlocks {
  static readonly SIZE = 1 << 20;
  #blocks: NumberArray[] = [];
  #filled = 0;
  #texts: string[] | undefined;

  append(vector: { getItem(i: number): unknown }, count: number): void {
    const items = (vector as unknown as { items?: unknown }).items;
    if (!(items instanceof Int32Array || items instanceof Uint8Array || items instanceof Int16Array || items instanceof Float64Array)) {
      this.#texts ??= [];
      for (let i = 0; i < count; i++) this.#texts.push(String(vector.getItem(i) ?? ""));
      return;
    }
    for (let from = 0; from < count; ) {
      let block = this.#blocks.at(-1);
      if (block === undefined || this.#filled === block.length) {
        block = new (items.constructor as new (n: number) => NumberArray)(ColumnBlocks.SIZE);
        this.#blocks.push(block);
        this.#filled = 0;
      }
      const take = Math.min(count - from, block.length - this.#filled);
      block.set(items.subarray(from, from + take), this.#filled);
      this.#filled += take;
      from += take;
    }
  }

  /** The column in one array (blocks let go as they are copied). */
  finish(rows: number): { numbers: NumberArray | undefined; texts: string[] | undefined } {
    const first = this.#blocks[0];
    if (first === undefined) return { numbers: undefined, texts: this.#texts };
    // In shared memory, so that the engines' worker threads read the columns without a copy.
    const type = first.constructor as { new (buffer: SharedArrayBuffer): NumberArray; readonly BYTES_PER_ELEMENT: number };
    const numbers = new type(sharedMemory(rows * type.BYTES_PER_ELEMENT));
    let offset = 0;
    for (const block of this.#blocks.splice(0)) {
      const take = Math.min(block.length, rows - offset);
      numbers.set(take === block.length ? block : block.subarray(0, take), offset);
      offset += take;
    }
    return { numbers, texts: this.#texts };
  }
}

/**
 * Runs a query and copies each column into one typed array. The result is streamed: each chunk's
 * numeric vectors are copied out of the typed array DuckDB's vector wraps (a memcpy) as the chunk
 * arrives and the chunk is let go, so DuckDB never holds the whole result beside our copy (for
 * 90 M events that would be 2.5 GB more). The query must leave no NULL in a numeric column (use
 * coalesce); text columns are read value by value.
 *
 * @param db - An open database.
 * @param sql - The query.
 * @param params - Its parameters (`?` placeholders), if any.
 * @returns The columns by name.
 * @example
 * const r = await readColumns(db, "SELECT uscc, 1::INTEGER AS one FROM enterprises");
 * [r.rows, r.strings("uscc")[0], r.int32("one")[0]] //=> [999_013, "91110000…", 1]
 */
export async function readColumns(db: CreditDatabase, sql: string, params: readonly DuckDBValue[] = []): Promise<ColumnReader> {
  // Let DuckDB run ahead of us on both cores (the default buffer of 1 MB makes the query wait for JavaScript at every chunk).
  await db.run("SET streaming_buffer_size = '256MB'");
  const result = await db.connection.stream(sql, [...params]);
  const names = result.columnNames();
  const parts = names.map(() => new ColumnBlocks());
  let rows = 0;
  for (let chunk = await result.fetchChunk(); chunk !== null && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    for (const [c, part] of parts.entries()) part.append(chunk.getColumnVector(c), chunk.rowCount);
    rows += chunk.rowCount;
  }
  const columns = parts.map((part) => part.finish(rows));
  const column = (name: string): { numbers: NumberArray | undefined; texts: string[] | undefined } => {
    const c = columns[names.indexOf(name)];
    if (c === undefined) throw new Error(`query has no column ${name}`);
    return c;
  };
  const numeric = <T extends NumberArray>(name: string, kind: new (source: ArrayLike<number>) => T): T => {
    const values = column(name).numbers ?? new Float64Array(rows);
    return values instanceof kind ? values : new kind(values);
  };
  return {
    rows,
    int32: (name) => numeric(name, Int32Array),
    uint8: (name) => numeric(name, Uint8Array),
    float64: (name) => numeric(name, Float64Array),
    strings: (name) => column(name).texts ?? new Array<string>(rows).fill(""),
  };
}
