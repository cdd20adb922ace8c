/**
 * Streams a file as text in UTF-8 or GB18030 (a superset of GBK), with or without a BOM,
 * hashing the bytes on the way so every ingest records the input's fingerprint. The encoding is
 * the file's, decided by a vote of its first lines; a line that is not valid in it decodes with
 * U+FFFD in place of the bad bytes (the WHATWG decoders never swallow an ASCII byte, so
 * delimiters, quotes and line breaks survive), and {@link encodingIssue} turns that into an
 * issue of that record alone.
 * @module
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { TextDecoder } from "node:util";
import type { Issue } from "@creditclass/core";

/**
 * A file encoding; `auto` picks UTF-8 when there is a BOM or when at least as many of the first
 * 64 KiB's lines with non-ASCII bytes are valid UTF-8 as are not, else GB18030 (see `detectEncoding`).
 */
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

/** The sample the encoding is decided on: the same 64 KiB that ingest's bulk path probes, so both paths decide alike. */
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
        used = detectEncoding(head.subarray(0, PROBE_BYTES), encoding);
        decoder = new TextDecoder(used);
        yield decoder.decode(head, { stream: true });
        continue;
      }
      yield decoder.decode(chunk, { stream: true });
    }
    if (decoder === undefined) {
      const head = Buffer.concat(pending);
      used = detectEncoding(head.subarray(0, PROBE_BYTES), encoding);
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
 * Picks the encoding of a file from its first bytes by a vote of their lines: UTF-8 with a BOM, or
 * when at least as many lines with non-ASCII bytes decode as UTF-8 as do not (a sequence cut at
 * the probe's end is allowed); else GB18030. One bad line — a GBK row pasted into a UTF-8 export,
 * a Latin-1 name — therefore no longer turns a whole UTF-8 file into GB18030 mojibake: the file
 * stays UTF-8 and that line alone is quarantined. A genuine GB18030 file has almost no line that
 * is valid UTF-8, so it still reads as GB18030. A requested encoding wins.
 *
 * @param head - The first bytes (64 KiB is plenty).
 * @param requested - `auto`, or the encoding to use.
 * @returns The encoding.
 * @example
 * detectEncoding(Buffer.from("abc"), "auto") //=> "utf-8"
 * detectEncoding(Buffer.concat([Buffer.from("名称\n杭州\n"), Buffer.from([0xd6, 0xd0, 0x0a])]), "auto") //=> "utf-8" (2 lines to 1)
 * @category Readers
 */
export function detectEncoding(head: Buffer, requested: TextEncodingName): "utf-8" | "gb18030" {
  if (requested !== "auto") return requested;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  let valid = 0;
  let invalid = 0;
  for (let start = 0; start < head.length; ) {
    const nl = head.indexOf(0x0a, start);
    const end = nl < 0 ? head.length : nl;
    if (!isAscii(head, start, end)) {
      // Only the probe's last line may end inside a character.
      if (isUtf8(head.subarray(start, end), nl < 0)) valid++;
      else invalid++;
    }
    start = end + 1;
  }
  return invalid > valid ? "gb18030" : "utf-8";
}

function isAscii(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if ((bytes[i] ?? 0) >= 0x80) return false;
  return true;
}

function isUtf8(bytes: Buffer, cut: boolean): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: cut });
    return true;
  } catch {
    return false;
  }
}

/**
 * The issue of a field read with bytes that are not valid in the file's encoding: the decoder
 * puts U+FFFD in their place, so a field holding it is quarantined (`invalid_encoding`) rather
 * than stored as mojibake. (A file that really holds U+FFFD already lost those characters in an
 * earlier conversion.)
 *
 * @param field - The field's name, for the message.
 * @param value - The field's text as decoded.
 * @returns The issue (without file and line: the caller adds them), or `undefined`.
 * @example
 * encodingIssue("name", "\uFFFD\uFFFD公司")
 * //=> { code: "invalid_encoding", field: "name", value: "\uFFFD\uFFFD公司", expected: "text in the file's encoding",
 * //     message: "name has bytes that are not valid in the file's encoding (U+FFFD at character 1)" }
 * encodingIssue("name", "杭州某某商行") //=> undefined
 * @category Readers
 */
export function encodingIssue(field: string, value: string): Issue | undefined {
  const bad = value.indexOf("\uFFFD");
  if (bad < 0) return undefined;
  return {
    code: "invalid_encoding",
    field,
    value,
    expected: "text in the file's encoding",
    message: `${field} has bytes that are not valid in the file's encoding (U+FFFD at character ${bad + 1})`,
  };
}
