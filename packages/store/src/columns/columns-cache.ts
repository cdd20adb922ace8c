/**
 * The columnar cache of a database file: the province's columns as `loadProvinceColumns` builds
 * them, written beside the database (`<db>.columns`) so the next load reads typed arrays straight
 * from a file instead of streaming ~6,000 result chunks out of DuckDB. The cache is keyed by what
 * the store knows of its inputs — the schema version, the loader's version and the code lists that
 * give the stored small integers their meaning, every row of `ingest_files` (each ingest run
 * records its files, hashes and counts there, in the same transaction as the data) and the row
 * counts of `enterprises`, `events` and `relations` — so any ingest or upgrade makes it stale, and a stale or
 * damaged cache is simply rebuilt. It is written whole or not at all (a temporary file renamed
 * into place; a killed writer's temporary file is removed by the next writer), and only over a
 * file that is itself a creditclass cache.
 *
 * Layout: the 8-byte magic `CCCOLS1\n`, a little-endian uint32 header length, the header (JSON:
 * key, counts, dictionaries, and per column its type, byte offset and length), then the columns,
 * each at an 8-byte-aligned offset; text columns as UTF-8 bytes plus uint32 end offsets.
 * @module
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, fchmodSync, fsyncSync, openSync, readdirSync, readSync, renameSync, rmSync, writeSync } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { open } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { ProvinceColumns } from "@creditclass/core";
import { DETAIL_CODES, ENTITY_TYPES, EVENT_KINDS, RELATION_ROLES, sharedMemory } from "@creditclass/core";
import type { CreditDatabase } from "../database/open-database.js";
import { SCHEMA_VERSION } from "../database/open-database.js";

const MAGIC = Buffer.from("CCCOLS1\n", "latin1");

/** Raise when `loadProvinceColumns` computes any column differently: every cache written before is stale. */
const LOADER_VERSION = 1;

type Typed = Int32Array | Uint8Array | Int16Array | Float64Array | Uint32Array;
const TYPES = { int32: Int32Array, uint8: Uint8Array, int16: Int16Array, float64: Float64Array, uint32: Uint32Array } as const;
type TypeName = keyof typeof TYPES;

/** Bytes per read of the cache file (reads run at once on the file-reading threads). */
const READ_PIECE = 32 * 2 ** 20;

interface ColumnEntry {
  readonly name: string;
  readonly type: TypeName;
  readonly offset: number;
  readonly length: number;
}

interface Header {
  readonly key: string;
  readonly register: number;
  readonly events: number;
  readonly relations: number;
  readonly regions: readonly string[];
  readonly industries: readonly string[];
  /** Whether every code is ASCII (then one latin1 decode serves them all). */
  readonly ascii: boolean;
  readonly columns: readonly ColumnEntry[];
}

/**
 * The cache file of a database.
 *
 * @param path - The database file.
 * @returns `<path>.columns`.
 * @example
 * columnsCachePath("province.duckdb") //=> "province.duckdb.columns"
 * @category Columns
 */
export function columnsCachePath(path: string): string {
  return `${path}.columns`;
}

/**
 * The key the cache of a database's current content must carry (SHA-256 over the schema and
 * loader versions, the code lists, the `ingest_files` rows and the three tables' row counts).
 *
 * @param db - An open database.
 * @returns 64 hex digits.
 * @example
 * await columnsKey(db) //=> "9f2c…"
 * @category Columns
 */
export async function columnsKey(db: CreditDatabase): Promise<string> {
  const files = await db.all("SELECT * FROM ingest_files ORDER BY ALL");
  const [counts] = await db.all("SELECT (SELECT count(*) FROM enterprises) AS e, (SELECT count(*) FROM events) AS v, (SELECT count(*) FROM relations) AS r");
  // The code lists give the stored small integers their meaning: a release that changes one makes every old cache stale.
  const codes = { EVENT_KINDS, DETAIL_CODES, ENTITY_TYPES, RELATION_ROLES, loader: LOADER_VERSION };
  return createHash("sha256")
    .update(JSON.stringify({ format: 1, schema: SCHEMA_VERSION, codes, counts, files }, (_, v) => (typeof v === "bigint" ? String(v) : v)))
    .digest("hex");
}

/**
 * Reads the cache if it exists and carries `key`.
 *
 * @param path - The cache file.
 * @param key - From {@link columnsKey}.
 * @returns The columns (typed arrays viewing one buffer read from the file), or undefined when absent, stale or unreadable.
 * @example
 * (await readColumnsCache("province.duckdb.columns", await columnsKey(db)))?.events.count //=> 9_116_904
 * @category Columns
 */
