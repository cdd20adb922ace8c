/**
 * Streams a file as text in UTF-8 or GB18030 (a superset of GBK), with or without a BOM,
 * hashing the bytes on the way so every ingest records the input's fingerprint.
 * @module
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { TextDecoder } from "node:util";

/** A file encoding; `auto` picks UTF-8 when the first 64 KiB decode as UTF-8 (or there is a BOM), else GB18030. */
export type TextEncodingName = "utf-8" | "gb18030" | "auto";

/**
 * A file being read as text.
 * @category Readers
 */
export interface TextSource {
  /** Decoded text in chunks, read lazily: memory stays bounded whatever the file size. */
  readonly chunks: AsyncIterable<string>;
  /** Bytes read so far, for progress bars. */
  bytesRead(): number;
  /** Known once `chunks` is exhausted: the encoding used, SHA-256 of the bytes, byte count. */
  summary(): { encoding: "utf-8" | "gb18030"; sha256: string; bytes: number };
}

const PROBE_BYTES = 64 * 1024;

/**
 * Opens a file for streaming text.
 *
 * @param path - The file.
 * @param encoding - `utf-8`, `gb18030` or `auto` (default).
 * @returns The chunks and, after reading, the encoding and hash.
 * @example
 * const source = readTextFile("events.csv");
 * for await (const text of source.chunks) process(text);
 * source.summary().sha256 //=> "9f86d0…"
 * @category Readers
 */
export function readTextFile(path: string, encoding: TextEncodingName = "auto"): TextSource {
  const hash = createHash("sha256");
  let bytes = 0;
  let used: "utf-8" | "gb18030" = encoding === "gb18030" ? "gb18030" : "utf-8";
  let result: { encoding: "utf-8" | "gb18030"; sha256: string; bytes: number } | undefined;
  async function* chunks(): AsyncGenerator<string> {
    let decoder: TextDecoder | undefined;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const stream = createReadStream(path, { highWaterMark: 1 << 20 });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
      if (decoder === undefined) {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes < PROBE_BYTES) continue;
        const head = Buffer.concat(pending);
        pending = [];
        used = detectEncoding(head, encoding);
        decoder = new TextDecoder(used);
        yield decoder.decode(head, { stream: true });
        continue;
      }
      yield decoder.decode(chunk, { stream: true });
    }
    if (decoder === undefined) {
      const head = Buffer.concat(pending);
      used = detectEncoding(head, encoding);
      decoder = new TextDecoder(used);
      yield decoder.decode(head, { stream: true });
    }
    const tail = decoder.decode();
    if (tail.length > 0) yield tail;
    result = { encoding: used, sha256: hash.digest("hex"), bytes };
  }
  return {
    chunks: chunks(),
    bytesRead: () => bytes,
    summary() {
      if (result === undefined) throw new Error("summary() is known only after the chunks have been read");
      return result;
    },
  };
}

/**
 * Picks the encoding of a file from its first bytes: UTF-8 with a BOM or when they decode as UTF-8
 * (a sequence cut at the probe's end is allowed), else GB18030; a requested encoding wins.
 *
 * @param head - The first bytes (64 KiB is plenty).
 * @param requested - `auto`, or the encoding to use.
 * @returns The encoding.
 * @example
 * detectEncoding(Buffer.from("abc"), "auto") //=> "utf-8"
 * @category Readers
 */
export function detectEncoding(head: Buffer, requested: TextEncodingName): "utf-8" | "gb18030" {
  if (requested !== "auto") return requested;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return "utf-8";
  } catch {
    return "gb18030";
  }
}
