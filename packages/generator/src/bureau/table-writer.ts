/**
 * Writers of the bureau tables: CSV in UTF-8 or GB18030 (fields quoted only where they must be),
 * and `.xlsx` through exceljs's streaming writer, made byte-identical from run to run (fixed
 * document dates, and every zip entry's timestamp set to the same day).
 * @module
 */
import { once } from "node:events";
import { createWriteStream, readFileSync, writeFileSync } from "node:fs";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";

/** A cell of a table row: text, a number, a date (a date cell in a workbook), or empty. */
export type TableCell = string | number | Date | undefined;

/** Rows to one table file. */
export interface TableWriter {
  push(cells: readonly TableCell[]): void;
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** A CSV field, quoted when it holds a delimiter, a quote or a line break. */
function csvCell(cell: TableCell): string {
  const text = cell === undefined ? "" : cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV table writer.
 *
 * @param path - The file.
 * @param header - Header cells.
 * @param encoding - `utf-8` or `gb18030`.
 * @returns The writer.
 * @example
 * const out = csvTableWriter("投诉举报.csv", ["投诉举报编号", "类别"], "utf-8"); out.push(["C1", "投诉"]); await out.close();
 */
export function csvTableWriter(path: string, header: readonly string[], encoding: "utf-8" | "gb18030"): TableWriter {
  const stream = createWriteStream(path);
  let lines: string[] = [header.map(csvCell).join(",")];
  const write = (): void => {
    if (lines.length === 0) return;
    const text = `${lines.join("\n")}\n`;
    lines = [];
    stream.write(encoding === "utf-8" ? text : iconv.encode(text, "gb18030"));
  };
  return {
    push(cells) {
      lines.push(cells.map(csvCell).join(","));
      if (lines.length >= 8192) write();
    },
    async drain() {
      write();
      if (stream.writableNeedDrain) await once(stream, "drain");
    },
    async close() {
      write();
      stream.end();
      await once(stream, "finish");
    },
  };
}

/** The most rows of one worksheet (Excel's limit is 1,048,576 with the header). */
const SHEET_ROWS = 1_000_000;

/**
 * An `.xlsx` table writer: one worksheet named `sheet` (then `sheet_2`, … past a million rows),
 * date cells formatted `yyyy-mm-dd`, byte-identical for the same rows and `day`.
 *
 * @param path - The file.
 * @param sheet - Worksheet name.
 * @param header - Header cells.
 * @param day - The workbook's creation date and every zip entry's timestamp.
 * @returns The writer.
 * @example
 * const out = xlsxTableWriter("严重违法失信名单.xlsx", "严重违法失信名单", ["列入记录编号"], new Date(Date.UTC(2026, 9, 31))); await out.close();
 */
export function xlsxTableWriter(path: string, sheet: string, header: readonly string[], day: Date): TableWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  workbook.creator = "creditclass";
  workbook.created = day;
  workbook.modified = day;
  let sheets = 1;
  let worksheet = workbook.addWorksheet(sheet);
  let rows = 0;
  worksheet.addRow([...header]).commit();
  return {
    push(cells) {
      if (rows === SHEET_ROWS) {
        worksheet.commit();
        worksheet = workbook.addWorksheet(`${sheet}_${++sheets}`);
        worksheet.addRow([...header]).commit();
        rows = 0;
      }
      const row = worksheet.addRow(cells.map((c) => (c === undefined ? null : c)));
      cells.forEach((c, i) => {
        if (c instanceof Date) row.getCell(i + 1).numFmt = "yyyy-mm-dd";
      });
      row.commit();
      rows++;
    },
    async drain() {},
    async close() {
      worksheet.commit();
      await workbook.commit();
      fixZipTimes(path, day);
    },
  };
}

/**
 * Sets every entry's modification time in a zip file to `day` (00:00), in the central directory
 * and in each local header, so the same content gives the same bytes.
 */
function fixZipTimes(path: string, day: Date): void {
  const zip = readFileSync(path);
  const dosDate = ((day.getUTCFullYear() - 1980) << 9) | ((day.getUTCMonth() + 1) << 5) | day.getUTCDate();
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error(`${path}: not a zip file`);
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let k = 0; k < entries; k++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${path}: bad central directory`);
    zip.writeUInt16LE(0, at + 12);
    zip.writeUInt16LE(dosDate, at + 14);
    const local = zip.readUInt32LE(at + 42);
    zip.writeUInt16LE(0, local + 10);
    zip.writeUInt16LE(dosDate, local + 12);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  writeFileSync(path, zip);
}