export async function readColumnsCache(path: string, key: string): Promise<ProvinceColumns | undefined> {
  let file: FileHandle;
  try {
    file = await open(path, "r");
  } catch {
    return undefined;
  }
  try {
    const size = (await file.stat()).size;
    if (size < 12) return undefined;
    const prefix = Buffer.alloc(12);
    await file.read(prefix, 0, 12, 0);
    if (!prefix.subarray(0, 8).equals(MAGIC)) return undefined;
    const headerLength = prefix.readUInt32LE(8);
    if (12 + headerLength > size) return undefined;
    const headerBytes = Buffer.alloc(headerLength);
    await file.read(headerBytes, 0, headerLength, 12);
    const header = JSON.parse(headerBytes.toString("utf8")) as Header;
    if (header.key !== key) return undefined;
    // One buffer for the whole file, in shared memory (the engines' worker threads read the columns
    // without a copy); every column views it. Read in pieces at once, so that the copying (and the
    // faulting-in of fresh memory) is spread over the threads that serve file reads.
    const data = new Uint8Array(sharedMemory(size));
    const pieces = Array.from({ length: Math.ceil(size / READ_PIECE) }, (_, k) => k * READ_PIECE);
    const whole = await Promise.all(pieces.map((start) => readFully(file, data, start, Math.min(size, start + READ_PIECE))));
    if (!whole.every(Boolean)) return undefined;
    const column = <T extends TypeName>(name: string, type: T): InstanceType<(typeof TYPES)[T]> => {
      const entry = header.columns.find((c) => c.name === name);
      if (entry === undefined || entry.type !== type || entry.offset % 8 !== 0 || entry.offset + entry.length * TYPES[type].BYTES_PER_ELEMENT > size)
        throw new RangeError(`cache column ${name}`);
      const Type = TYPES[type] as unknown as new (buffer: ArrayBufferLike, offset: number, length: number) => InstanceType<(typeof TYPES)[T]>;
      return new Type(data.buffer, entry.offset, entry.length);
    };
    const text = column("uscc.bytes", "uint8");
    const ends = column("uscc.ends", "uint32");
    const uscc = new Array<string>(header.register);
    if (header.ascii) {
      // One string for all codes, then slices of it (cheap for V8): a million decoder calls cost more than the file read.
      const all = Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString("latin1");
      for (let i = 0, start = 0; i < header.register; i++) {
        const end = ends[i] as number;
        uscc[i] = all.slice(start, end);
        start = end;
      }
    } else {
      const decoder = new TextDecoder();
      for (let i = 0, start = 0; i < header.register; i++) {
        const end = ends[i] as number;
        uscc[i] = decoder.decode(text.subarray(start, end));
        start = end;
      }
    }
    return {
      register: {
        count: header.register,
        uscc,
        entityType: column("register.entityType", "uint8"),
        established: column("register.established", "int32"),
        recorded: column("register.recorded", "int32"),
        capital: column("register.capital", "float64"),
        region: column("register.region", "int32"),
        industry: column("register.industry", "int32"),
        address: column("register.address", "int32"),
        regions: header.regions,
        industries: header.industries,
      },
      events: {
        count: header.events,
        ent: column("events.ent", "int32"),
        kind: column("events.kind", "uint8"),
        detail: column("events.detail", "uint8"),
        day: column("events.day", "int32"),
        recorded: column("events.recorded", "int32"),
        month: column("events.month", "int32"),
        amount: column("events.amount", "float64"),
        reportYear: column("events.reportYear", "int16"),
        flags: column("events.flags", "uint8"),
        repairedOn: column("events.repairedOn", "int32"),
      },
      relations: {
        count: header.relations,
        ent: column("relations.ent", "int32"),
        party: column("relations.party", "int32"),
        role: column("relations.role", "uint8"),
        since: column("relations.since", "int32"),
        recorded: column("relations.recorded", "int32"),
      },
    };
  } catch {
    // A damaged or foreign file is not an error: the columns come from the database instead.
    return undefined;
  } finally {
    await file.close();
  }
}

/** Reads bytes `from` … `to` − 1 of the file into the same place of `data`; false when the file ends first. */
async function readFully(file: FileHandle, data: Uint8Array, from: number, to: number): Promise<boolean> {
  for (let at = from; at < to; ) {
    const { bytesRead } = await file.read(data, at, to - at, at);
    if (bytesRead <= 0) return false;
    at += bytesRead;
  }
  return true;
}

/**
 * Writes the cache whole (a temporary file, synced, renamed into place). Leaves a file at `path`
 * that is not a creditclass cache alone, and gives up silently on any error: the cache only saves
 * time.
 *
 * @param path - The cache file.
 * @param key - From {@link columnsKey}, taken before the columns were read.
 * @param province - The columns.
 * @param mode - Permission bits (the database file's: the cache holds the same data).
 * @returns Whether the cache was written.
 * @example
 * writeColumnsCache("province.duckdb.columns", key, province) //=> true
 * @category Columns
 */
