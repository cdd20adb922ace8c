/**
 * Bilingual domain text: every name, rule and reason carries a Chinese and an English label.
 * @module
 */
import { z } from "zod";

/**
 * The zod schema of a bilingual label `{ zh, en }`: both non-empty, no other key. Every document
 * schema (models, rules, tasks, mappings) uses this one.
 *
 * @example
 * bilingualSchema.parse({ zh: "行政处罚", en: "administrative penalty" }) //=> the same object
 * bilingualSchema.safeParse({ zh: "行政处罚" }).success //=> false
 * @category Vocabulary
 */
export const bilingualSchema = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });

/**
 * A Chinese and an English label.
 * @category Vocabulary
 */
export type Bilingual = z.output<typeof bilingualSchema>;
