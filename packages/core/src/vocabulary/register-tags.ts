/**
 * Register tags (标注体系): the one way a stored `tags` text becomes a list.
 * @module
 */

/**
 * Splits a register's `tags` text (`;`-separated) into tags, trimmed, empty ones dropped, first
 * occurrence kept. Every package reads tags through this function, so a tag-scoped rule, a
 * sampling stratum and a model selector see the same tags.
 *
 * @param text - The stored text, or nothing.
 * @returns The tags in their order.
 * @example
 * parseTags(" food ; new_business;;food") //=> ["food", "new_business"]
 * @category Vocabulary
 */
export function parseTags(text: string | null | undefined): string[] {
  if (text === null || text === undefined || text === "") return [];
  const out: string[] = [];
  for (const raw of text.split(";")) {
    const tag = raw.trim();
    if (tag !== "" && !out.includes(tag)) out.push(tag);
  }
  return out;
}