export function writeColumnsCache(path: string, key: string, province: ProvinceColumns, mode = 0o644): boolean {
  try {
    if (existsSync(path) && !isColumnsCache(path)) return false;
    removeAbandoned(path);
  } catch {
    return false;
  }
  const { register, events, relations } = province;
  const encoder = new TextEncoder();
  const codes = register.uscc.map((u) => encoder.encode(u));
  const ends = new Uint32Array(codes.length);
  const bytes = new Uint8Array(codes.reduce((s, c) => s + c.length, 0));
  for (let i = 0, at = 0; i < codes.length; i++) {
    bytes.set(codes[i] as Uint8Array, at);
    at += (codes[i] as Uint8Array).length;
    ends[i] = at;
  }
  const arrays: [string, Typed][] = [
    ["uscc.bytes", bytes],
    ["uscc.ends", ends],
    ["register.entityType", register.entityType],
    ["register.established", register.established],
    ["register.recorded", register.recorded],
    ["register.capital", register.capital],
    ["register.region", register.region],
    ["register.industry", register.industry],
    ["register.address", register.address],
    ["events.ent", events.ent],
    ["events.kind", events.kind],
    ["events.detail", events.detail],
    ["events.day", events.day],
    ["events.recorded", events.recorded],
    ["events.month", events.month],
    ["events.amount", events.amount],
    ["events.reportYear", events.reportYear],
    ["events.flags", events.flags],
    ["events.repairedOn", events.repairedOn],
    ["relations.ent", relations.ent],
    ["relations.party", relations.party],
    ["relations.role", relations.role],
    ["relations.since", relations.since],
    ["relations.recorded", relations.recorded],
  ];
  const ascii = bytes.every((b) => b < 0x80);
  const typeOf = (a: Typed): TypeName =>
    a instanceof Int32Array
      ? "int32"
      : a instanceof Uint8Array
        ? "uint8"
        : a instanceof Int16Array
          ? "int16"
          : a instanceof Float64Array
            ? "float64"
            : "uint32";
  // Offsets depend on the header's length, which depends on the offsets: lay out after a generous header slot.
  const entriesAt = (base: number): ColumnEntry[] => {
    let at = base;
    return arrays.map(([name, a]) => {
      at = Math.ceil(at / 8) * 8;
      const entry = { name, type: typeOf(a), offset: at, length: a.length };
      at += a.byteLength;
      return entry;
    });
  };
  const describe = (columns: ColumnEntry[]): Buffer =>
    Buffer.from(
      JSON.stringify({
        key,
        register: register.count,
        events: events.count,
        relations: relations.count,
        regions: register.regions,
        industries: register.industries,
        ascii,
        columns,
      } satisfies Header),
      "utf8",
    );
  let slot = describe(entriesAt(0)).length + 4096;
  let header = describe(entriesAt(12 + slot));
  while (header.length > slot) {
    slot = header.length + 4096;
    header = describe(entriesAt(12 + slot));
  }
  const temp = `${path}.${process.pid}.tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(temp, "w", mode);
    // The database's own permissions, whatever the umask: the cache holds the same data.
    fchmodSync(fd, mode);
    const prefix = Buffer.alloc(12 + slot, 0x20);
    MAGIC.copy(prefix, 0);
    prefix.writeUInt32LE(slot, 8);
    header.copy(prefix, 12);
    writeAll(fd, prefix, 0);
    const columns = entriesAt(12 + slot);
    for (const [i, [, a]] of arrays.entries()) writeAll(fd, new Uint8Array(a.buffer, a.byteOffset, a.byteLength), (columns[i] as ColumnEntry).offset);
    // On disk before the rename: after a power loss the name never points at a file with a valid header and missing data.
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
    return true;
  } catch {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    return false;
  }
}

/**
 * Removes the cache of a database if there is one (and it is a creditclass cache); never throws.
 *
 * @param path - The cache file.
 * @example
 * removeColumnsCache("province.duckdb.columns");
 * @category Columns
 */
export function removeColumnsCache(path: string): void {
  try {
    if (existsSync(path) && isColumnsCache(path)) rmSync(path, { force: true });
  } catch {
    // Only disk space is at stake: the key keeps a stale cache from being read.
  }
}

/** Temporary files of writers that were killed (their process is gone): this module wrote them, so it removes them. */
function removeAbandoned(path: string): void {
  const pattern = new RegExp(`^${basename(path).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.(\\d+)\\.tmp$`);
  for (const name of readdirSync(dirname(path))) {
    const pid = Number(pattern.exec(name)?.[1] ?? Number.NaN);
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) rmSync(join(dirname(path), name), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function isColumnsCache(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const prefix = Buffer.alloc(8);
    return readSync(fd, prefix, 0, 8, 0) === 8 && prefix.equals(MAGIC);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  for (let written = 0; written < bytes.length; ) {
    written += writeSync(fd, bytes, written, Math.min(bytes.length - written, 1 << 30), position + written);
  }
}
