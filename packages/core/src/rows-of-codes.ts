/**
 * Matching two lists of enterprise codes: each code's position in the other list.
 * @module
 */

/**
 * Each of `codes`' row in `ids` (−1 when absent). Lists that are both in ascending code order —
 * registers, frames and class tables are read and computed by code — are matched in one merge
 * pass; any other pair through a map, with the same answer. Each list holds distinct codes.
 *
 * @param codes - The codes to look up.
 * @param ids - The rows' codes.
 * @returns One row index per code.
 * @example
 * rowsOfCodes(["A1", "B2", "C3"], ["B2", "C3"]) //=> Int32Array [-1, 0, 1]
 * @category Codes
 */
export function rowsOfCodes(codes: readonly string[], ids: readonly string[]): Int32Array {
  const row = new Int32Array(codes.length).fill(-1);
  let r = 0;
  for (let i = 0; i < codes.length && r < ids.length; i++) {
    if (codes[i] === ids[r]) row[i] = r++;
    else if ((codes[i] as string) > (ids[r] as string)) break;
  }
  // Every id found in order: the lists were ascending (or the ids a subsequence of the codes), and each code's row is known.
  if (r === ids.length) return row;
  const rowOf = new Map(ids.map((id, k) => [id, k] as const));
  return Int32Array.from(codes, (u) => rowOf.get(u) ?? -1);
}
