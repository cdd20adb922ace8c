/**
 * Small CSV files (class tables, inspector pools) read into objects keyed by the header.
 * @module
 */
import { ValidationError } from "@creditclass/core";
import { readTextFile, tokenizeCsv } from "@creditclass/ingest";

/**
 * Reads a CSV file (UTF-8 or GB18030) into one object per row; empty cells are omitted.
 *
 * @param path - The file.
 * @param required - Columns the header must have.
 * @returns The rows.
 * @throws {ValidationError} `missing_column` naming each missing column; a line the tokenizer could not read, with its issue.
 * @example
 * await readCsvObjects("classes.csv", ["uscc", "class"])
 */
export async function readCsvObjects(path: string, required: readonly string[]): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  let header: string[] | undefined;
  for await (const batch of tokenizeCsv(readTextFile(path).chunks)) {
    for (const record of batch) {
      if (header === undefined) {
        header = record.fields.map((f) => f.trim());
        const missing = required.filter((c) => !header?.includes(c));
        if (missing.length > 0) {
          throw new ValidationError(
            missing.map((field) => ({
              code: "missing_column" as const,
              file: path,
              line: 1,
              field,
              expected: required.join(", "),
              message: `the header lacks the required column ${field}`,
            })),
          );
        }
        continue;
      }
      // A line the tokenizer could not read (an unbalanced quote, bytes not in the encoding) stops the read, naming it.
      if (record.issue !== undefined) throw new ValidationError([{ ...record.issue, file: path }]);
      const row: Record<string, string> = {};
      header.forEach((h, i) => {
        const v = (record.fields[i] ?? "").trim();
        if (v !== "") row[h] = v;
      });
      rows.push(row);
    }
  }
  return rows;
}
